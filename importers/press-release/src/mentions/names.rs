//! What a name looks like: the patterns and checks every finder shares.

use foldhash::HashSet;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use pledgegraph_importer::fold;
use regex::Regex;

use crate::gazetteer::{CITIES, COUNTRIES, SECTORS};

/// Words that never stand for a company or a person on their own, though
/// written with a capital: sentence openers, titles, months, places.
pub(super) static NOT_A_NAME: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let words = "le la les l un une des de du d ce cet cette ces il elle ils elles on nous son sa ses leur leurs \
        par pour avec dans en au aux a à selon après avant lors ainsi pas plus cela ceci et mais or donc \
        entre sous sur chez depuis pendant vers voici voilà notamment enfin outre quant \
        the a an this these those it its they their he she his her we our with for in on at by as through \
        from to of and but after before during since under over about according \
        roi king sm majesté président president directeur directrice ministre ministère minister ministry \
        gouvernement government royaume kingdom etat état etats états state chef head \
        pdg ceo dg drh mr mrs m mme dr chairman chairwoman \
        us usa uk uae eu cfa fcfa mdh dh \
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

/// Words of [`NOT_A_NAME`] that can still open a longer name.
pub(super) const PLACE_WORDS: &[&str] = &[
    "afrique",
    "africa",
    "europe",
    "asie",
    "asia",
    "amérique",
    "america",
    "monde",
    "world",
    "nord",
    "sud",
    "est",
    "ouest",
    "north",
    "south",
    "east",
    "west",
    "atlantic",
    "atlantique",
];

pub(super) static FIRST_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/first-names.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
});

/// A capitalised name: up to six words, acronyms and `&`, `and`, `of`
/// between capitalised words; optional quotes around.
pub(super) const NAME: &str = r#"(?:(?:\p{Lu}\.)+\p{Lu}\.?|(?:\p{Lu}|\d+\p{Lu})[\p{L}\p{N}&'\-]*)(?:(?: (?:(?:and|&|of|de|du|des|del|della|do|da|von|van) )?| d'| l')(?:(?:\p{Lu}\.)+\p{Lu}\.?|(?:\p{Lu}|\d+\p{Lu})[\p{L}\p{N}&'\-]*)){0,5}"#;

pub(super) static NAME_ALONE: LazyLock<Regex> = LazyLock::new(|| re("NAME"));
pub(super) static NAME_AT_START: LazyLock<Regex> = LazyLock::new(|| re("^NAME"));

/// A person's name: two or three capitalised words, hyphens allowed.
pub(super) const PERSON: &str = r"\p{Lu}[\p{Ll}'\-]+(?:[\s\-](?:(?:bin|ben|ibn|Bin|Ben|Ibn|el|de|da|van|von)\s)?(?:\p{Lu}[\p{L}'\-]+|[IVX]+\b)){1,2}";

pub(super) const NATIONALITY: &str = r"(?:américaine?|japonaise?|tunisienne?|tunisien|indienne?|indien|chinoise?|allemande?|français|française|espagnole?|italienne?|italien|britannique|canadienne?|canadien|coréenne?|coréen|turque?|turc|suédoise?|suédois|danoise?|danois|suisse|belge|néerlandaise?|néerlandais|marocaine?|marocain|portugaise?|portugais|émiratie?|émirati|saoudienne?|saoudien|qatarie?|qatari|américain|American|Japanese|Chinese|German|French|Spanish|Italian|British|Canadian|Korean|Indian|Tunisian|Moroccan|Turkish|Swedish|Danish|Swiss|Belgian|Dutch|Emirati|Saudi|ivoirienne?|ivoirien|sénégalaise?|sénégalais|malienne?|malien|burkinabée?|camerounaise?|camerounais|nigériane?|nigérian|égyptienne?|égyptien|algérienne?|algérien|kényane?|kényan|sud-africaine?|sud-africain|koweïtienne?|koweïtien|luxembourgeoise?|luxembourgeois|autrichienne?|autrichien|polonaise?|polonais|finlandaise?|finlandais|norvégienne?|norvégien|irlandaise?|irlandais|grecque|grec|israélienne?|israélien|mexicaine?|mexicain|brésilienne?|brésilien|australienne?|australien|singapourienne?|singapourien|taïwanaise?|taïwanais|russe|Ivorian|Senegalese|Nigerian|Egyptian|Algerian|Kenyan|South\ African|Austrian|Polish|Finnish|Norwegian|Irish|Greek|Israeli|Mexican|Brazilian|Australian|Singaporean|Taiwanese|Russian)";

pub(super) fn re(pattern: &str) -> Regex {
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
/// Where the words that say where a firm is from or who leads it end, at
/// the start of `name` ("Belfast-based", "Ravi Mehta-led", "Korea's").
fn origin_words_end(name: &str) -> Option<usize> {
    static SUFFIXES: LazyLock<Vec<String>> = LazyLock::new(|| {
        crate::vocabulary::phrases("origin_suffix")
            .iter()
            .map(|s| format!("-{s}"))
            .collect()
    });
    let mut at = 0;
    let mut cut = None;
    for word in name.split(' ') {
        at += word.len();
        let lower = word.to_lowercase();
        let origin = lower.contains('-') && SUFFIXES.iter().any(|s| lower.ends_with(s.as_str()));
        let possessive = cut.is_none() && at == word.len() && word.ends_with("'s");
        if origin || possessive {
            cut = Some(at);
        }
        at += 1;
    }
    cut
}

pub(super) fn clean_name(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let mut start = start;
    let mut end = end;
    loop {
        let s = &text[start..end];
        let trimmed = s.trim_matches(|c: char| c == '"' || c.is_whitespace());
        // "Umbono Resources's launch": the owner, not the name.
        let trimmed = trimmed.strip_suffix("'s").unwrap_or(trimmed);
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
        // "Le NovaBPO" does).
        let first = trimmed.split([' ', '\'']).next()?;
        let lowercase = first.chars().next().is_some_and(char::is_lowercase);
        // "Mumbai-based Sagar Chemicals", "Ravi Mehta-led Deccan",
        // "Korea's Taihe": where it is from or who leads it, not its name.
        if let Some(cut) = origin_words_end(trimmed).filter(|&cut| cut < trimmed.len()) {
            start += cut;
            start +=
                text[start..end].len() - text[start..end].trim_start_matches([' ', '\'']).len();
            continue;
        }
        // "Africa Textile Services", "Nord France Invest": a place word
        // may open a name.
        let noise = NOT_A_NAME.contains(&first.to_lowercase())
            && !PLACE_WORDS.contains(&first.to_lowercase().as_str());
        if (lowercase || noise) && trimmed.len() > first.len() {
            start += first.len();
            start +=
                text[start..end].len() - text[start..end].trim_start_matches([' ', '\'']).len();
            continue;
        }
        return Some((start, end));
    }
}

/// The lists' countries and cities, every spelling in lower case.
static LISTED_PLACES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let countries = COUNTRIES.iter().flat_map(|(_, names)| names.iter());
    let cities = CITIES.iter().flat_map(|c| c.spellings.iter());
    countries.chain(cities).map(|n| n.to_lowercase()).collect()
});

/// Whether `name` can be a company's name.
pub(super) fn companylike(name: &str) -> bool {
    let lower = name.to_lowercase();
    if NOT_A_NAME.contains(&lower) || name.chars().count() < 2 {
        return false;
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.iter().all(|&w| NOT_A_NAME.contains(w)) {
        return false;
    }
    // "Hi, how can we help?": two letters are a name only as an
    // acronym.
    if name.chars().count() < 3 && name.chars().any(char::is_lowercase) {
        return false;
    }
    if LISTED_PLACES.contains(&lower) {
        return false;
    }
    // "Purdue University", "Gates Foundation": public or private bodies.
    const BODY_HEADS: &[&str] = &[
        "university",
        "université",
        "foundation",
        "fondation",
        "institute",
        "institut",
        "school",
        "école",
        "hospital",
        "hôpital",
        "council",
        "conseil",
        "forum",
        "salon",
        "summit",
        "sommet",
    ];
    if words.len() > 1 && words.iter().any(|w| BODY_HEADS.contains(w)) {
        return false;
    }
    // Places, one or several ("between Lisbon and Porto"), are no firm.
    let parts: Vec<&str> = name
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .collect();
    if parts.iter().all(|part| names_a_place(part.trim())) {
        return false;
    }
    // A sector's own term (BPO, ITO) is not a company.
    !SECTOR_TERMS.contains(&fold(name))
}

/// Whether `name` is a country's, or a town's of some size.
fn names_a_place(name: &str) -> bool {
    let world = pledgegraph_importer::world::world();
    let folded = fold(name);
    world.country_named_folded(&folded).is_some()
        || world
            .cities_named_folded(&folded)
            .first()
            .is_some_and(|c| c.population >= 15_000 && spelled_as_place(c, name))
}

/// Whether `written` spells `city` as places are written: with its
/// capitals, or in capitals when long enough not to be an acronym
/// ("LOUISVILLE" is the city, "PEC" a firm).
pub(super) fn spelled_as_place(city: &pledgegraph_importer::world::City, written: &str) -> bool {
    city.spellings().any(|s| s == written)
        || written.chars().count() >= 6 && !written.chars().any(char::is_lowercase)
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
    let folded = fold(name);
    let mut words: Vec<&str> = folded.split(' ').collect();
    // "S.A." folds to "s a".
    if words.len() > 2 && words[words.len() - 2..] == ["s", "a"] {
        words.truncate(words.len() - 2);
    }
    while words.len() > 1 && LEGAL.contains(words.last().expect("not empty")) {
        words.pop();
    }
    while words.len() > 1 && LEGAL.contains(&words[0]) {
        words.remove(0);
    }
    words.join(" ")
}

/// Every whole-word occurrence of the needles in `text`, letter case
/// ignored (ASCII): (needle index, start, end). Longest first where two
/// start together.
pub(super) fn words_in(text: &str, needles: &[&str]) -> Vec<(usize, usize, usize)> {
    let found = if needles.len() <= FEW_NEEDLES {
        each_needle_in(text, needles)
    } else {
        matches_of(&automaton_of(needles), needles, text)
    };
    whole_words(text, found)
}

/// Needles known before any text (a vocabulary): their automaton is built
/// once, not once per release.
pub(super) struct Needles {
    needles: Vec<&'static str>,
    automaton: AhoCorasick,
}

impl Needles {
    pub(super) fn new(needles: Vec<&'static str>) -> Needles {
        let automaton = automaton_of(&needles);
        Needles { needles, automaton }
    }

    /// [`words_in`] for these needles.
    pub(super) fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        whole_words(text, matches_of(&self.automaton, &self.needles, text))
    }
}

/// Of overlapping occurrences, the whole words: leftmost, then longest,
/// then the first needle; no two overlap.
fn whole_words(text: &str, mut found: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let whole_word = |start: usize, end: usize| {
        !word(text[..start].chars().next_back()) && !word(text[end..].chars().next())
    };
    found.retain(|&(_, start, end)| whole_word(start, end));
    found.sort_by_key(|&(index, start, end)| (start, std::cmp::Reverse(end), index));
    let mut taken_to = 0;
    found.retain(|&(_, start, end)| {
        let free = start >= taken_to;
        if free {
            taken_to = end;
        }
        free
    });
    found
}

/// Up to this many needles, one substring search each beats building an
/// automaton; past it, one pass for all keeps the work linear in the text.
const FEW_NEEDLES: usize = 16;

/// Occurrences of each needle, ASCII case aside: (needle, start, end).
fn each_needle_in(text: &str, needles: &[&str]) -> Vec<(usize, usize, usize)> {
    // ASCII lowering keeps every byte where it was: offsets stay valid.
    let haystack = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for (index, needle) in needles.iter().enumerate() {
        if needle.is_empty() {
            continue;
        }
        let needle = needle.to_ascii_lowercase();
        for (start, _) in haystack.match_indices(&needle) {
            found.push((index, start, start + needle.len()));
        }
    }
    found
}

/// The automaton of the non-empty needles, ASCII case aside. A contiguous
/// NFA builds far faster than a DFA and searches a release about as fast.
fn automaton_of(needles: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(needles.iter().map(|n| if n.is_empty() { "\0" } else { n }))
        .expect("names make a small automaton")
}

/// [`each_needle_in`] in one Aho-Corasick pass.
fn matches_of(automaton: &AhoCorasick, needles: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
    automaton
        .find_overlapping_iter(text)
        .filter(|m| !needles[m.pattern().as_usize()].is_empty())
        .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
        .collect()
}

/// Folded words without articles: what two spellings of a domain share.
pub(super) fn words_key(text: &str) -> String {
    const SMALL: &[&str] = &[
        "de", "du", "des", "la", "le", "les", "l", "d", "et", "and", "of", "the", "en",
    ];
    fold(text)
        .split(' ')
        .filter(|w| !SMALL.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod words_in_tests {
    use super::*;

    #[test]
    fn one_search_per_needle_and_one_for_all_find_the_same() {
        let text = "Nordline et NORDLINE Textiles, nordlines; Atlas-Bois, Atlas, l'atlas.";
        let needles = [
            "Nordline",
            "Nordline Textiles",
            "atlas",
            "Atlas-Bois",
            "",
            "tlas",
        ];
        let mut one_each = each_needle_in(text, &needles);
        let mut all_at_once = matches_of(&automaton_of(&needles), &needles, text);
        one_each.sort_unstable();
        all_at_once.sort_unstable();
        assert_eq!(one_each, all_at_once);
        assert!(words_in(text, &needles).contains(&(1, 12, 29)));
    }
}
