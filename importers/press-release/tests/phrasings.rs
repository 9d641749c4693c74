//! Phrasings real releases use, each read from a short text written for the
//! test: what an analyst would take from it, and what they would question.

use pledgegraph_importer::{Batch, EntityType, Qualifier};
use pledgegraph_press_release::{extract, Meta};

fn read(text: &str) -> Batch {
    let meta = Meta {
        published: Some("2024-05-15".into()),
        ..Meta::default()
    };
    extract(text.as_bytes(), &meta).unwrap()
}

/// The names of every entity of `kind`.
fn named(batch: &Batch, kind: EntityType) -> Vec<&str> {
    batch
        .entities
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.name.as_str())
        .collect()
}

fn name_of<'b>(batch: &'b Batch, id: &str) -> &'b str {
    &batch.entities.iter().find(|e| e.id == id).unwrap().name
}

/// (operator, jobs) of every commitment.
fn jobs(batch: &Batch) -> Vec<(String, Option<i64>)> {
    batch
        .commitments
        .iter()
        .map(|c| (name_of(batch, &c.operator).to_owned(), c.jobs))
        .collect()
}

#[test]
fn jobs_that_do_not_add_up_are_questioned() {
    let batch = read(
        "Deux conventions ont été signées mardi à Rabat pour 1 000 emplois au total. \
         Atlas Digital s'engage à créer 300 emplois à Fès. Borj Services s'engage à créer 400 emplois à Oujda.",
    );
    assert_eq!(batch.agreements[0].totals.jobs, Some(1000));
    assert_eq!(batch.agreements[0].date.as_deref(), Some("2024-05-14"));
    assert!(
        batch
            .warnings
            .iter()
            .any(|w| w.contains("add up to 700") && w.contains("1000")),
        "{:?}",
        batch.warnings
    );
}

#[test]
fn implausible_investment_per_job_is_questioned() {
    let batch = read("Atlas Digital investira 5 milliards de dirhams à Fès et créera 10 emplois.");
    assert!(
        batch
            .warnings
            .iter()
            .any(|w| w.contains("Atlas Digital") && w.contains("per job")),
        "{:?}",
        batch.warnings
    );
}

#[test]
fn two_figures_for_one_operator_are_questioned() {
    let batch = read(
        "Atlas Digital s'engage à créer 300 emplois à Fès. Plus loin, Atlas Digital s'engage à créer 500 emplois.",
    );
    assert_eq!(jobs(&batch), [("Atlas Digital".to_owned(), Some(300))]);
    assert!(
        batch
            .warnings
            .iter()
            .any(|w| w.contains("300") && w.contains("500")),
        "{:?}",
        batch.warnings
    );
}

#[test]
fn capitals_typos_and_typography() {
    // Capitals, a doubled accent, curly apostrophes, no-break spaces.
    let batch = read(
        "ORION DIGITAL MAROC, filiale du groupe Orion Holding, s\u{2019}engage à crééer 1\u{202F}200 emplois \
         à Fez d\u{2019}ici 2026, en plus des 300 qu\u{2019}elle emploie actuellement.",
    );
    let c = &batch.commitments[0];
    assert_eq!(name_of(&batch, &c.operator), "ORION DIGITAL MAROC");
    assert_eq!((c.jobs, c.existing_jobs), (Some(1200), Some(300)));
    assert_eq!(c.horizon.as_deref(), Some("2026"));
    assert_eq!(name_of(&batch, &c.cities[0]), "Fès");
    assert_eq!(batch.relations[0].kind, "subsidiary_of");
    assert_eq!(name_of(&batch, &batch.relations[0].to), "Orion Holding");
}

#[test]
fn qualifiers_and_money() {
    let batch = read(
        "Sahel Foods investira 1,7 milliard de dirhams à Agadir et créera près de 800 emplois. \
         Nexa Cables s'engage à créer plus de 250 emplois à Tanger pour 91 MDT. \
         Kora Pharma recrutera jusqu'à 120 ingénieurs à Rabat pour €2 bn.",
    );
    let got: Vec<_> = batch
        .commitments
        .iter()
        .map(|c| {
            (
                name_of(&batch, &c.operator).to_owned(),
                c.jobs,
                c.jobs_qualifier,
                c.investment
                    .as_ref()
                    .map(|m| (m.amount, m.currency.clone())),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Sahel Foods".into(),
                Some(800),
                Some(Qualifier::About),
                Some((1.7e9, "MAD".into()))
            ),
            (
                "Nexa Cables".into(),
                Some(250),
                Some(Qualifier::AtLeast),
                Some((91e6, "TND".into()))
            ),
            (
                "Kora Pharma".into(),
                Some(120),
                Some(Qualifier::UpTo),
                Some((2e9, "EUR".into()))
            ),
        ]
    );
}

#[test]
fn english_releases() {
    let batch = read(
        "The Minister of Industry and Trade, Karim Alaoui, chaired on Monday in Rabat the signing of \
         two memorandums of understanding. Vela Motors, a subsidiary of the Japanese group Vela Corp, \
         will create 2,000 jobs in Tangier by 2027. Brio Seating undertakes to create 450 jobs in Kenitra.",
    );
    let a = &batch.agreements[0];
    assert_eq!(a.kind, "memorandum_of_understanding");
    assert_eq!(a.count, Some(2));
    assert_eq!(a.date.as_deref(), Some("2024-05-13"));
    assert_eq!(a.venue.as_deref(), Some("Rabat"));
    assert_eq!(
        jobs(&batch),
        [
            ("Vela Motors".to_owned(), Some(2000)),
            ("Brio Seating".to_owned(), Some(450))
        ]
    );
    assert!(batch
        .relations
        .iter()
        .any(|r| r.kind == "minister_of" && name_of(&batch, &r.from) == "Karim Alaoui"));
    assert_eq!(batch.document.language.as_deref(), Some("en"));
}

#[test]
fn a_truncated_release_still_gives_what_it_says() {
    let batch = read("Atlas Digital s'engage à créer 300 emplois à Fès pour un investissement de 30 millions de dirh");
    assert_eq!(jobs(&batch), [("Atlas Digital".to_owned(), Some(300))]);
}

#[test]
fn evidence_is_the_sentence_in_the_original_bytes() {
    let text = "Préambule.\nAtlas Digital s\u{2019}engage à créer 300 emplois à Fès.";
    let batch = read(text);
    let pledgegraph_importer::Evidence::Span { start, end } = batch.commitments[0].evidence[0]
    else {
        panic!("a span");
    };
    assert_eq!(
        &text[start..end],
        "Atlas Digital s\u{2019}engage à créer 300 emplois à Fès."
    );
}

#[test]
fn text_that_is_not_utf8_is_refused_with_its_name() {
    let meta = Meta {
        file_name: Some("release.txt".into()),
        ..Meta::default()
    };
    let err = extract(b"Cr\xe9ation de 300 emplois", &meta).unwrap_err();
    assert!(
        err.message.contains("release.txt") && err.message.contains("UTF-8"),
        "{err}"
    );
}

fn read_at(text: &str, published: &str) -> Batch {
    let meta = Meta {
        published: Some(published.into()),
        ..Meta::default()
    };
    extract(text.as_bytes(), &meta).unwrap()
}

/// Operator, jobs, investment, currency, cities.
type Pledge = (String, Option<i64>, Option<f64>, String, Vec<String>);

/// The pledges of every commitment.
fn pledges(batch: &Batch) -> Vec<Pledge> {
    batch
        .commitments
        .iter()
        .map(|c| {
            (
                name_of(batch, &c.operator).to_owned(),
                c.jobs,
                c.investment.as_ref().map(|m| m.amount),
                c.investment
                    .as_ref()
                    .map(|m| m.currency.clone())
                    .unwrap_or_default(),
                c.cities
                    .iter()
                    .map(|x| name_of(batch, x).to_owned())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn a_west_african_release_in_fcfa() {
    let batch = read_at(
        r#"Dakar, le 12 septembre 2023 – L'Agence pour la promotion des investissements et des grands travaux (APIX) a annoncé mardi la signature de deux conventions d'investissement avec les sociétés Teranga Agro et SenCiment SA, pour un montant total de 60 milliards de FCFA et la création de 1 400 emplois directs.

Teranga Agro, filiale du groupe ivoirien Sifca, implantera une unité de transformation de noix de cajou à Ziguinchor, pour 25 milliards de FCFA et 900 emplois d'ici 2025.

SenCiment SA investira 35 milliards de FCFA dans une cimenterie à Thiès et emploiera 500 personnes.

Le directeur général de l'APIX, Bakary Séga Bathily, a salué « des projets structurants pour l'économie sénégalaise »."#,
        "2023-09-13",
    );
    assert_eq!(
        pledges(&batch),
        [
            (
                "Teranga Agro".into(),
                Some(900),
                Some(25e9),
                "XOF".into(),
                vec!["Ziguinchor".into()]
            ),
            (
                "SenCiment SA".into(),
                Some(500),
                Some(35e9),
                "XOF".into(),
                vec!["Thiès".into()]
            ),
        ],
        "the dateline's Dakar is where the release was written, not where anything goes"
    );
    let a = &batch.agreements[0];
    assert_eq!(
        (a.kind.as_str(), a.count, a.date.as_deref()),
        ("investment_agreement", Some(2), Some("2023-09-12"))
    );
    let parties: Vec<&str> = a.parties.iter().map(|p| name_of(&batch, p)).collect();
    assert!(
        parties.contains(&"Agence pour la promotion des investissements et des grands travaux"),
        "{parties:?}"
    );
    let sifca = batch.entities.iter().find(|e| e.name == "Sifca").unwrap();
    assert_eq!(
        sifca.attributes.get("country").map(String::as_str),
        Some("CI")
    );
}

#[test]
fn an_english_release_with_an_agency_and_two_suppliers() {
    let batch = read_at(
        r#"Tunis, 4 April 2024 – The Foreign Investment Promotion Agency (FIPA) announced on Thursday that the German automotive supplier Kromberg & Schubert will open a new wiring plant in Béja, an investment of 45 million dinars expected to create 1,200 jobs by 2026.

The company already employs 6,000 people in Tunisia across three sites.

Separately, the Italian group Marelli plans to expand its Sousse site with an investment of 12 million euros and 300 new jobs."#,
        "2024-04-05",
    );
    assert_eq!(
        pledges(&batch),
        [
            (
                "Kromberg & Schubert".into(),
                Some(1200),
                Some(45e6),
                "TND".into(),
                vec!["Béja".into()]
            ),
            (
                "Marelli".into(),
                Some(300),
                Some(12e6),
                "EUR".into(),
                vec!["Sousse".into()]
            ),
        ]
    );
    let agency = batch
        .entities
        .iter()
        .find(|e| e.aliases.contains(&"FIPA".to_owned()))
        .unwrap();
    assert_eq!(agency.name, "Foreign Investment Promotion Agency");
}

#[test]
fn a_minister_delegate_and_a_date_last_month() {
    let batch = read_at(
        r#"Le ministre délégué auprès du ministre de l'Économie et des Finances, chargé du Budget, Fouzi Lekjaa, et le ministre de l'Industrie et du Commerce, Ryad Mezzour, ont procédé le 3 mars dernier à la signature d'un protocole d'accord avec le groupe chinois BYD pour l'implantation d'une usine de batteries à Tanger.

Ce projet, d'un montant de 2,3 milliards de dollars, permettra la création de 2 500 emplois à l'horizon 2026. BYD Auto Industry Morocco, filiale marocaine du constructeur, en assurera l'exploitation."#,
        "2024-04-05",
    );
    let posts: Vec<(&str, &str)> = batch
        .relations
        .iter()
        .filter(|r| r.kind == "minister_of")
        .map(|r| (name_of(&batch, &r.from), name_of(&batch, &r.to)))
        .collect();
    assert!(
        posts.contains(&("Fouzi Lekjaa", "Ministère du Budget")),
        "{posts:?}"
    );
    assert_eq!(batch.agreements[0].date.as_deref(), Some("2024-03-03"));
    assert_eq!(
        pledges(&batch),
        [(
            "BYD".into(),
            Some(2500),
            Some(2.3e9),
            "USD".into(),
            vec!["Tanger".into()]
        )]
    );
}

/// Projects approved by a commission: no signature, but an event with its
/// figures, and the operators the text names.
#[test]
fn projects_approved_by_a_commission() {
    let batch = read_at(
        r#"RABAT – Le Chef du gouvernement, Aziz Akhannouch, a présidé jeudi la 32e session de la Commission des investissements, qui a approuvé 47 projets d'un montant global de 12,4 milliards de dirhams, devant créer 8 950 emplois directs et indirects.

Parmi ces projets figurent l'extension de l'usine de Renault à Tanger, pour 2 milliards de dirhams, et la construction par Stellantis d'une unité de moteurs à Kénitra, avec 1 200 emplois à la clé.

Le secteur de l'automobile représente désormais 22 % du PIB industriel."#,
        "2024-05-03",
    );
    let a = &batch.agreements[0];
    assert_eq!(a.kind, "announcement");
    assert_eq!(
        (
            a.totals.jobs,
            a.totals.investment.as_ref().map(|m| m.amount)
        ),
        // "8 950 emplois directs et indirects" counts no direct jobs.
        (None, Some(12.4e9))
    );
    assert_eq!(
        pledges(&batch),
        [
            (
                "Renault".into(),
                None,
                Some(2e9),
                "MAD".into(),
                vec!["Tanger".into()]
            ),
            (
                "Stellantis".into(),
                Some(1200),
                None,
                String::new(),
                vec!["Kénitra".into()]
            ),
        ]
    );
}

/// Two companies sign together: "le projet" is theirs, the event's figures.
#[test]
fn a_joint_project_is_the_event() {
    let batch = read_at(
        r#"Casablanca, 2 mai 2024 - Le groupe OCP et la société Fertinova ont signé un accord d'investissement de 7 milliards de dirhams pour la construction d'une usine d'engrais à Jorf Lasfar. Le projet devrait créer près de 1.500 emplois d'ici fin 2027, a indiqué la ministre de la Transition énergétique et du Développement durable, Leila Benali."#,
        "2024-05-03",
    );
    assert!(batch.commitments.is_empty(), "{:?}", pledges(&batch));
    let totals = &batch.agreements[0].totals;
    assert_eq!(
        (totals.jobs, totals.horizon.as_deref()),
        (Some(1500), Some("2027"))
    );
    assert_eq!(totals.investment.as_ref().map(|m| m.amount), Some(7e9));
}

/// Towns the gazetteer does not list, placed by the phrasing.
#[test]
fn towns_named_by_their_sites() {
    let batch = read(
        "Norelia va investir 30 millions d'euros sur ses sites de Vernouillet et de Gien. \
         Calyx recrutera 80 personnes à Saint-Priest (Rhône).",
    );
    assert_eq!(
        pledges(&batch),
        [
            (
                "Norelia".into(),
                None,
                Some(30e6),
                "EUR".into(),
                vec!["Vernouillet".into(), "Gien".into()]
            ),
            (
                "Calyx".into(),
                Some(80),
                None,
                String::new(),
                vec!["Saint-Priest".into()]
            ),
        ]
    );
}

#[test]
fn bulleted_items_that_open_on_a_name_are_operators() {
    let batch = read(
        "Trois projets ont été annoncés lundi à Lille.\n\
         - Nordal (Norvège), qui investira 40 millions d'euros à Dunkerque et créera 120 emplois.\n\
         - Vexa Labs, spécialiste des capteurs, investira 12 millions d'euros à Douai et créera 45 emplois.\n",
    );
    let mut found = jobs(&batch);
    found.sort();
    assert_eq!(
        found,
        [
            ("Nordal".to_owned(), Some(120)),
            ("Vexa Labs".to_owned(), Some(45))
        ]
    );
}

#[test]
fn a_governors_announcement_in_dollars_of_the_country() {
    let batch = read(
        "Gov. Dana Whitfield announced today that Kestrel Foods Ltd. will invest $45-million \
         and create 80 jobs at its plant in Lethbridge, Alberta, with a $2 million grant \
         from the province.",
    );
    let people: Vec<&str> = batch
        .entities
        .iter()
        .filter(|e| e.kind.as_str() == "person")
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(people, ["Dana Whitfield"]);
    let commitment = &batch.commitments[0];
    assert_eq!(name_of(&batch, &commitment.operator), "Kestrel Foods Ltd");
    let investment = commitment.investment.as_ref().unwrap();
    assert_eq!(
        (investment.amount, investment.currency.as_str()),
        (45e6, "CAD")
    );
    assert_eq!(commitment.jobs, Some(80));
    assert_eq!(batch.agreements[0].date.as_deref(), Some("2024-05-15"));
}

#[test]
fn the_company_a_release_is_about_takes_figures_that_name_no_operator() {
    // Northwind is named three times, its lender once: the figures are
    // Northwind's, not the event's.
    let batch = read(
        "Northwind Cells will build a battery plant in Sunderland. \
         The plant represents an investment of £800m and up to 900 jobs. \
         Harbour Bank leads the lenders. Northwind said the site opens in 2027. \
         Northwind Cells thanked the government.",
    );
    let commitment = batch
        .commitments
        .iter()
        .find(|c| name_of(&batch, &c.operator) == "Northwind Cells")
        .expect("Northwind Cells' commitment");
    assert_eq!(commitment.jobs, Some(900));
    assert_eq!(
        commitment.investment.as_ref().map(|m| m.amount),
        Some(800e6)
    );
    assert!(batch
        .commitments
        .iter()
        .all(|c| name_of(&batch, &c.operator) != "Harbour Bank"));
}

#[test]
fn a_head_of_government_is_not_a_ministry_and_a_domain_ends_at_the_next_minister() {
    let batch = read(
        "Loomcraft Textiles signed an MoU with the state government in Bengaluru in the presence \
         of the Chief Minister of Karnataka Arjun Rao and the Union Minister for Textiles Meena Iyer. \
         Le ministre du Commerce ainsi que le wali étaient présents.",
    );
    let ministries = named(&batch, EntityType::Ministry);
    assert!(
        ministries.iter().all(|m| !m.contains("Karnataka")),
        "{ministries:?}"
    );
    assert!(
        ministries.contains(&"Ministère du Commerce"),
        "{ministries:?}"
    );
}

#[test]
fn people_quoted_by_a_verb_of_speech_are_people() {
    let batch = read(
        "Harbourline Foods will add 120 jobs at its plant in Kingston. \
         \"This is a great day,\" said Priya Menon, the plant's manager. \
         Authority Board Chairman Tom Ellery said the port would grow. \
         Selon Karim Bennani, l'usine ouvrira en 2026.",
    );
    let people = named(&batch, EntityType::Person);
    assert!(people.contains(&"Priya Menon"), "{people:?}");
    assert!(people.contains(&"Karim Bennani"), "{people:?}");
    assert!(people.iter().all(|p| !p.contains("Board")), "{people:?}");
}

#[test]
fn a_partner_list_opening_a_sentence_or_with_articles_names_every_company() {
    let batch = read(
        "Trois mémorandums d'entente ont été signés mardi à Rabat. Il s'agit de Vantel, \
         Orbis Data et la SOMELEC. With Ontario's support, the plan moves on. \
         La société ACC investira 30 millions de dollars à Noida.",
    );
    let companies = named(&batch, EntityType::Company);
    for name in ["Vantel", "Orbis Data", "SOMELEC", "ACC"] {
        assert!(companies.contains(&name), "{name} in {companies:?}");
    }
    assert!(
        companies.iter().all(|c| !c.contains("Ontario")),
        "{companies:?}"
    );
    assert!(batch.entities.iter().any(|e| e.name == "Noida"));
    assert!(batch.entities.iter().all(|e| e.name != "Accra"));
}

#[test]
fn an_institution_a_title_names_is_not_a_company() {
    let batch = read(
        "Le président de l'Assemblée nationale, Jean Koffi, a salué le projet. \
         Atlas Textiles investira 20 milliards de FCFA à Bouaké et créera 800 emplois.",
    );
    let companies = named(&batch, EntityType::Company);
    assert_eq!(companies, ["Atlas Textiles"]);
}

#[test]
fn this_investment_points_back_at_the_operator_and_corp_does_not_end_a_sentence() {
    let batch = read(
        "Harbor Seat Corp. USA will build a plant in Savannah. This investment of $72 million \
         will create 450 jobs. Cette initiative permettra l'embauche de 86 personnes.",
    );
    let pledges = jobs(&batch);
    assert_eq!(pledges.len(), 1, "{pledges:?}");
    assert!(pledges[0].0.starts_with("Harbor Seat Corp"), "{pledges:?}");
    assert_eq!(pledges[0].1, Some(450));
    let commitment = &batch.commitments[0];
    assert_eq!(commitment.investment.as_ref().map(|m| m.amount), Some(72e6));
}

#[test]
fn the_count_nearest_the_kind_and_bare_memorandums() {
    let batch = read(
        "Le ministre a signé huit conventions avec des équipementiers à Tanger. \
         Atlas Câbles créera 300 emplois.",
    );
    assert_eq!(batch.agreements[0].count, Some(8));
    let batch =
        read("Deux mémorandums ont été signés à Dakar avec Teranga Solar, qui créera 200 emplois.");
    assert_eq!(batch.agreements[0].kind, "memorandum_of_understanding");
    assert_eq!(batch.agreements[0].count, Some(2));
}

#[test]
fn savings_salaries_and_counts_of_things_are_not_investment() {
    let batch = read(
        "Keystone Fabrics will invest $40 million in Dayton and create 250 new jobs. \
         The deal will save taxpayers $12 million. The jobs bring $9.5m annually in additional salaries.",
    );
    let invested: Vec<f64> = batch
        .commitments
        .iter()
        .filter_map(|c| c.investment.as_ref().map(|m| m.amount))
        .collect();
    assert_eq!(invested, [40e6]);
    let batch = read(
        "Atlas Phosphates investira 1,135 milliard de dirhams à Safi pour produire 1,2 million \
         de tonnes par an, avec 400 emplois directs et indirects. La société emploie déjà 300 \
         personnes et recrutera 150 personnes supplémentaires.",
    );
    let c = &batch.commitments[0];
    assert_eq!(c.investment.as_ref().map(|m| m.amount), Some(1.135e9));
    assert_eq!(c.jobs, Some(150));
    assert_eq!(c.existing_jobs, Some(300));
}

#[test]
fn the_city_of_the_signing_or_of_a_region_is_not_where_an_operator_invests() {
    let batch = read(
        "Un protocole d'accord a été signé à Dakar entre l'Etat et Teranga Solar. \
         Teranga Solar investira 30 milliards de FCFA et créera 200 emplois.",
    );
    assert!(
        batch.commitments[0].cities.is_empty(),
        "{:?}",
        batch.commitments
    );
    let batch = read("Northfield Robotics will add 60 jobs in the Belleville area over two years.");
    assert!(
        batch.commitments[0].cities.is_empty(),
        "{:?}",
        batch.commitments
    );
}

#[test]
fn the_date_of_a_dated_line_a_gathering_or_a_decision() {
    let dated_line = read_at(
        "Province backs two food plants\n\nMay 2, 2024\n\nThe province will give $250,000 to \
         Lakeshore Foods, which will create 30 jobs in Kingston.",
        "2024-05-03",
    );
    assert_eq!(dated_line.agreements[0].date.as_deref(), Some("2024-05-02"));
    let gathering = read_at(
        "Lors du Forum économique de Libreville le 29 mai, Okoumé Bois a annoncé 40 milliards \
         de FCFA d'investissement.",
        "2024",
    );
    assert_eq!(gathering.agreements[0].date.as_deref(), Some("2024-05-29"));
    let decided = read_at(
        "Morocco and Orient Parks decided on Monday to invest $500 million in Kenitra. \
         On May 11, 2016, the two countries signed a joint statement.",
        "2017-03-21",
    );
    assert_eq!(decided.agreements[0].date.as_deref(), Some("2017-03-20"));
}

#[test]
fn an_inauguration_binds_its_operator_and_the_state_binds_for_its_ministers() {
    let opening = read(
        "Le ministre de l'Industrie a inauguré mardi l'usine de Sahel Motors à Sousse, \
         un investissement de 40 millions de dinars pour 300 emplois.",
    );
    let parties: Vec<&str> = opening.agreements[0]
        .parties
        .iter()
        .map(|p| name_of(&opening, p))
        .collect();
    assert_eq!(parties, ["Sahel Motors"]);
    let convention = read(
        "Une convention d'investissement a été signée entre l'État marocain, représenté par le \
         ministre de l'Investissement, et la société Nordvolt Cells pour une usine de 5 milliards de dirhams.",
    );
    let parties: Vec<&str> = convention.agreements[0]
        .parties
        .iter()
        .map(|p| name_of(&convention, p))
        .collect();
    assert!(
        parties.iter().all(|p| !p.starts_with("Ministère")),
        "{parties:?}"
    );
    assert!(parties.contains(&"Nordvolt Cells"), "{parties:?}");
}

#[test]
fn who_leads_a_firm_and_where_it_is_from_are_not_its_name() {
    let batch = read(
        "Ravi Kumar-led Deccan Circuits Limited and Korea's Hanul Semicon signed an MoU with \
         the state government. The Deccan-Hanul group will invest Rs 20,000 crore.",
    );
    let companies = named(&batch, EntityType::Company);
    assert!(
        companies.contains(&"Deccan Circuits Limited"),
        "{companies:?}"
    );
    assert!(
        companies
            .iter()
            .all(|c| !c.contains("Kumar") && !c.contains(" and ")),
        "{companies:?}"
    );
    assert!(
        batch.relations.iter().all(|r| r.kind != "subsidiary_of"),
        "{:?}",
        batch.relations
    );
}

#[test]
fn towns_the_gazetteer_lacks_are_read_from_how_they_are_named() {
    let batch = read(
        "Sahara Ciments construira une cimenterie à Tinkart, dans la zone industrielle de \
         Oued Sefrou. À Ksar Tilal, Nour Agro créera 120 emplois. L'usine est située au village Taghit.",
    );
    let cities = named(&batch, EntityType::City);
    for town in ["Tinkart", "Oued Sefrou", "Taghit"] {
        assert!(cities.contains(&town), "{town} in {cities:?}");
    }
}

#[test]
fn a_public_group_named_in_full_with_its_acronym_is_a_company() {
    let batch = read(
        "Le groupe Office national des mines (ONAM) a inauguré mardi une usine d'engrais à Safi. \
         Le projet de l'ONAM représente 2 milliards de dirhams et 300 emplois.",
    );
    let company = batch
        .entities
        .iter()
        .find(|e| e.kind == EntityType::Company)
        .expect("a company");
    assert_eq!(company.name, "Office national des mines");
    assert!(company.aliases.contains(&"ONAM".to_owned()));
    assert!(batch.entities.iter().all(|e| e.kind != EntityType::Agency));
    assert_eq!(
        jobs(&batch),
        [("Office national des mines".to_owned(), Some(300))]
    );
}

#[test]
fn one_operator_told_twice_keeps_what_the_release_says_first() {
    let batch = read(
        "New $30 million bakery in Halton to create 70 jobs\n\n\
         MapleCrust Foods invested $25 million in the bakery, which will create 60 jobs.",
    );
    assert_eq!(jobs(&batch), [("MapleCrust Foods".to_owned(), Some(70))]);
    assert_eq!(
        batch.commitments[0].investment.as_ref().map(|m| m.amount),
        Some(30e6)
    );
    assert!(batch.agreements[0].totals.jobs.is_none());
    // A sum stated over several firms stays the event's.
    let batch = read(
        "Two companies will invest a combined $14 million and create 37 jobs. \
         MapleCrust Foods will invest $5 million and create 14 jobs.",
    );
    assert_eq!(batch.agreements[0].totals.jobs, Some(37));
    assert_eq!(jobs(&batch), [("MapleCrust Foods".to_owned(), Some(14))]);
}

#[test]
fn names_in_a_row_with_a_company_are_companies() {
    let batch = read(
        "Northwind Cells will build a £900m plant in Sunderland. Its lenders are Harbour Bank, \
         Norrland Kapital, Meridian Trust and Castellan. The minister in charge of the Budget, \
         Ann Shaw and the mayor attended.",
    );
    let companies = named(&batch, EntityType::Company);
    for name in [
        "Harbour Bank",
        "Norrland Kapital",
        "Meridian Trust",
        "Castellan",
    ] {
        assert!(companies.contains(&name), "{name} in {companies:?}");
    }
    assert!(companies.iter().all(|c| *c != "Budget"), "{companies:?}");
}

#[test]
fn a_firm_described_by_its_nationality_or_its_country_in_brackets() {
    let batch = read(
        "La multinationale française Vitralis a signé une convention à Kénitra. \
         Parmi les investisseurs figure aussi Nordhavn (Danemark), pour 50 millions d'euros.",
    );
    let companies = named(&batch, EntityType::Company);
    assert!(companies.contains(&"Vitralis"), "{companies:?}");
    assert!(companies.contains(&"Nordhavn"), "{companies:?}");
}

#[test]
fn a_stated_total_keeps_its_parts_as_observations() {
    let batch = read(
        "The ministry signed 12 investment agreements for a total of MAD 500 million. \
         Seven agreements in the textile sector amount to MAD 300 million and will create 900 jobs. \
         Five agreements in the automotive sector amount to MAD 200 million.",
    );
    let totals = &batch.agreements[0].totals;
    assert_eq!(totals.investment.as_ref().map(|m| m.amount), Some(500e6));
    assert_eq!(totals.jobs, None);
    let mut parts: Vec<f64> = batch.observations.iter().map(|o| o.value).collect();
    parts.sort_by(f64::total_cmp);
    assert_eq!(parts, [900.0, 200e6, 300e6]);
}

#[test]
fn staff_a_firm_has_today_are_existing_jobs() {
    let batch = read(
        "Kestrel Analytics will add 150 jobs at its Belfast office. \
         At present, Kestrel Analytics employs 180 people there.",
    );
    let c = &batch.commitments[0];
    assert_eq!((c.jobs, c.existing_jobs), (Some(150), Some(180)));
}

#[test]
fn an_operators_second_site_adds_up() {
    let batch = read(
        "Atlas Foods signed two agreements with the ministry. Atlas Foods will invest MAD 100 \
         million in a plant in Fès and create 200 jobs. Atlas Foods will also invest MAD 50 million \
         in a second plant in Agadir and create 80 jobs.",
    );
    let c = &batch.commitments[0];
    assert_eq!(c.jobs, Some(280));
    assert_eq!(c.investment.as_ref().map(|m| m.amount), Some(150e6));
    assert_eq!(c.cities.len(), 2);
}

#[test]
fn romance_particles_join_a_name() {
    let batch = read("La société Cantieri del Tirreno investira 40 millions d'euros à Tanger.");
    assert!(named(&batch, EntityType::Company).contains(&"Cantieri del Tirreno"));
}

#[test]
fn a_contract_the_firm_won_is_not_the_events_agreement() {
    let batch = read(
        "Kestrel Analytics will create 120 jobs in Belfast after it won a £40m contract \
         with a hospital trust.",
    );
    assert_eq!(batch.agreements[0].kind, "announcement");
    assert!(batch.commitments[0].investment.is_none());
}

#[test]
fn jobs_with_a_compound_adjective_and_employment_opportunities() {
    let batch = read("Lumio Chips will create 30 high-paying jobs in Lafayette.");
    assert_eq!(jobs(&batch), [("Lumio Chips".to_owned(), Some(30))]);
    let batch = read("Deccan Circuits will create 5,000 new employment opportunities in Pune.");
    assert_eq!(jobs(&batch), [("Deccan Circuits".to_owned(), Some(5000))]);
}

#[test]
fn a_day_after_a_titled_name_is_not_part_of_it() {
    let batch = read(
        "President Amani Wekesa Wednesday inaugurated the Rift Cement Company plant in Kajiado, \
         which will employ 700 people.",
    );
    assert!(named(&batch, EntityType::Person).contains(&"Amani Wekesa"));
}

/// (person, ministry) of every `minister_of` relation.
fn ministers(batch: &Batch) -> Vec<(&str, &str)> {
    batch
        .relations
        .iter()
        .filter(|r| r.kind == "minister_of")
        .map(|r| (name_of(batch, &r.from), name_of(batch, &r.to)))
        .collect()
}

#[test]
fn a_portfolio_listed_with_commas_and_a_minister_named_without_one() {
    let batch = read(
        "\"We welcome it,\" said Dana Whitlock, Minister of Economic Growth, Skills \
         and Trade. The signing was attended by the Union Minister for Electronics and Information \
         Technology Rakesh Varma.",
    );
    let posts = ministers(&batch);
    assert!(
        posts.contains(&(
            "Dana Whitlock",
            "Ministry of Economic Growth, Skills and Trade"
        )),
        "{posts:?}"
    );
    assert!(
        posts.contains(&(
            "Rakesh Varma",
            "Ministry of Electronics and Information Technology"
        )),
        "{posts:?}"
    );
    assert!(!named(&batch, EntityType::Person).contains(&"Skills"));
}

#[test]
fn a_head_of_government_named_with_the_place() {
    let batch = read(
        "The agreement was signed in the presence of the Chief Minister of Karnataka Suresh \
         Gowda in Bengaluru.",
    );
    assert!(named(&batch, EntityType::Person).contains(&"Suresh Gowda"));
    assert!(named(&batch, EntityType::Ministry).is_empty());
}

#[test]
fn a_government_named_by_its_nationality_is_the_countrys() {
    let batch = read(
        "The Moroccan government signed a memorandum with Delta Motors. The Government of \
         Morocco will support the plant in Tangier.",
    );
    let governments: Vec<&str> = named(&batch, EntityType::Agency)
        .into_iter()
        .filter(|n| n.contains("overnment"))
        .collect();
    assert_eq!(governments.len(), 1, "{governments:?}");
}

#[test]
fn a_body_named_in_apposition_to_what_it_is() {
    let batch = read(
        "The Ministry of Investment and the regional employers' confederation, Unió Empresarial \
         del Vallès, signed three memorandums worth 200 million dirhams, expected to create 300 \
         jobs in Tangier.",
    );
    assert!(named(&batch, EntityType::Organization).contains(&"Unió Empresarial del Vallès"));
    assert!(named(&batch, EntityType::Company).is_empty());
}

#[test]
fn places_joined_by_and_are_no_company() {
    let batch = read(
        "Five agreements were signed in Rabat. The projects are part of a rapprochement between \
         Rabat and Madrid.",
    );
    assert!(named(&batch, EntityType::Company).is_empty());
}

#[test]
fn a_town_that_names_a_facility_and_the_staff_it_employs() {
    let batch = read(
        "Maple Foods has announced a $300-million investment in its Alberta-based Lakeview \
         facility. Maple Foods has run a plant in Lakeview since 2001. Currently, it employs \
         approximately 120 people there. The expansion will add 150 jobs.",
    );
    assert!(named(&batch, EntityType::City).contains(&"Lakeview"));
    assert!(!named(&batch, EntityType::Company).contains(&"Lakeview"));
    let c = &batch.commitments[0];
    assert_eq!((c.jobs, c.existing_jobs), (Some(150), Some(120)));
}

#[test]
fn a_sum_before_the_one_company_and_a_firm_called_a_giant() {
    let batch = read(
        "Ministers toured the R500 million Vukani modern tile \
         factory in Polokwane. Cabinet also noted that mining giant Umbono \
         Resources's launch of an electric truck answers President Thabo Ndlovu's call.",
    );
    let companies = named(&batch, EntityType::Company);
    assert!(companies.contains(&"Vukani"), "{companies:?}");
    assert!(companies.contains(&"Umbono Resources"), "{companies:?}");
    assert!(named(&batch, EntityType::Person).contains(&"Thabo Ndlovu"));
    let vukani = batch
        .commitments
        .iter()
        .find(|c| name_of(&batch, &c.operator) == "Vukani")
        .expect("Vukani's commitment");
    assert_eq!(vukani.investment.as_ref().map(|m| m.amount), Some(500e6));
}

#[test]
fn two_complexes_pointed_back_at_add_up_and_areas_are_no_money() {
    let batch = read(
        "Riyadh, May 2, 2024: In the presence of the Minister of Industry and Mineral Resources, \
         His Excellency Mr. Faisal Saad Alqahtani, the authority signed two agreements with \
         Najd Building Systems, whose chairman is Dr. Omar Bin Khalid Alharbi.\n\n\
         The industrial complex in Jeddah, on 1.2 million square meters of land, will receive \
         SAR 900 million. It will create 3,000 job opportunities.\n\n\
         The industrial complex in Dammam, with an investment volume of SAR 300 million, will \
         provide around 1,000 job opportunities.",
    );
    assert!(ministers(&batch).contains(&(
        "Faisal Saad Alqahtani",
        "Ministry of Industry and Mineral Resources"
    )));
    assert!(named(&batch, EntityType::Person).contains(&"Omar Bin Khalid Alharbi"));
    let c = &batch.commitments[0];
    assert_eq!(name_of(&batch, &c.operator), "Najd Building Systems");
    assert_eq!(c.jobs, Some(4000));
    assert_eq!(c.investment.as_ref().map(|m| m.amount), Some(1.2e9));
    assert_eq!(c.cities.len(), 2);
}

#[test]
fn a_firm_named_more_fully_is_one_firm_and_a_unit_in_a_country_is_another() {
    let batch = read(
        "The Lumen Technology Group opened a design office. Lumen will create \
         1,200 jobs. Lumen Africa, its unit, will hire 50 people in Nairobi.",
    );
    let companies = named(&batch, EntityType::Company);
    assert_eq!(companies.len(), 2, "{companies:?}");
    assert!(
        companies.contains(&"Lumen Technology Group"),
        "{companies:?}"
    );
    assert!(batch
        .relations
        .iter()
        .all(|r| r.from != r.to && name_of(&batch, &r.from) != "Lumen Technology Group"));
}

#[test]
fn a_nationality_before_a_known_firm_and_a_legal_form_without_its_last_dot() {
    let batch = read(
        "La société \"Atlas Câbles Maroc S.A\", spécialisée dans le câblage, investira 50 \
         millions de dirhams à Kénitra. The Chinese Hengli Dyeing Zhejiang signed with Hengli \
         Dyeing Zhejiang's partners.",
    );
    let companies = named(&batch, EntityType::Company);
    assert!(
        companies.contains(&"Atlas Câbles Maroc S.A"),
        "{companies:?}"
    );
    assert_eq!(
        companies.iter().filter(|c| c.contains("Hengli")).count(),
        1,
        "{companies:?}"
    );
}

#[test]
fn towns_a_plant_lies_between_and_a_capacity_are_no_companies() {
    let batch = read(
        "Hi, how can we help?\n\nThe Rift Cement Company spent $120 million on a kiln and a \
         12 Mega Watt power plant located between Oloika and Lenkisem in Kajiado \
         County.",
    );
    assert_eq!(named(&batch, EntityType::Company), ["Rift Cement Company"]);
    let cities = named(&batch, EntityType::City);
    assert!(
        cities.contains(&"Oloika") && cities.contains(&"Lenkisem"),
        "{cities:?}"
    );
}

#[test]
fn a_portfolio_in_lower_case_after_charge_and_a_firms_boss() {
    let batch = read(
        "Le ministre d'État chargé du développement industriel, Paul Mabiala, a inauguré la \
         cimenterie. Selon l'industriel nigérian, Musa Bello, patron du groupe Bello Cement, \
         l'usine a coûté 200 millions de dollars.",
    );
    assert!(ministers(&batch).contains(&("Paul Mabiala", "Ministère du Développement industriel")));
    assert!(named(&batch, EntityType::Person).contains(&"Musa Bello"));
}

#[test]
fn a_sentence_that_goes_on_about_the_one_company_named_before() {
    let batch = read(
        "Deux conventions ont été signées. La société Atlas Câbles a scellé un accord pour une \
         nouvelle activité à Tanger. Le montant engagé ? 90 millions de dirhams et 120 \
         emplois créés. La troisième porte sur l'extension de la production de Nordika à Fès, \
         pour 90 emplois.",
    );
    let pledged = jobs(&batch);
    assert!(
        pledged.contains(&("Atlas Câbles".to_owned(), Some(120))),
        "{pledged:?}"
    );
    assert!(
        pledged.contains(&("Nordika".to_owned(), Some(90))),
        "{pledged:?}"
    );
}

#[test]
fn a_home_town_a_surname_and_a_title_after_a_body_place_nothing() {
    let batch = read(
        "Secretary Maria de Cebu opened the plant. De Cebu said Nordika Ltd, a Chicago-based firm, \
         will hire 300 workers in Davao. Ohio Department of Development Commissioner Lydia \
         Mihalik said it was welcome.",
    );
    assert!(!named(&batch, EntityType::City).contains(&"Cebu"));
    let placed: Vec<&str> = batch.commitments[0]
        .cities
        .iter()
        .map(|c| name_of(&batch, c))
        .collect();
    assert_eq!(placed, ["Davao"]);
    assert!(named(&batch, EntityType::Person).contains(&"Lydia Mihalik"));
    assert!(named(&batch, EntityType::Agency).contains(&"Ohio Department of Development"));
}

#[test]
fn a_minister_in_the_presidency() {
    let batch = read(
        "Minister in the Presidency, Thandi Mokoena, says Cabinet has welcomed the investments.",
    );
    assert!(ministers(&batch).contains(&("Thandi Mokoena", "The Presidency")));
}
