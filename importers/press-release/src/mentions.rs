//! Finding the things a release names: ministries, public bodies, people,
//! companies, cities and sectors, each with every place it is named.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use pledgegraph_importer::{fold, EntityType};
use regex::Regex;

use crate::gazetteer::{self, CITIES, COUNTRIES, SECTORS};

/// One thing the release names.
#[derive(Debug, Clone)]
pub struct Thing {
    pub kind: EntityType,
    pub name: String,
    pub aliases: Vec<String>,
    pub attributes: BTreeMap<String, String>,
    /// Where it is named: byte ranges of the normalised text.
    pub mentions: Vec<(usize, usize)>,
    /// What makes two namings the same thing.
    key: String,
}

/// Everything named, and where.
#[derive(Debug, Default)]
pub struct Mentions {
    pub things: Vec<Thing>,
    /// (child, parent) company indexes, and the span that says so.
    pub subsidiaries: Vec<(usize, usize, (usize, usize))>,
    /// (person, ministry or body, title) and the span that says so.
    pub posts: Vec<(usize, usize, String, (usize, usize))>,
    /// Companies named as a list item's head ("Merck : ...") by paragraph start.
    pub list_heads: Vec<(usize, usize)>,
    /// Runs of companies named together ("Yazaki, Sumitomo et Lear"): spans.
    pub enumerations: Vec<(usize, usize)>,
}

impl Mentions {
    pub fn of_kind(&self, kind: EntityType) -> impl Iterator<Item = (usize, &Thing)> {
        self.things
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.kind == kind)
    }

    /// The thing named at `start..end` or around it.
    pub fn at(&self, start: usize, end: usize) -> Option<usize> {
        self.things.iter().position(|t| {
            t.mentions
                .iter()
                .any(|&(s, e)| s <= start && end <= e || start <= s && e <= end)
        })
    }

    /// Whether `start..end` overlaps a mention of something already found.
    fn taken(&self, start: usize, end: usize) -> bool {
        self.things
            .iter()
            .flat_map(|t| &t.mentions)
            .any(|&(s, e)| s < end && start < e)
    }

    fn add(&mut self, kind: EntityType, name: &str, key: String, span: (usize, usize)) -> usize {
        let name = name.trim();
        if let Some(i) = self
            .things
            .iter()
            .position(|t| t.kind == kind && t.key == key)
        {
            let thing = &mut self.things[i];
            if !thing.mentions.contains(&span) {
                thing.mentions.push(span);
            }
            if name != thing.name && !thing.aliases.iter().any(|a| a == name) {
                // The fuller spelling names it; all-capitals only when nothing else does.
                let shouting = |s: &str| s.chars().filter(|c| c.is_lowercase()).count() == 0;
                if shouting(&thing.name) && !shouting(name)
                    || name.len() > thing.name.len() && !shouting(name)
                {
                    let old = std::mem::replace(&mut thing.name, name.to_owned());
                    thing.aliases.push(old);
                } else {
                    thing.aliases.push(name.to_owned());
                }
            }
            return i;
        }
        self.things.push(Thing {
            kind,
            name: name.to_owned(),
            aliases: Vec::new(),
            attributes: BTreeMap::new(),
            mentions: vec![span],
            key,
        });
        self.things.len() - 1
    }
}

/// Words that never stand for a company or a person on their own, though
/// written with a capital: sentence openers, titles, months, places.
static NOT_A_NAME: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let words = "le la les l un une des de du d ce cet cette ces il elle ils elles on nous son sa ses leur leurs \
        par pour avec dans en au aux a à selon après avant lors ainsi pas plus cela ceci et mais or donc \
        entre sous sur chez depuis pendant vers voici voilà notamment enfin outre quant \
        the a an this these those it its they their he she his her we our with for in on at by as through \
        from to of and but after before during since under over about according \
        roi king sm majesté président president directeur directrice ministre ministère minister ministry \
        gouvernement government royaume kingdom etat état etats états state chef head \
        pdg ceo dg drh mr mrs m mme dr \
        janvier février mars avril mai juin juillet août septembre octobre novembre décembre \
        january february march april may june july august september october november december \
        lundi mardi mercredi jeudi vendredi samedi dimanche \
        monday tuesday wednesday thursday friday saturday sunday \
        afrique africa europe asie asia amérique america monde world région region zone province \
        nord sud est ouest north south east west \
        home accueil economy économie entreprises business actualités news société companies \
        transition industrie industry commerce santé health environnement technologies \
        free zone franche parc park technopole technopolis cité city \
        il s agit selon source dr photo illustration partager share lire aussi read";
    words.split_whitespace().map(str::to_owned).collect()
});

static FIRST_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/first-names.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
});

/// A capitalised name: up to six words, acronyms and `&`, `and`, `of`
/// between capitalised words; optional quotes around.
const NAME: &str = r#"(?:(?:\p{Lu}\.){2,}|(?:\p{Lu}|\d+\p{Lu})[\p{L}\p{N}&'\-]*)(?:(?: (?:(?:and|&|of|de|du|des|von|van) )?| d'| l')(?:(?:\p{Lu}\.){2,}|(?:\p{Lu}|\d+\p{Lu})[\p{L}\p{N}&'\-]*)){0,5}"#;

static NAME_ALONE: LazyLock<Regex> = LazyLock::new(|| re("NAME"));
static NAME_AT_START: LazyLock<Regex> = LazyLock::new(|| re("^NAME"));

/// A person's name: two or three capitalised words, hyphens allowed.
const PERSON: &str = r"\p{Lu}[\p{Ll}'\-]+(?:[\s\-](?:\p{Lu}[\p{L}'\-]+|[IVX]+\b)){1,2}";

const NATIONALITY: &str = r"(?:américaine?|japonaise?|tunisienne?|tunisien|indienne?|indien|chinoise?|allemande?|français|française|espagnole?|italienne?|italien|britannique|canadienne?|canadien|coréenne?|coréen|turque?|turc|suédoise?|suédois|danoise?|danois|suisse|belge|néerlandaise?|néerlandais|marocaine?|marocain|portugaise?|portugais|émiratie?|émirati|saoudienne?|saoudien|qatarie?|qatari|américain|American|Japanese|Chinese|German|French|Spanish|Italian|British|Canadian|Korean|Indian|Tunisian|Moroccan|Turkish|Swedish|Danish|Swiss|Belgian|Dutch|Emirati|Saudi)";

fn re(pattern: &str) -> Regex {
    crate::pattern::compile(
        &pattern
            .replace("NAME", NAME)
            .replace("PERSON", PERSON)
            .replace("NATIONALITY", NATIONALITY),
    )
}

/// The trimmed name inside a match: quotes, trailing dots and apostrophes,
/// and leading words that are no part of a name ("Le", "The") dropped.
/// Returns its range.
fn clean_name(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let mut start = start;
    let mut end = end;
    loop {
        let s = &text[start..end];
        let trimmed = s.trim_matches(|c: char| c == '"' || c.is_whitespace());
        let trimmed = trimmed.trim_end_matches(['\'', '-']);
        // A final dot ends the sentence unless it closes an initial (S.A.).
        let trimmed = if trimmed.ends_with('.')
            && !trimmed
                .rsplit(' ')
                .next()
                .is_some_and(|w| w.len() <= 4 && w.matches('.').count() >= 2)
        {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        let offset = s.find(trimmed)?;
        start += offset;
        end = start + trimmed.len();
        if trimmed.is_empty() {
            return None;
        }
        // Drop a leading word that is no name ("Le groupe" never gets here,
        // "Le FusionBPO" does).
        let first = trimmed.split([' ', '\'']).next()?;
        let lowercase = first.chars().next().is_some_and(char::is_lowercase);
        if (lowercase || NOT_A_NAME.contains(&first.to_lowercase())) && trimmed.len() > first.len()
        {
            start += first.len();
            start +=
                text[start..end].len() - text[start..end].trim_start_matches([' ', '\'']).len();
            continue;
        }
        return Some((start, end));
    }
}

/// Whether `name` can be a company's name.
fn companylike(name: &str) -> bool {
    let lower = name.to_lowercase();
    if NOT_A_NAME.contains(&lower) || name.chars().count() < 2 {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.iter().all(|w| NOT_A_NAME.contains(&w.to_lowercase())) {
        return false;
    }
    if COUNTRIES
        .iter()
        .any(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(name)))
    {
        return false;
    }
    if CITIES
        .iter()
        .any(|c| c.spellings.iter().any(|s| s.eq_ignore_ascii_case(name)))
    {
        return false;
    }
    // A sector's own term (BPO, ITO) is not a company.
    !SECTOR_TERMS.contains(&fold(name))
}

/// Every sector term, folded.
static SECTOR_TERMS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    SECTORS
        .iter()
        .flat_map(|(_, terms)| terms.iter().map(|t| fold(t)))
        .collect()
});

/// The matching key of a company: folded, legal forms and "group" dropped.
pub fn company_key(name: &str) -> String {
    const LEGAL: &[&str] = &[
        "sa",
        "sarl",
        "sas",
        "sasu",
        "s a",
        "inc",
        "ltd",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "spa",
        "se",
        "corp",
        "corporation",
        "group",
        "groupe",
        "co",
        "limited",
    ];
    let mut folded = fold(name);
    loop {
        let before = folded.len();
        for form in LEGAL {
            if let Some(rest) = folded.strip_suffix(&format!(" {form}")) {
                folded = rest.to_owned();
            }
            if let Some(rest) = folded.strip_prefix(&format!("{form} ")) {
                folded = rest.to_owned();
            }
        }
        if folded.len() == before {
            return folded;
        }
    }
}

/// Finds every thing `text` (normalised) names.
pub fn find(text: &str) -> Mentions {
    let mut found = Mentions::default();
    ministries(text, &mut found);
    bodies(text, &mut found);
    people(text, &mut found);
    companies(text, &mut found);
    places(text, &mut found);
    sectors(text, &mut found);
    found
}

static MINISTRY_FR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:minist(?:re|ère|ere)s?)(?:\s+(?i:délégu[ée]e?|delegue))?(?:\s+auprès\s+du\s+(?i:chef\s+du\s+gouvernement|premier\s+ministre))?,?(?:\s+(?i:charg[ée]e?))?\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+)(?P<dom>\p{Lu}[^,.;:()\n\x22]{2,140})",
    )
});
static MINISTRY_EN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:minist(?:er|ry))(?:\s+(?i:delegate))?\s+(?i:of|for)\s+(?:the\s+)?(?P<dom>\p{Lu}[^,.;:()\n\x22]{2,140})",
    )
});

/// The words that end a ministry's domain in running text.
const DOMAIN_ENDS: &[&str] = &[
    " et la ministre",
    " et le ministre",
    " et de la ministre",
    " et du ministre",
    " and the minister",
    " and the Minister",
    " avec ",
    " pour ",
    " a ",
    " ont ",
    " qui ",
    " lors ",
    " dans ",
    " sur ",
    " à ",
    " au ",
    " en ",
    " le ",
    " ce ",
    " cette ",
    " par ",
    " said",
    " chaired",
    " has ",
    " will ",
    " is ",
    " was ",
    " in ",
    " on ",
    " at ",
    " to ",
    " with ",
    " signed",
    " et d'une part",
];

fn ministries(text: &str, found: &mut Mentions) {
    for (regex, french) in [(&*MINISTRY_FR, true), (&*MINISTRY_EN, false)] {
        for caps in regex.captures_iter(text) {
            let dom = caps.name("dom").expect("always matched");
            let mut domain = dom.as_str();
            for end in DOMAIN_ENDS {
                if let Some(at) = domain.find(end) {
                    domain = &domain[..at];
                }
            }
            if !french {
                // English domains are capitalised words joined by and/of/the.
                let mut keep = 0;
                for (i, word) in domain.split(' ').enumerate() {
                    let joiner = matches!(word, "and" | "of" | "the" | "for" | "&");
                    // "Minister of Industry and Trade Karim Alaoui said"
                    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
                    if !(joiner || capitalised) || FIRST_NAMES.contains(word) {
                        break;
                    }
                    keep = domain
                        .split(' ')
                        .take(i + 1)
                        .map(|w| w.len() + 1)
                        .sum::<usize>()
                        - 1;
                }
                domain = &domain[..keep];
                domain = domain
                    .trim_end_matches([' '])
                    .trim_end_matches(" and")
                    .trim_end_matches(" of");
            }
            let domain = domain.trim();
            if domain.is_empty() {
                continue;
            }
            let whole = caps.get(0).expect("group 0");
            let span = (whole.start(), dom.start() + domain.len());
            let article = &text[whole.start()..dom.start()];
            let name = if french {
                let article = ["de l'", "de la ", "du ", "des "]
                    .into_iter()
                    .find(|a| article.to_lowercase().ends_with(a))
                    .unwrap_or("de ");
                format!("Ministère {article}{domain}")
            } else {
                format!("Ministry of {domain}")
            };
            add_ministry(found, &name, domain, span);
        }
    }
}

/// A ministry named again more briefly (Transition numérique) is the one
/// named in full (Transition numérique et de la Réforme de l'administration).
fn add_ministry(found: &mut Mentions, name: &str, domain: &str, span: (usize, usize)) {
    let key = words_key(domain);
    let same = found.things.iter().position(|t| {
        t.kind == EntityType::Ministry && (t.key.starts_with(&key) || key.starts_with(&t.key))
    });
    let i = match same {
        Some(i) => {
            let thing = &mut found.things[i];
            if key.len() > thing.key.len() {
                thing.key = key.clone();
            }
            found.add(EntityType::Ministry, name, thing_key(found, i), span)
        }
        None => found.add(EntityType::Ministry, name, key, span),
    };
    let thing = &mut found.things[i];
    if !thing.aliases.iter().any(|a| a == domain) && thing.name != domain {
        thing.aliases.push(domain.to_owned());
    }
}

fn thing_key(found: &Mentions, i: usize) -> String {
    found.things[i].key.clone()
}

/// Folded words without articles: what two spellings of a domain share.
fn words_key(text: &str) -> String {
    const SMALL: &[&str] = &[
        "de", "du", "des", "la", "le", "les", "l", "d", "et", "and", "of", "the", "en",
    ];
    fold(text)
        .split(' ')
        .filter(|w| !SMALL.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

static BODY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<name>\b(?:Agence|Centre [Rr]égional d'[Ii]nvestissement|Centres? [Rr]égionaux d'[Ii]nvestissement|Commission|Autorité|Office|Haut[- ]Commissariat|Chambre|Confédération|Fédération|Association|Conseil|Investment Promotion Agency|Agency|Authority|Chamber|Federation|Association|Council)(?:\s|$)[^,.;:()\n\x22]{0,100}?)(?:\s*(?:\.|,)?\s*\((?P<acr>\p{Lu}[\p{L}\-]{1,12})\)|(?P<stop>[,.;:()\n\x22]|\s(?:a|qui|ont|est|sont|et\sdu|et\sde\sl|du\sPDG|has|is|was|which|said)\s)|$)",
    )
});

/// Public bodies everyone knows by their acronym.
const KNOWN_BODIES: &[(&str, &str, EntityType)] = &[
    (
        "AMDIE",
        "Agence marocaine de développement des investissements et des exportations",
        EntityType::Agency,
    ),
    (
        "CEPICI",
        "Centre de promotion des investissements en Côte d'Ivoire",
        EntityType::Agency,
    ),
    (
        "FIPA",
        "Agence de promotion de l'investissement extérieur",
        EntityType::Agency,
    ),
    (
        "APIX",
        "Agence pour la promotion des investissements et des grands travaux",
        EntityType::Agency,
    ),
    (
        "ANDI",
        "Agence nationale de développement de l'investissement",
        EntityType::Agency,
    ),
    (
        "CGEM",
        "Confédération générale des entreprises du Maroc",
        EntityType::Organization,
    ),
    (
        "AMICA",
        "Association marocaine pour l'industrie et la construction automobile",
        EntityType::Organization,
    ),
    (
        "APEBI",
        "Fédération des technologies de l'information, des télécommunications et de l'offshoring",
        EntityType::Organization,
    ),
    (
        "TMSA",
        "Agence spéciale Tanger Méditerranée",
        EntityType::Agency,
    ),
];

fn body_kind(name: &str) -> EntityType {
    let lower = name.to_lowercase();
    if [
        "chambre",
        "confédération",
        "fédération",
        "association",
        "chamber",
        "federation",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
    {
        EntityType::Organization
    } else {
        EntityType::Agency
    }
}

fn bodies(text: &str, found: &mut Mentions) {
    for caps in BODY.captures_iter(text) {
        let name = caps.name("name").expect("always matched");
        let body = name.as_str().trim();
        // A bare noun ("la Commission a ...") needs its acronym to be a name.
        if body.split_whitespace().count() < 3 && caps.name("acr").is_none() {
            continue;
        }
        let end = caps
            .name("acr")
            .map_or(name.start() + body.len(), |a| a.end() + 1);
        let span = (name.start(), end);
        if found.taken(span.0, span.1) {
            continue;
        }
        let key = caps
            .name("acr")
            .map(|a| fold(a.as_str()))
            .unwrap_or_else(|| words_key(body));
        let i = found.add(body_kind(body), body, key, span);
        if let Some(acr) = caps.name("acr") {
            let acr = acr.as_str().to_owned();
            if !found.things[i].aliases.contains(&acr) {
                found.things[i].aliases.push(acr);
            }
        }
    }
    // Acronyms: those the text spelt out above, and the well-known ones.
    let acronyms: Vec<(usize, String)> = found
        .things
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.kind, EntityType::Agency | EntityType::Organization))
        .flat_map(|(i, t)| t.aliases.iter().map(move |a| (i, a.clone())))
        .collect();
    let needles: Vec<&str> = acronyms.iter().map(|(_, a)| a.as_str()).collect();
    for (needle, start, end) in words_in(text, &needles) {
        if !found.taken(start, end) {
            found.things[acronyms[needle].0].mentions.push((start, end));
        }
    }
    let needles: Vec<&str> = KNOWN_BODIES
        .iter()
        .map(|(acronym, _, _)| *acronym)
        .collect();
    for (needle, start, end) in words_in(text, &needles) {
        let (acronym, full, kind) = &KNOWN_BODIES[needle];
        // Known acronyms in capitals only: "Andi" is a name, "ANDI" an agency.
        if &&text[start..end] == acronym && !found.taken(start, end) {
            {
                let i = found.add(*kind, full, fold(acronym), (start, end));
                if !found.things[i].aliases.iter().any(|a| a == acronym) {
                    found.things[i].aliases.push((*acronym).to_owned());
                }
            }
        }
    }
}

static MINISTER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?P<p>PERSON),\s+(?:la\s+|le\s+|the\s+)?(?P<title>(?i:ministre|minister)[^,;()\n]{0,160})")
});
/// "Minister of Industry and Trade Karim Alaoui said": no comma, a given name.
static MINISTER_BARE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<title>(?i:ministre|minister)\s+(?i:of|for|de\s+l'|de\s+la|du|des|de|délégué)\s[^,.;()\n]{{2,100}}?)\s(?P<p>{})",
        &*GIVEN_PERSON_PATTERN
    ))
});
static MINISTER_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?P<title>(?i:ministre|minister)[^,;()\n]{0,160}),\s+(?P<p>PERSON)"));
const TITLES: &str = r"(?i:directeur général délégué|directrice générale déléguée|directeur général|directrice générale|directeur|directrice|président-directeur général|présidente|président|PDG|P-DG|CEO|DG|administrateur délégué|secrétaire général|secrétaire générale|ambassadeur|ambassadrice|gouverneur|wali|maire|fondateur|fondatrice|chairman|chairwoman|president|chief executive officer|chief executive|managing director|general manager|country manager|founder|mayor|governor|ambassador|head)";
static TITLED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?P<title>{TITLES}(?:\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d'|of\s+(?:the\s+)?)(?P<org>[^,;()\n]{{2,100}}))?),\s+(?P<p>PERSON)"
    ))
});
static TITLED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<p>PERSON),\s+(?:le\s+|la\s+|the\s+|son\s+|sa\s+|its\s+)?(?P<title>{TITLES}(?:\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d'|of\s+(?:the\s+)?)(?P<org>[^,;()\n]{{2,100}}))?)"
    ))
});
static ROYAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:(?i:roi|king|émir|emir|sultan|prince|princesse|princess)\s+)(?P<p>\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?\s[IVX]+)\b",
    )
});
/// A given name of the list, then one or two capitalised words.
static GIVEN_PERSON_PATTERN: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = FIRST_NAMES.iter().copied().collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let names: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    // No `\b` (see `pattern`): a name is a whole word by its capital, and
    // what precedes it is checked in code.
    format!(
        r"(?:{})(?:[\s\-]\p{{Lu}}[\p{{L}}'\-]+){{1,2}}",
        names.join("|")
    )
});
static GIVEN_NAME: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?P<p>{})", &*GIVEN_PERSON_PATTERN)));

fn add_person(found: &mut Mentions, text: &str, start: usize, end: usize) -> Option<usize> {
    let name = text[start..end].trim();
    let words: Vec<&str> = name.split([' ', '-']).collect();
    if words
        .iter()
        .any(|w| NOT_A_NAME.contains(&w.to_lowercase()) && w.len() > 2)
    {
        return None;
    }
    if !companylike(name) && gazetteer::country_code(name).is_some() {
        return None;
    }
    Some(found.add(
        EntityType::Person,
        name,
        fold(name),
        (start, start + name.len()),
    ))
}

fn people(text: &str, found: &mut Mentions) {
    // "ministre de X, Ryad Mezzour" first: in "la ministre de X, Ghita
    // Mezzour, le ministre de Y, Ryad Mezzour", Ghita Mezzour is not of Y.
    for regex in [&*MINISTER_BEFORE, &*MINISTER_AFTER, &*MINISTER_BARE] {
        for caps in regex.captures_iter(text) {
            let p = caps.name("p").expect("always matched");
            let Some(person) = add_person(found, text, p.start(), p.end()) else {
                continue;
            };
            if found.posts.iter().any(|(holder, post, _, _)| {
                *holder == person && found.things[*post].kind == EntityType::Ministry
            }) {
                continue;
            }
            let title = caps.name("title").expect("always matched");
            // The ministry this title names.
            let ministry = found
                .of_kind(EntityType::Ministry)
                .find(|(_, m)| {
                    m.mentions
                        .iter()
                        .any(|&(s, _)| s >= title.start() && s < title.end())
                })
                .map(|(i, _)| i);
            if let Some(ministry) = ministry {
                let title_text = title.as_str().trim().to_owned();
                let whole = caps.get(0).expect("group 0");
                found
                    .posts
                    .push((person, ministry, title_text, (whole.start(), whole.end())));
            }
        }
    }
    for regex in [&*TITLED_BEFORE, &*TITLED_AFTER] {
        for caps in regex.captures_iter(text) {
            let p = caps.name("p").expect("always matched");
            if caps
                .name("title")
                .is_some_and(|t| t.as_str().to_lowercase().starts_with("minist"))
            {
                continue;
            }
            let Some(person) = add_person(found, text, p.start(), p.end()) else {
                continue;
            };
            if let Some(org) = caps.name("org") {
                let whole = caps.get(0).expect("group 0");
                let title = caps["title"].trim().to_owned();
                if let Some(body) = found.at(org.start(), org.start() + 1) {
                    found
                        .posts
                        .push((person, body, title, (whole.start(), whole.end())));
                } else if let Some(m) = NAME_AT_START.find(org.as_str()) {
                    // "le président de Kolibri": an organisation the text
                    // names only here is a company.
                    let (s, e) = (org.start() + m.start(), org.start() + m.end());
                    if let Some((s, e)) = clean_name(text, s, e) {
                        if companylike(&text[s..e]) && !found.taken(s, e) {
                            let company = found.add(
                                EntityType::Company,
                                &text[s..e],
                                company_key(&text[s..e]),
                                (s, e),
                            );
                            found.posts.push((
                                person,
                                company,
                                title,
                                (whole.start(), whole.end()),
                            ));
                        }
                    }
                }
            }
        }
    }
    for caps in ROYAL.captures_iter(text) {
        let p = caps.name("p").expect("always matched");
        add_person(found, text, p.start(), p.end());
    }
    for p in GIVEN_NAME.find_iter(text) {
        let glued = text[..p.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if !glued && !found.taken(p.start(), p.end()) {
            add_person(found, text, p.start(), p.end());
        }
    }
    // Every other place a person's full name appears.
    let names: Vec<(usize, String)> = found
        .of_kind(EntityType::Person)
        .map(|(i, t)| (i, t.name.clone()))
        .collect();
    for (i, name) in names {
        for (at, _) in text.match_indices(&name) {
            let span = (at, at + name.len());
            if !found.things[i].mentions.contains(&span) {
                found.things[i].mentions.push(span);
            }
        }
    }
}

/// "X, filiale de Y", "X, a subsidiary of the Y group", "filiale du groupe Y".
static SUBSIDIARY_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?P<a>NAME)"?\s*(?:,|:|\(|\s)\s*(?:(?:est|is|une|la|a|an|the|sa|its|désormais|now)\s+){0,2}(?i:filiale|subsidiary|unit|unité|branche|division)\s+(?:(?:marocaine|locale|local|moroccan|française|européenne)\s+)?(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d'|of\s+)(?:the\s+)?(?:(?:(?i:groupe|group|géant|leader|multinationale)|NATIONALITY)\s+){0,3}"?(?P<b>NAME)"#,
    )
});
/// "le groupe Y s'implantera avec sa filiale X", "Y, via sa filiale X".
static PARENT_WITH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i:groupe|group)\s+(?:NATIONALITY\s+)?"?(?P<b>NAME)"?[^.;]{0,60}?(?:avec|via|à travers|par|through|with)\s+(?i:sa filiale|la société|sa société|son entité|its subsidiary|the company)\s+"?(?P<a>NAME)"#,
    )
});
/// "X, du groupe Y", "appartenant au groupe Y", "part of the Y group".
static OF_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?P<a>NAME)"?,?\s+(?:(?:du|appartenant\s+au|membre\s+du|part\s+of\s+the|of\s+the)\s+(?i:groupe|group)\s+(?:NATIONALITY\s+)?"?(?P<b>NAME)|(?:part\s+of|owned\s+by|a\s+unit\s+of)\s+(?:the\s+)?"?(?P<c>NAME))"#,
    )
});
/// "les groupes Majorel et Kolibri", "le groupe japonais Fujikura", "the FusionBPO group".
static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i:groupes?)\s+(?:(?:NATIONALITY|\p{Ll}+)\s+){0,4}"?(?P<n>NAME)"?(?:\s*(?:,|\bet\b)\s*"?(?P<m>NAME))?|(?-i:\bthe\s+)"?(?P<e>NAME)"?\s+group\b"#,
    )
});
/// "la société (spécialisée dans ...) X", "l'entreprise X", "the company X".
static COMPANY_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"\b(?i:la\s+société|l'entreprise|la\s+firme|l'opérateur|le\s+constructeur|l'équipementier|le\s+fabricant|le\s+producteur|le\s+laboratoire|the\s+company|the\s+firm|operator|the\s+manufacturer)\s+(?:(?:NATIONALITY|[\p{Ll}'\-]+|R&D)\s+){0,9}?"?(?P<n>NAME)"#,
    )
});
/// "l'américain Lear", "le tunisien «PEC»", "the Japanese Yazaki".
static NATIONAL: LazyLock<Regex> =
    LazyLock::new(|| re(r#"\b(?i:l'|le\s+|la\s+|les\s+|the\s+)NATIONALITY\s+"?(?P<n>NAME)"?"#));
/// A list item's head: "Merck : le laboratoire ...", "- PHONEO: subsidiary ...".
static LIST_HEAD: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?m)^[ \-*•]*"?(?P<n>NAME)"? ?:(?: *$| +[\p{Ll}"(])"#));
/// Companies named in a row after a noun that says what they are.
static ENUMERATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i:équipementiers?|opérateurs?|operators?|entreprises?|companies|groupes?|groups|sociétés|investisseurs|investors|constructeurs|manufacturers|industriels|acteurs|players|firmes|laboratoires)\s+(?:(?:NATIONALITY|[\p{Ll}\-]+)\s+){0,3}(?P<list>"?NAME"?(?:\s*(?:,|\bet\b|\band\b)\s*"?NAME"?)+)"#,
    )
});
/// "NAME s'engage à", "NAME va investir", "NAME will create".
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?m)(?:^[ \-*•]*|[.;]\s|,\s)"?(?P<n>NAME)"?(?:\s+enfin|\s+aussi|\s+également|\s+also)?(?:,[^,.]{3,120},)?\s+(?:y\s+|en\s+)?(?:s'engage|s'est\s+engagée?|va\s+(?:investir|créer|construire|ouvrir|implanter|recruter)|vont|prévoit|compte\s+(?:investir|créer|recruter)|investit|investira|investir|crée|créera|créé|recrute|recrutera|annonce|a\s+annoncé|will\s+(?:invest|create|build|open|hire|set)|plans\s+to|undertakes|commits|is\s+investing|invests|creates|has\s+announced)"#,
    )
});
/// Names followed by a legal form: "Lear Automotive Morocco SAS".
static LEGAL_FORM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?P<n>NAME\s(?:SA|SARL|SAS|SASU|S\.A\.|Inc\.?|Ltd\.?|LLC|PLC|GmbH|AG|SpA|SE|Corp\.?|Corporation|Limited))\b"#,
    )
});
/// "par TE Connectivity à Tanger", "sur le site Renault à Douai".
static WHO_WHERE: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"\b(?:par|by|sites?(?:\s+de)?)\s+"?(?P<n>NAME)"?\s+(?:à|au|en|in|at)\s"#)
});
/// "la nouvelle unité de production, Sumitomo Electric Bordnetze Tunisia, ..."
static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"\b(?:unité(?:\s+de\s+production)?|usine|filiale|entité|subsidiary|plant|factory|joint-venture|coentreprise),\s+"?(?P<n>NAME)"?,"#,
    )
});

fn add_company(found: &mut Mentions, text: &str, start: usize, end: usize) -> Option<usize> {
    let (start, end) = clean_name(text, start, end)?;
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
    if found.things.iter().any(|t| {
        t.kind != EntityType::Company
            && (fold(&t.name) == fold(name) || t.aliases.iter().any(|a| fold(a) == fold(name)))
    }) {
        return None;
    }
    Some(found.add(EntityType::Company, name, key, (start, end)))
}

fn companies(text: &str, found: &mut Mentions) {
    let span = |caps: &regex::Captures, group: &str| caps.name(group).map(|m| (m.start(), m.end()));
    for regex in [&*SUBSIDIARY_OF, &*PARENT_WITH, &*OF_GROUP] {
        for caps in regex.captures_iter(text) {
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
    for caps in GROUP.captures_iter(text) {
        for group in ["n", "m", "e"] {
            if let Some((s, e)) = span(&caps, group) {
                add_company(found, text, s, e);
            }
        }
    }
    for regex in [
        &*COMPANY_NOUN,
        &*NATIONAL,
        &*LEGAL_FORM,
        &*WHO_WHERE,
        &*APPOSITION,
        &*SUBJECT,
    ] {
        for caps in regex.captures_iter(text) {
            if let Some((s, e)) = span(&caps, "n") {
                add_company(found, text, s, e);
            }
        }
    }
    for caps in LIST_HEAD.captures_iter(text) {
        if let Some((s, e)) = span(&caps, "n") {
            if let Some(i) = add_company(found, text, s, e) {
                found.list_heads.push((i, s));
            }
        }
    }
    let name_pattern = &*NAME_ALONE;
    for caps in ENUMERATION.captures_iter(text) {
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
    // (Majorel Africa, Sumitomo Electric Bordnetze Tunisia).
    let companies: Vec<(usize, String)> = found
        .of_kind(EntityType::Company)
        .map(|(i, t)| (i, company_key(&t.name)))
        .collect();
    for (child, child_key) in &companies {
        let parent = companies
            .iter()
            .filter(|(other, key)| other != child && child_key.starts_with(&format!("{key} ")))
            .max_by_key(|(_, key)| key.len());
        if let Some((parent, _)) = parent {
            if !found.subsidiaries.iter().any(|(c, _, _)| c == child) {
                let at = found.things[*child].mentions[0];
                found.subsidiaries.push((*child, *parent, at));
            }
        }
    }
    // Every other place a company's name, or an alias, appears.
    propagate_companies(text, found);
    // "X: company specialised in ..., subsidiary of Y": Y is the parent of
    // the company this sentence or list item is about.
    for caps in LOOSE_SUBSIDIARY.captures_iter(text) {
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
        let line_start = text[..whole.start()].rfind('\n').map_or(0, |i| i + 1);
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
    propagate_companies(text, found);
}

/// ", subsidiary of Y", "; filiale du groupe Y", with no name before it.
static LOOSE_SUBSIDIARY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?:,|;|\.|:)\s*(?:(?:a|an|the|une|la|est|is|lui-même|elle-même|itself)\s+)?(?:(?i:filiale|subsidiary|unité|unit)\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d'|of\s+)|(?:détenue?|contrôlée?|owned|controlled)\s+(?:par|by)\s+)(?:the\s+|le\s+|la\s+)?(?:(?:(?i:groupe|group)|NATIONALITY)\s+){0,3}"?(?P<b>NAME)"#,
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
            found.things[i].mentions.push((start, end));
        }
    }
}

/// Every whole-word occurrence of the needles in `text`, letter case
/// ignored (ASCII): (needle index, start, end). Longest first where two
/// start together.
fn words_in(text: &str, needles: &[&str]) -> Vec<(usize, usize, usize)> {
    if needles.is_empty() {
        return Vec::new();
    }
    // A one-off automaton: no DFA, which costs more to build than to run here.
    let finder = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(needles)
        .expect("plain strings always build");
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    finder
        .find_iter(text)
        .filter(|m| {
            !word(text[..m.start()].chars().next_back()) && !word(text[m.end()..].chars().next())
        })
        .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
        .collect()
}

fn places(text: &str, found: &mut Mentions) {
    for place in gazetteer::cities(text) {
        if found.taken(place.start, place.end) {
            continue;
        }
        let city = &CITIES[place.entry];
        let i = found.add(
            EntityType::City,
            city.name,
            fold(city.name),
            (place.start, place.end),
        );
        let spelled = &text[place.start..place.end];
        let thing = &mut found.things[i];
        if spelled != city.name && !thing.aliases.iter().any(|a| a == spelled) {
            thing.aliases.push(spelled.to_owned());
        }
        for spelling in &city.spellings[1..] {
            if !thing.aliases.iter().any(|a| a == spelling) {
                thing.aliases.push((*spelling).to_owned());
            }
        }
        thing
            .attributes
            .insert("country".into(), city.country.into());
        thing
            .attributes
            .insert("latitude".into(), city.latitude.into());
        thing
            .attributes
            .insert("longitude".into(), city.longitude.into());
    }
}

fn sectors(text: &str, found: &mut Mentions) {
    for place in gazetteer::sectors(text) {
        if found.taken(place.start, place.end) {
            continue;
        }
        let (sector, _) = &SECTORS[place.entry];
        let i = found.add(
            EntityType::Sector,
            sector.name_en,
            sector.code.to_owned(),
            (place.start, place.end),
        );
        let spelled = text[place.start..place.end].to_owned();
        let thing = &mut found.things[i];
        for alias in [sector.name_fr.to_owned(), spelled] {
            if alias != thing.name && !thing.aliases.iter().any(|a| fold(a) == fold(&alias)) {
                thing.aliases.push(alias);
            }
        }
        thing.attributes.insert("code".into(), sector.code.into());
        if let Some(isic) = sector.isic {
            thing.attributes.insert("isic".into(), isic.into());
        }
        if let Some(parent) = sector.parent {
            thing.attributes.insert("parent".into(), parent.into());
        }
    }
}

/// The country the release is about: the one its cities are in most.
pub fn main_country(_text: &str, found: &Mentions) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (_, city) in found.of_kind(EntityType::City) {
        if let Some(c) = city.attributes.get("country") {
            *counts.entry(c.clone()).or_default() += city.mentions.len();
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c)
}
