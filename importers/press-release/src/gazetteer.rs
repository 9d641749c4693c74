//! General knowledge the rules look things up in: cities with their
//! spellings and coordinates, and the sector taxonomy with its vocabulary.
//! Both are data files in `data/`, compiled in.

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

use pledgegraph_importer::fold;
use regex::Regex;

pub struct City {
    pub name: &'static str,
    pub spellings: Vec<&'static str>,
    pub country: &'static str,
    pub latitude: &'static str,
    pub longitude: &'static str,
}

pub struct Sector {
    pub code: &'static str,
    pub parent: Option<&'static str>,
    pub isic: Option<&'static str>,
    pub name_en: &'static str,
    pub name_fr: &'static str,
}

/// A gazetteer entry found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    /// Index into [`CITIES`] or [`SECTORS`].
    pub entry: usize,
}

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t').collect())
}

pub static CITIES: LazyLock<Vec<City>> = LazyLock::new(|| {
    rows(include_str!("../data/cities.tsv"))
        .map(|f| {
            let mut spellings = vec![f[0]];
            spellings.extend(f[1].split('|').filter(|s| !s.is_empty()));
            City {
                name: f[0],
                spellings,
                country: f[2],
                latitude: f[3],
                longitude: f[4],
            }
        })
        .collect()
});

pub static SECTORS: LazyLock<Vec<(Sector, Vec<&'static str>)>> = LazyLock::new(|| {
    rows(include_str!("../data/sectors.tsv"))
        .map(|f| {
            let sector = Sector {
                code: f[0],
                parent: Some(f[1]).filter(|p| !p.is_empty()),
                isic: Some(f[2]).filter(|p| !p.is_empty()),
                name_en: f[3],
                name_fr: f[4],
            };
            (sector, f[5].split('|').collect())
        })
        .collect()
});

/// A pattern for `term` that also matches it without accents, with any
/// apostrophe and with any run of spaces.
fn loose(term: &str) -> String {
    let mut pattern = String::new();
    for c in term.chars() {
        match c {
            'e' | 'é' | 'è' | 'ê' | 'ë' => pattern.push_str("[eéèêë]"),
            'E' | 'É' | 'È' => pattern.push_str("[EÉÈ]"),
            'a' | 'à' | 'â' | 'ä' => pattern.push_str("[aàâä]"),
            'i' | 'î' | 'ï' => pattern.push_str("[iîï]"),
            'o' | 'ô' | 'ö' => pattern.push_str("[oôö]"),
            'u' | 'ù' | 'û' | 'ü' => pattern.push_str("[uùûü]"),
            'c' | 'ç' => pattern.push_str("[cç]"),
            '\'' => pattern.push_str("'\\s?"),
            ' ' => pattern.push_str("\\s+"),
            '-' => pattern.push_str("[-\\s]"),
            c => pattern.push_str(&regex::escape(&c.to_string())),
        }
    }
    pattern
}

/// A gazetteer's terms as one pattern (longest first, on word boundaries,
/// no capture groups: a DFA finds them fast), and the entry of each term by
/// its folded form, to tell which one matched.
struct Terms {
    regex: Regex,
    entries: HashMap<String, usize>,
}

impl Terms {
    fn new(terms: &[(usize, &str)]) -> Terms {
        let mut sorted = terms.to_vec();
        sorted.sort_by_key(|(_, term)| std::cmp::Reverse(term.chars().count()));
        let patterns: Vec<String> = sorted.iter().map(|(_, t)| loose(t)).collect();
        // No `\b`: it would keep the search off the DFA (see `pattern`);
        // `find` checks the boundaries.
        let regex = Regex::new(&format!(r"(?:{})", patterns.join("|")))
            .expect("gazetteer terms make a valid pattern");
        let mut entries = HashMap::new();
        for (entry, term) in sorted.iter().rev() {
            entries.insert(fold(term), *entry);
        }
        Terms { regex, entries }
    }

    fn find(&self, text: &str) -> Vec<Found> {
        let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        self.regex
            .find_iter(text)
            .filter(|m| {
                !letter(text[..m.start()].chars().next_back())
                    && !letter(text[m.end()..].chars().next())
            })
            .filter_map(|m| {
                Some(Found {
                    start: m.start(),
                    end: m.end(),
                    entry: *self.entries.get(&fold(m.as_str()))?,
                })
            })
            .collect()
    }
}

static CITY_TERMS: LazyLock<Terms> = LazyLock::new(|| {
    let terms: Vec<(usize, &str)> = CITIES
        .iter()
        .enumerate()
        .flat_map(|(i, city)| city.spellings.iter().map(move |s| (i, *s)))
        .collect();
    Terms::new(&terms)
});

/// A character as terms are compared: lower case, no accent; a hyphen or
/// any space is one space.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(match c {
            '-' => ' ',
            c if c.is_ascii_whitespace() => ' ',
            c => c.to_ascii_lowercase(),
        });
        return;
    }
    match c {
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => out.push('a'),
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => out.push('e'),
        'î' | 'ï' | 'í' | 'Î' | 'Ï' => out.push('i'),
        'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' => out.push('o'),
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' => out.push('u'),
        'ç' | 'Ç' => out.push('c'),
        'ñ' | 'Ñ' => out.push('n'),
        '-' => out.push(' '),
        c if c.is_whitespace() => out.push(' '),
        c => out.extend(c.to_lowercase()),
    }
}

/// Case- and accent-insensitive terms, searched in one Aho-Corasick pass
/// over a folded copy of the text: thousands of terms stay linear (a regex
/// of them outgrows its DFA).
struct FoldedTerms {
    automaton: aho_corasick::AhoCorasick,
    entries: Vec<usize>,
}

impl FoldedTerms {
    fn new(terms: &[(usize, &str)]) -> FoldedTerms {
        let folded: Vec<String> = terms
            .iter()
            .map(|(_, t)| {
                let mut out = String::new();
                t.chars().for_each(|c| fold_char(c, &mut out));
                out
            })
            .collect();
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&folded)
            .expect("the sector terms build an automaton");
        FoldedTerms {
            automaton,
            entries: terms.iter().map(|(entry, _)| *entry).collect(),
        }
    }

    fn find(&self, text: &str) -> Vec<Found> {
        // The folded text, and for each of its bytes the original offset.
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len() + 1);
        let mut previous_space = false;
        for (at, c) in text.char_indices() {
            let before = folded.len();
            fold_char(c, &mut folded);
            // Runs of spaces fold to one.
            if folded.ends_with(' ') && previous_space && folded.len() > before {
                folded.pop();
                continue;
            }
            previous_space = folded.ends_with(' ');
            origin.extend(std::iter::repeat_n(at, folded.len() - before));
        }
        origin.push(text.len());
        let letter = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        self.automaton
            .find_iter(&folded)
            .filter_map(|m| {
                let start = origin[m.start()];
                // The end is where the next folded byte's character starts.
                let end = origin[m.end()];
                let end = if m.end() < folded.len() {
                    end
                } else {
                    text.len()
                };
                let end = text[..end].trim_end().len().max(start);
                let ok = !letter(text[..start].chars().next_back())
                    && !letter(text[end..].chars().next());
                ok.then_some(Found {
                    start,
                    end,
                    entry: self.entries[m.pattern().as_usize()],
                })
            })
            .collect()
    }
}

static SECTOR_TERMS: LazyLock<FoldedTerms> = LazyLock::new(|| {
    let terms: Vec<(usize, &str)> = SECTORS
        .iter()
        .enumerate()
        .flat_map(|(i, (_, terms))| terms.iter().map(move |t| (i, *t)))
        .collect();
    FoldedTerms::new(&terms)
});

/// The cities named in `text`, by any spelling (capitalised as a name).
pub fn cities(text: &str) -> Vec<Found> {
    CITY_TERMS.find(text)
}

/// The sectors named in `text`, by any of their terms.
pub fn sectors(text: &str) -> Vec<Found> {
    SECTOR_TERMS.find(text)
}

/// The country a city of the gazetteer is in, for `Maroc`, `Tunisie` ...
pub fn country_code(name: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(name)))
        .map(|(code, _)| *code)
}

/// Countries by the names releases use, and the nationality adjectives that
/// say where a company comes from ("l'américain Arvex", "the Japanese group").
pub const COUNTRIES: &[(&str, &[&str])] = &[
    (
        "MA",
        &[
            "Maroc",
            "Morocco",
            "marocain",
            "marocaine",
            "Moroccan",
            "Royaume",
            "Kingdom",
        ],
    ),
    (
        "TN",
        &["Tunisie", "Tunisia", "tunisien", "tunisienne", "Tunisian"],
    ),
    (
        "DZ",
        &["Algérie", "Algeria", "algérien", "algérienne", "Algerian"],
    ),
    (
        "EG",
        &[
            "Égypte",
            "Egypte",
            "Egypt",
            "égyptien",
            "égyptienne",
            "Egyptian",
        ],
    ),
    (
        "SN",
        &[
            "Sénégal",
            "Senegal",
            "sénégalais",
            "sénégalaise",
            "Senegalese",
        ],
    ),
    (
        "CI",
        &[
            "Côte d'Ivoire",
            "Ivory Coast",
            "ivoirien",
            "ivoirienne",
            "Ivorian",
        ],
    ),
    (
        "NG",
        &["Nigeria", "Nigéria", "nigérian", "nigériane", "Nigerian"],
    ),
    ("ML", &["Mali", "malien", "malienne"]),
    (
        "BF",
        &["Burkina Faso", "burkinabè", "burkinabé", "burkinabée"],
    ),
    (
        "CM",
        &[
            "Cameroun",
            "Cameroon",
            "camerounais",
            "camerounaise",
            "Cameroonian",
        ],
    ),
    ("KE", &["Kenya", "kényan", "kényane", "Kenyan"]),
    (
        "KW",
        &["Koweït", "Kuwait", "koweïtien", "koweïtienne", "Kuwaiti"],
    ),
    ("LU", &["luxembourgeois", "luxembourgeoise"]),
    (
        "AT",
        &[
            "Autriche",
            "Austria",
            "autrichien",
            "autrichienne",
            "Austrian",
        ],
    ),
    (
        "PL",
        &["Pologne", "Poland", "polonais", "polonaise", "Polish"],
    ),
    (
        "FI",
        &[
            "Finlande",
            "Finland",
            "finlandais",
            "finlandaise",
            "Finnish",
        ],
    ),
    (
        "NO",
        &["Norvège", "Norway", "norvégien", "norvégienne", "Norwegian"],
    ),
    (
        "IE",
        &["Irlande", "Ireland", "irlandais", "irlandaise", "Irish"],
    ),
    ("GR", &["Grèce", "Greece", "grec", "grecque", "Greek"]),
    (
        "MX",
        &["Mexique", "Mexico", "mexicain", "mexicaine", "Mexican"],
    ),
    (
        "BR",
        &["Brésil", "Brazil", "brésilien", "brésilienne", "Brazilian"],
    ),
    (
        "AU",
        &[
            "Australie",
            "Australia",
            "australien",
            "australienne",
            "Australian",
        ],
    ),
    (
        "SG",
        &[
            "Singapour",
            "Singapore",
            "singapourien",
            "singapourienne",
            "Singaporean",
        ],
    ),
    (
        "TW",
        &["Taïwan", "Taiwan", "taïwanais", "taïwanaise", "Taiwanese"],
    ),
    ("RU", &["Russie", "Russia", "russe", "Russian"]),
    (
        "ZA",
        &[
            "Afrique du Sud",
            "South Africa",
            "sud-africain",
            "South African",
        ],
    ),
    (
        "FR",
        &["France", "français", "française", "French", "Hexagone"],
    ),
    (
        "ES",
        &["Espagne", "Spain", "espagnol", "espagnole", "Spanish"],
    ),
    ("PT", &["Portugal", "portugais", "Portuguese"]),
    (
        "IT",
        &["Italie", "Italy", "italien", "italienne", "Italian"],
    ),
    (
        "DE",
        &[
            "Allemagne",
            "Germany",
            "allemand",
            "allemande",
            "German",
            "Allemande",
        ],
    ),
    (
        "GB",
        &["Royaume-Uni", "United Kingdom", "britannique", "British"],
    ),
    ("BE", &["Belgique", "Belgium", "belge", "Belgian"]),
    ("NL", &["Pays-Bas", "Netherlands", "néerlandais", "Dutch"]),
    ("CH", &["Suisse", "Switzerland", "suisse", "Swiss"]),
    (
        "DK",
        &["Danemark", "Denmark", "danois", "danoise", "Danish"],
    ),
    ("SE", &["Suède", "Sweden", "suédois", "suédoise", "Swedish"]),
    (
        "US",
        &[
            "États-Unis",
            "Etats-Unis",
            "United States",
            "américain",
            "américaine",
            "American",
            "USA",
        ],
    ),
    ("CA", &["Canada", "canadien", "canadienne", "Canadian"]),
    (
        "JP",
        &["Japon", "Japan", "japonais", "japonaise", "Japanese"],
    ),
    ("CN", &["Chine", "China", "chinois", "chinoise", "Chinese"]),
    (
        "KR",
        &[
            "Corée du Sud",
            "South Korea",
            "coréen",
            "coréenne",
            "Korean",
            "sud-coréen",
        ],
    ),
    ("IN", &["Inde", "India", "indien", "indienne", "Indian"]),
    ("TR", &["Turquie", "Turkey", "turc", "turque", "Turkish"]),
    (
        "AE",
        &[
            "Émirats arabes unis",
            "United Arab Emirates",
            "émirati",
            "émiratie",
            "Emirati",
        ],
    ),
    (
        "SA",
        &[
            "Arabie saoudite",
            "Saudi Arabia",
            "saoudien",
            "saoudienne",
            "Saudi",
        ],
    ),
    ("QA", &["Qatar", "qatari", "qatarie", "Qatari"]),
    (
        "IL",
        &["Israël", "Israel", "israélien", "israélienne", "Israeli"],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cities_by_any_spelling() {
        let text = "à Tanger, Fez, Meknes et Kénitra, puis Tangiers";
        let names: Vec<&str> = cities(text).iter().map(|f| CITIES[f.entry].name).collect();
        assert_eq!(names, ["Tanger", "Fès", "Meknès", "Kénitra", "Tanger"]);
    }

    #[test]
    fn sectors_by_their_longest_term() {
        let found = sectors("l'écosystème du Câblage automobile et l'outsorcing");
        let codes: Vec<&str> = found.iter().map(|f| SECTORS[f.entry].0.code).collect();
        assert_eq!(codes, ["wiring_harness", "outsourcing"]);
    }

    #[test]
    fn every_sector_parent_exists() {
        for (sector, _) in SECTORS.iter() {
            if let Some(parent) = sector.parent {
                assert!(SECTORS.iter().any(|(s, _)| s.code == parent), "{parent}");
            }
        }
    }
}
