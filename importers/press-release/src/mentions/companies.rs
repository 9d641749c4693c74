//! Companies and the groups that own them.

use std::sync::LazyLock;

use pledgegraph_importer::EntityType;
use regex::Regex;

use super::names::{
    clean_name, companylike, re, spelled_as_place, words_in, NAME_ALONE, PLACE_WORDS,
};
use super::{company_key, Mentions};
use crate::pattern::{Gate, Gated};
use crate::vocabulary;

/// "X, filiale de Y", "X, a subsidiary of the Y group", "filiale du groupe Y".
static SUBSIDIARY_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?P<a>NAME)"?\s*(?:,|:|\(|\s)\s*(?:(?:est|is|une|la|a|an|the|sa|its|désormais|now)\s+){0,2}(?i:filiale|subsidiary|unit|unité|branche|division)\s+(?:(?:marocaine|locale|local|moroccan|française|européenne)\s+)?(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d'|of\s+)(?:the\s+)?(?:(?i:groupe|group|géant|leader|multinationale)\s+)?(?:(?:NATIONALITY|\p{Ll}+)\s+)?(?:(?i:groupe|group)\s+)?"?(?P<b>NAME)"#,
    )
});
/// "le groupe Y s'implantera avec sa filiale X", "Y, via sa filiale X".
static PARENT_WITH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i:groupe|group)\s+(?:NATIONALITY\s+)?"?(?P<b>NAME)"?[^.;]*?(?:avec|via|à travers|par|through|with)\s+(?i:sa filiale|la société|sa société|son entité|its subsidiary|the company)\s+"?(?P<a>NAME)"#,
    )
});
/// "X, du groupe Y", "appartenant au groupe Y", "part of the Y group".
static OF_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?P<a>NAME)"?,?\s+(?:(?:du|appartenant\s+au|membre\s+du|part\s+of\s+the|of\s+the)\s+(?i:groupe|group)\s+(?:NATIONALITY\s+)?"?(?P<b>NAME)|(?:part\s+of|owned\s+by|a\s+unit\s+of)\s+(?:the\s+)?"?(?P<c>NAME))"#,
    )
});
/// "les groupes Veridia et Talvo", "le groupe japonais Kasumi", "the NovaBPO group".
static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i:groupes?|groups?)\s+(?:\p{Ll}+\s+){0,4}"?(?P<n>NAME)"?(?:\s*(?:,|\bet\b)\s*"?(?P<m>NAME))?"#,
    )
});
/// "le groupe Office chérifien des phosphates (OCP)": a group's full name in
/// sentence case, then its acronym.
static GROUP_ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?i:groupe|group)\s+(?P<n>\p{Lu}[\p{L}'\- ]{3,60}?)\s+\((?P<acr>\p{Lu}{2,6})\)"#)
});
/// "the NovaBPO group": apart from `GROUP`, whose matches it would hide
/// ("the Italian group Marelli").
static NAME_GROUP: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-i:\bthe\s+)"?(?P<n>NAME)"?\s+group\b"#));
/// "la société (spécialisée dans ...) X", "l'entreprise X", "the company X";
/// the words between describe the firm, they do not start a clause
/// ([`CLAUSE_WORDS`]).
static COMPANY_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"\b(?i:la\s+société|l'entreprise|la\s+firme|l'opérateur|le\s+constructeur|l'équipementier|le\s+fabricant|le\s+producteur|le\s+laboratoire|the\s+company|the\s+firm|operator|the\s+manufacturer)\s+(?P<skip>(?:(?:[\p{Ll}'\-]+|R&D)\s+){0,5}?)"?(?P<n>NAME)"#,
    )
});
/// Verbs and prepositions that open a clause: after them, a capitalised
/// word is no longer the firm's name ("la société ... s'implante à X").
const CLAUSE_WORDS: &[&str] = &[
    "est",
    "a",
    "va",
    "sont",
    "ont",
    "sera",
    "s'engage",
    "s'implante",
    "qui",
    "que",
    "dans",
    "à",
    "en",
    "au",
    "aux",
    "sur",
    "is",
    "was",
    "has",
    "will",
    "would",
    "which",
    "that",
    "in",
    "at",
    "to",
    "hoping",
    "plans",
];
/// "the German automotive supplier Kromberg & Schubert", "the carmaker Stellantis".
static COMPANY_NOUN_EN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"\b(?i:the)\s+(?:[\p{L}\-]+\s+){0,3}?(?:supplier|manufacturer|maker|carmaker|automaker|producer|company|firm|operator|investor|developer|retailer|distributor|laboratory|start-up|startup)\s+"?(?P<n>NAME)"#,
    )
});
/// "BYD Auto Industry Morocco, filiale marocaine du constructeur": a
/// subsidiary, whoever its parent.
static NAMED_SUBSIDIARY: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?P<n>NAME)"?,\s+(?:une\s+|la\s+|a\s+|the\s+)?(?i:filiale|subsidiary)\b"#)
});
/// "l'américain Arvex", "le tunisien «PEC»", "the Japanese Hoshida", "la
/// multinationale française X".
static NATIONAL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"\b(?i:l'|le\s+|la\s+|les\s+|the\s+)(?:(?i:{descriptors})\s+)?NATIONALITY\s+"?(?P<n>NAME)"?"#,
        descriptors = vocabulary::alternation("company_descriptor")
    ))
});
/// "Nordline (Danemark)", "Daiko (Japan)": a name, its country in brackets.
static WITH_COUNTRY: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?P<n>NAME)\s+\((?P<country>\p{Lu}[\p{L}\- ]{2,30})\)"#));
/// A list item's head: "Merck : le laboratoire ...", "- PHONEO: subsidiary ...".
/// Also a bulleted item that opens on a name, its country in brackets:
/// "- Nordal (Norvège), qui ...", "• Vexa Labs, which ...".
static LIST_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?m)^[ \-*•]*"?(?P<n>NAME)"? ?:(?: *$| +[\p{Ll}"(])|^[ ]*[\-*•–][ ]+"?(?P<b>NAME)"?(?:\s*\([^)\n]{2,40}\))?\s*(?:,|–|—)\s+\p{Ll}"#,
    )
});
/// Companies named in a row after a noun that says what they are.
static ENUMERATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i:équipementiers?|opérateurs?|operators?|entreprises?|companies|groupes?|groups|sociétés|investisseurs|investors|constructeurs|manufacturers|industriels|acteurs|players|firmes|laboratoires)\s+(?:[\p{Ll}\-]+\s+){0,3}(?P<list>"?NAME"?(?:\s*(?:,|\bet\b|\band\b)\s*"?NAME"?)+)"#,
    )
});
/// "NAME s'engage à", "NAME va investir", "NAME will create".
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?m)(?:^[ \-*•]*|[.;]\s|,\s)"?(?P<n>NAME)"?(?:\s+enfin|\s+aussi|\s+également|\s+also)?(?:,[^,.]{{3,}},)?\s+(?:y\s+|en\s+)?(?:{verbs})(?:[^\p{{L}}]|$)"#,
        verbs = vocabulary::alternation("commitment_verb")
    ))
});
/// Companies named after what says they are bound: "conventions signées
/// avec X, Y et Z", "letters of intent with X and Y".
static PARTNERS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?:{cues})[ \t]+(?:les\s+|la\s+|le\s+|l'|the\s+)?(?:(?:sociétés|société|groupes|groupe|entreprises|companies|company|firms|firm)\s+)?(?:\p{{Ll}}+\s+)?(?P<list>"?NAME"?(?:\s*(?:,|\bet\b|\band\b|, and)\s*(?:la\s+|le\s+|l'|the\s+)?"?NAME"?)*)"#,
        cues = vocabulary::alternation_any_first_case("partner_cue")
    ))
});
/// "l'usine Marceau", "le complexe industriel d'Aerolis à Nouaceur", and in
/// English "the Vukani plant", "Aerolis's factory".
static FACILITY_OF: LazyLock<Regex> = LazyLock::new(|| {
    let nouns = vocabulary::alternation("facility_noun");
    re(&format!(
        r#"\b(?:{nouns})\s+(?:[“"][^”"]{{1,40}}[”"]\s+)?(?:de\s+|du\s+groupe\s+|d'|of\s+)?"?(?P<n>NAME)"?(?:\s+(?:à|au|en|in|at|near)\s|[,.;:)]|$)|\bthe\s+(?:(?:[\p{{Ll}}\-]+|(?:\p{{Sc}}|\p{{Lu}})\d[\d.,]*(?:\s*(?:million|billion|bn|m))?|\d[\d.,]*\s*(?:million|billion|bn))\s+){{0,3}}(?P<m>NAME)(?:'s)?\s+(?:[\p{{Ll}}\-]+\s+){{0,3}}(?:{nouns})\b|(?P<o>NAME)'s\s+(?:new\s+)?(?:{nouns})\b"#
    ))
});
/// "Mining giant Umbono Resources", "the oil major Vantor": a firm by what
/// the press calls it.
static GIANT: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\b\p{L}[\p{Ll}\-]+\s+(?:giant|major)\s+"?(?P<n>NAME)"#));
/// "Belfast-based IT firm Kestrel", "the Mehta-led Deccan".
static ORIGIN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"\p{{Lu}}[\p{{L}}]+-(?:{suffixes})\s+(?:(?:[\p{{Ll}}\-]+|IT|AI|R&D)\s+){{0,3}}"?(?P<n>NAME)"#,
        suffixes = vocabulary::alternation("origin_suffix")
    ))
});
/// A capitalised name whose last word says it is a firm: "National Cement
/// Company", "Vertex Holdings".
static COMPANY_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?P<n>NAME\s(?:{heads}))(?:\s+[\p{{Ll}}\d(]|[,.;:)"»]|$)"#,
        heads = vocabulary::alternation("company_head")
    ))
});
/// Names followed by a legal form: "Arvex Automotive Morocco SAS",
/// "Kora Industrie-SA", "Lumen Devices (Philippines) Corp.".
static LEGAL_FORM: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?P<n>NAME(?:\s\(\p{{Lu}}[\p{{L}}]+\))?(?:\s|-)(?:{forms}))(?:[^\p{{L}}\p{{N}}]|$)"#,
        forms = vocabulary::alternation("legal_form")
    ))
});
/// "par Orbis Connect à Tanger", "sur le site Renault à Douai".
static WHO_WHERE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"\b(?:par|by|(?:sites?|usines?|unités?|plants?|factory|factories)(?:\s+(?:de|of))?)\s+"?(?P<n>NAME)"?\s+(?:à|au|en|in|at|d')\s?"#,
    )
});
/// "la nouvelle unité de production, Hoshida Wiring Tunisia, ..."
static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"\b(?:unité(?:\s+de\s+production)?|usine|filiale|entité|subsidiary|plant|factory|joint-venture|coentreprise),\s+"?(?P<n>NAME)"?,"#,
    )
});

/// Patterns whose one group `n` names a firm, and nothing more.
static NAMING_ONE: [&LazyLock<Regex>; 11] = [
    &COMPANY_NOUN_EN,
    &GIANT,
    &NAME_GROUP,
    &NAMED_SUBSIDIARY,
    &NATIONAL,
    &LEGAL_FORM,
    &WHO_WHERE,
    &APPOSITION,
    &SUBJECT,
    &ORIGIN,
    &COMPANY_HEAD,
];

/// The patterns of this module, searched together (see [`Gate`]).
static PATTERNS: LazyLock<Gate> = LazyLock::new(|| {
    let others: [&LazyLock<Regex>; 13] = [
        &SUBSIDIARY_OF,
        &PARENT_WITH,
        &OF_GROUP,
        &FACILITY_OF,
        &GROUP_ACRONYM,
        &GROUP,
        &COMPANY_NOUN,
        &LIST_HEAD,
        &PARTNERS,
        &ENUMERATION,
        &LOOSE_SUBSIDIARY,
        &WITH_COUNTRY,
        &COORDINATION,
    ];
    Gate::new(others.iter().chain(&NAMING_ONE).map(|p| &***p).collect())
});

fn add_company(found: &mut Mentions, text: &str, start: usize, end: usize) -> Option<usize> {
    let (start, mut end) = clean_name(text, start, end)?;
    // "Deccan Limited and Korea's Taihe": two firms, the first here.
    if let Some(at) = text[start..end].find(" and ") {
        let rest = &text[start + at + 5..end];
        if rest.split(' ').next().is_some_and(|w| w.ends_with("'s")) {
            end = start + at;
        }
    }
    let name = &text[start..end];
    if !companylike(name) {
        return None;
    }
    let key = company_key(name);
    if key.is_empty() {
        return None;
    }
    // Already something else (a person, a body, a ministry).
    if let Some(other) = found.at(start, end) {
        let thing = &found.things[other];
        if thing.kind != EntityType::Company {
            return None;
        }
    }
    if found.names_another_kind(name) || written_as_a_town(text, name) {
        return None;
    }
    Some(found.add(EntityType::Company, name, key, (start, end)))
}

/// "Lumen Technology Group" beside "Lumen", "Orbis Technologies" beside
/// "Orbis": one firm, named more fully. Only a place in the longer name
/// ("Lumen Africa", "Orbis Cables Morocco") makes it a unit of its own.
fn same_firm(found: &Mentions, child: usize, parent: usize) -> bool {
    let world = pledgegraph_importer::world::world();
    let (child, parent) = (&found.things[child], &found.things[parent]);
    let Some(rest) = child.name.strip_prefix(parent.name.as_str()) else {
        return false;
    };
    rest.starts_with(' ')
        && !rest
            .split([' ', '(', ')', '-', ','])
            .filter(|w| !w.is_empty())
            .any(|w| {
                let folded = pledgegraph_importer::fold(w);
                world.country_named_folded(&folded).is_some()
                    || PLACE_WORDS.contains(&folded.as_str())
                    || world
                        .cities_named_folded(&folded)
                        .iter()
                        .any(|c| spelled_as_place(c, w))
            })
}

/// "its Lakeview facility" where the text also says "in Lakeview": a town
/// the gazetteer knows, not a firm.
fn written_as_a_town(text: &str, name: &str) -> bool {
    let world = pledgegraph_importer::world::world();
    let towns = world.cities_named_folded(&pledgegraph_importer::fold(name));
    if !towns.iter().any(|c| spelled_as_place(c, name)) {
        return false;
    }
    text.match_indices(name).any(|(at, _)| {
        let after = text[at + name.len()..].chars().next();
        let before = &text[crate::normalize::char_floor(text, at.saturating_sub(6))..at];
        !after.is_some_and(char::is_alphanumeric)
            && [" in ", " à ", " near ", " au ", ". In ", "\nIn "]
                .iter()
                .any(|p| before.ends_with(p))
    })
}

pub(super) fn companies(text: &str, found: &mut Mentions) {
    found.index_other_names();
    let lines = PATTERNS.on(text);
    let span = |caps: &regex::Captures, group: &str| caps.name(group).map(|m| (m.start(), m.end()));
    for regex in [&*SUBSIDIARY_OF, &*PARENT_WITH, &*OF_GROUP] {
        for caps in lines.captures_iter(regex) {
            let whole = caps.get(0).expect("group 0");
            let child = span(&caps, "a").and_then(|(s, e)| add_company(found, text, s, e));
            let parent = span(&caps, "b")
                .or_else(|| span(&caps, "c"))
                .and_then(|(s, e)| add_company(found, text, s, e));
            if let (Some(child), Some(parent)) = (child, parent) {
                if child != parent {
                    found
                        .subsidiaries
                        .push((child, parent, (whole.start(), whole.end())));
                }
            }
        }
    }
    for caps in lines.captures_iter(&FACILITY_OF) {
        for group in ["n", "m", "o"] {
            if let Some((s, e)) = span(&caps, group) {
                add_company(found, text, s, e);
            }
        }
    }
    for caps in lines.captures_iter(&GROUP_ACRONYM) {
        let (Some(name), Some(acronym)) = (caps.name("n"), caps.name("acr")) else {
            continue;
        };
        if found.taken(name.start(), acronym.end()) {
            continue;
        }
        let key = company_key(acronym.as_str());
        let i = found.add(
            EntityType::Company,
            name.as_str(),
            key,
            (name.start(), acronym.end() + 1),
        );
        let thing = &mut found.things[i];
        if !thing.aliases.iter().any(|a| a == acronym.as_str()) {
            thing.aliases.push(acronym.as_str().to_owned());
        }
    }
    for caps in lines.captures_iter(&GROUP) {
        for group in ["n", "m"] {
            if let Some((s, e)) = span(&caps, group) {
                // "le groupe Office chérifien des phosphates": the start of
                // a name already read whole.
                let start_of_known = found.of_kind(EntityType::Company).any(|(_, c)| {
                    c.name
                        .strip_prefix(&text[s..e])
                        .is_some_and(|rest| rest.starts_with(' '))
                });
                if !start_of_known {
                    add_company(found, text, s, e);
                }
            }
        }
    }
    for caps in lines.captures_iter(&COMPANY_NOUN) {
        let skipped = caps.name("skip").map_or("", |m| m.as_str());
        if skipped
            .split_whitespace()
            .any(|w| CLAUSE_WORDS.contains(&w))
        {
            continue;
        }
        if let Some((s, e)) = span(&caps, "n") {
            add_company(found, text, s, e);
        }
    }
    for regex in NAMING_ONE {
        for caps in lines.captures_iter(regex) {
            if let Some((s, e)) = span(&caps, "n") {
                add_company(found, text, s, e);
            }
        }
    }
    for caps in lines.captures_iter(&LIST_HEAD) {
        if let Some((s, e)) = span(&caps, "n").or_else(|| span(&caps, "b")) {
            if let Some(i) = add_company(found, text, s, e) {
                found.list_heads.push((i, s));
            }
        }
    }
    let name_pattern = &*NAME_ALONE;
    for caps in lines.captures_iter(&PARTNERS) {
        let list = caps.name("list").expect("always matched");
        // "located between Oloika and Lenkisem": places, not partners.
        let start = caps.get(0).expect("group 0").start();
        let before = &text[crate::normalize::char_floor(text, start.saturating_sub(12))..start];
        if [
            "located ",
            "situated ",
            "situé ",
            "située ",
            "situés ",
            "lying ",
        ]
        .iter()
        .any(|w| before.ends_with(w))
        {
            continue;
        }
        for m in name_pattern.find_iter(list.as_str()) {
            let (s, e) = (list.start() + m.start(), list.start() + m.end());
            // "with Ontario's support": an owner of something, not a partner.
            if !m.as_str().ends_with("'s") && !text[e..].starts_with("'s") {
                add_company(found, text, s, e);
            }
        }
    }
    for caps in lines.captures_iter(&ENUMERATION) {
        let list = caps.name("list").expect("always matched");
        let mut added = 0;
        for m in name_pattern.find_iter(list.as_str()) {
            let (s, e) = (list.start() + m.start(), list.start() + m.end());
            added += usize::from(add_company(found, text, s, e).is_some());
        }
        if added >= 2 {
            found.enumerations.push((list.start(), list.end()));
        }
    }
    // A company whose name is another's plus more words is its subsidiary
    // (Veridia Africa, Hoshida Wiring Tunisia).
    let companies: Vec<(usize, String)> = found
        .of_kind(EntityType::Company)
        .map(|(i, t)| (i, company_key(&t.name)))
        .collect();
    let mut same: Vec<(usize, usize)> = Vec::new();
    for (child, child_key) in &companies {
        let parent = companies
            .iter()
            .filter(|(other, key)| {
                other != child
                    && child_key
                        .strip_prefix(key.as_str())
                        .is_some_and(|rest| rest.starts_with(' '))
            })
            // "the Deccan-Taihe group": a venture of two, not a unit of
            // one ("ATLAS-Maroc" is Atlas's unit in a country).
            .filter(|(_, key)| {
                let child_name = found.things[*child].name.to_lowercase();
                let Some(rest) = child_name.strip_prefix(&format!("{key}-")) else {
                    return true;
                };
                let next = rest.split([' ', '-']).next().unwrap_or_default();
                pledgegraph_importer::world::world()
                    .country_named_folded(&pledgegraph_importer::fold(next))
                    .is_some()
            })
            .max_by_key(|(_, key)| key.len());
        if let Some((parent, _)) = parent {
            let stated = found.subsidiaries.iter().any(|(c, _, _)| c == child);
            if stated {
                continue;
            }
            if same_firm(found, *child, *parent) {
                same.push((*child, *parent));
            } else {
                let at = found.things[*child].mentions[0];
                found.subsidiaries.push((*child, *parent, at));
            }
        }
    }
    while let Some((child, parent)) = same.pop() {
        found.absorb(parent, child);
        for pair in &mut same {
            *pair = (
                super::moved_by_absorbing(pair.0, parent, child),
                super::moved_by_absorbing(pair.1, parent, child),
            );
        }
        same.retain(|(c, p)| c != p);
    }
    // Every other place a company's name, or an alias, appears.
    propagate_companies(text, found);
    // "X: company specialised in ..., subsidiary of Y": Y is the parent of
    // the company this sentence or list item is about.
    for caps in lines.captures_iter(&LOOSE_SUBSIDIARY) {
        let Some((s, e)) = span(&caps, "b") else {
            continue;
        };
        let whole = caps.get(0).expect("group 0");
        if found
            .subsidiaries
            .iter()
            .any(|&(_, _, (rs, re))| rs < whole.end() && whole.start() < re)
        {
            continue;
        }
        let on_lines = lines.lines_where(&LOOSE_SUBSIDIARY);
        let line = on_lines.partition_point(|&(_, end)| end < whole.start());
        let line_start = on_lines.get(line).map_or(0, |&(start, _)| start);
        let child = found
            .of_kind(EntityType::Company)
            .flat_map(|(i, t)| t.mentions.iter().map(move |&(at, _)| (at, i)))
            .filter(|&(at, _)| at >= line_start && at < whole.start())
            .max()
            .map(|(_, i)| i);
        let Some(child) = child else { continue };
        if let Some(parent) = add_company(found, text, s, e) {
            if parent != child && !found.subsidiaries.iter().any(|(c, _, _)| *c == child) {
                found
                    .subsidiaries
                    .push((child, parent, (whole.start(), whole.end())));
            }
        }
    }
    for caps in lines.captures_iter(&WITH_COUNTRY) {
        let country = &caps["country"];
        let world = pledgegraph_importer::world::world();
        if world
            .country_named_folded(&pledgegraph_importer::fold(country))
            .is_some()
        {
            if let Some((s, e)) = span(&caps, "n") {
                add_company(found, text, s, e);
            }
        }
    }
    coordinated_companies(text, &lines, found);
    propagate_companies(text, found);
    nationalities(text, found);
}

/// Names in a row: "A, B et la C", "A and B".
static COORDINATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?P<list>"?NAME"?(?:\s*,\s*(?:la\s+|le\s+|l'|the\s+)?"?NAME"?)*\s*,?\s+(?:et|and)\s+(?:la\s+|le\s+|l'|the\s+)?"?NAME"?)"#,
    )
});

/// A company named in a row of names makes the others companies too
/// ("Standard Chartered, HSBC, SMBC Group and BBVA"), unless they are
/// something else already (a person, a body, a place).
fn coordinated_companies(text: &str, lines: &Gated, found: &mut Mentions) {
    let items: Vec<Vec<(usize, usize)>> = lines
        .captures_iter(&COORDINATION)
        .filter(|caps| !after_a_preposition(text, caps.get(0).expect("group 0").start()))
        .map(|caps| {
            let list = caps.name("list").expect("always matched");
            NAME_ALONE
                .find_iter(list.as_str())
                .flat_map(|m| split_on_and(list.start() + m.start(), m.as_str()))
                .collect()
        })
        .collect();
    for row in items {
        let is_company = |&(s, e): &(usize, usize)| {
            found
                .at(s, e)
                .is_some_and(|i| found.things[i].kind == EntityType::Company)
        };
        if row.len() < 2 || !row.iter().any(is_company) {
            continue;
        }
        for (s, e) in row {
            let facility = text[s..e].split(' ').any(|w| NOT_FIRMS.contains(&w));
            if found.at(s, e).is_none() && !facility {
                add_company(found, text, s, e);
            }
        }
    }
}

/// Words that make a capitalised phrase a place or a plant, not a firm.
const NOT_FIRMS: &[&str] = &[
    "Unit", "Plant", "Facility", "Factory", "Centre", "Center", "Park", "Zone", "Project", "Unité",
    "Usine", "Projet",
];

/// "chargé du Budget, X et Y": the row completes a title or a phrase.
fn after_a_preposition(text: &str, at: usize) -> bool {
    let from = crate::normalize::char_floor(text, at.saturating_sub(12));
    let before = text[from..at].trim_end();
    [
        " du", " de", " des", " de la", " of", " for", " of the", "l'", "d'",
    ]
    .iter()
    .any(|p| before.ends_with(p))
}

/// "Maple Foods and Prairie Truss": a name the pattern joined on "and".
fn split_on_and(start: usize, name: &str) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut from = 0;
    for (at, _) in name.match_indices(" and ") {
        parts.push((start + from, start + at));
        from = at + 5;
    }
    parts.push((start + from, start + name.len()));
    parts
}

/// "le groupe français Veridia", "l'américain Arvex", "the German group
/// Solenne Kabel": where a company comes from, when the text says.
static NATIONALITY_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?P<adjective>NATIONALITY)\s+(?:(?i:groupe|group)\s+)?"?$"#));

fn nationalities(text: &str, found: &mut Mentions) {
    for thing in found
        .things
        .iter_mut()
        .filter(|t| t.kind == EntityType::Company)
    {
        let country = thing.mentions.iter().find_map(|&(start, _)| {
            let from = crate::normalize::char_floor(text, start.saturating_sub(40));
            let caps = NATIONALITY_BEFORE.captures(&text[from..start])?;
            crate::gazetteer::country_code(&caps["adjective"])
        });
        if let Some(country) = country {
            thing
                .attributes
                .entry("country".into())
                .or_insert_with(|| country.into());
        }
    }
}

/// ", subsidiary of Y", "; filiale du groupe Y", with no name before it.
static LOOSE_SUBSIDIARY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?:,|;|\.|:)\s*(?:(?:a|an|the|une|la|est|is|lui-même|elle-même|itself)\s+)?(?:(?i:filiale|subsidiary|unité|unit)\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d'|of\s+)|(?:détenue?|contrôlée?|owned|controlled)\s+(?:par|by)\s+)(?:the\s+|le\s+|la\s+)?(?:(?i:groupe|group)\s+)?(?:(?:NATIONALITY|\p{Ll}+)\s+)?(?:(?i:groupe|group)\s+)?"?(?P<b>NAME)"#,
    )
});

/// Records every other place a company's name, or an alias, appears.
fn propagate_companies(text: &str, found: &mut Mentions) {
    let names: Vec<(usize, Vec<String>)> = found
        .of_kind(EntityType::Company)
        .map(|(i, t)| {
            (
                i,
                std::iter::once(t.name.clone())
                    .chain(t.aliases.clone())
                    .collect(),
            )
        })
        .collect();
    let spellings: Vec<(usize, &str)> = names
        .iter()
        .flat_map(|(i, names)| names.iter().map(move |n| (*i, n.as_str())))
        .collect();
    let needles: Vec<&str> = spellings.iter().map(|(_, n)| *n).collect();
    for (needle, start, end) in words_in(text, &needles) {
        let (i, name) = spellings[needle];
        let seen = &text[start..end];
        // Capitals matter, except for a name in all capitals.
        let same_case = seen == name || seen.chars().all(|c| !c.is_lowercase());
        if same_case && !found.taken(start, end) {
            found.mention(i, (start, end));
        }
    }
}
