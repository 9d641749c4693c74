//! What each number of a sentence measures: new jobs, jobs an operator
//! already has, money invested, a figure about a sector (an observation),
//! or nothing this importer records.

use std::sync::LazyLock;

use pledgegraph_importer::Qualifier;
use regex::Regex;

use crate::numbers::Amount;
use crate::vocabulary;

#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    Jobs,
    ExistingJobs,
    Investment {
        currency: String,
    },
    /// A figure about a sector or company: people it employs, exports, revenue.
    Observation {
        indicator: &'static str,
        name: &'static str,
        unit: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Byte range in the sentence's text.
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub measure: Measure,
    pub qualifier: Qualifier,
}

use crate::pattern::compile as regex;

/// The noun after a number that makes it a count of people.
static PEOPLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*(?:(?:nouveaux|nouvelles|new|additional|supplémentaires|direct|directs|directes|stable|stables|durables|permanents?|full-time|indirect|indirects|et|and|créations\s+de|qualified|hautement\s+qualifiés|skilled|quality|well-paid|\p{Ll}+-(?:paying|skilled|wage|time|quality))\s+){0,4}(?P<noun>employment\s+opportunities|job\s+opportunities|emplois|emploi|postes|poste|jobs|job|positions|salariés|employés|employées|personnes|collaborateurs|collaboratrices|people|employees|workers|professionals|professionnels|ingénieurs|engineers|agents|techniciens|techniciennes|technicians|ouvriers|ouvrières|opérateurs|opératrices|operators|couturières|couturiers|cadres|recrutements|hires|créations\s+d'emplois|créations\s+de\s+postes)\b",
    )
});
static QUALIFIER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?P<q>plus\s+de|pas\s+moins\s+de|au\s+moins|more\s+than|over|at\s+least|no\s+fewer\s+than|près\s+de|pres\s+de|près|environ|quelque|nearly|almost|around|about|approximately|some|jusqu'à|up\s+to|as\s+many\s+as)\s*$",
    )
});
static SUBSET_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)\b(?:dont|including|of\s+which|parmi\s+lesquels)\s+(?:\S+\s+){0,2}$")
});
static EXISTING_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?:^|[^\p{{L}}])(?:{})\s*(?:\S+\s+){{0,2}}$",
        vocabulary::alternation("existing_cue")
    ))
});
/// "3,000 jobs ... already": within the clause, before any other number.
static EXISTING_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^[^,;\d]{0,60}?\b(?:déjà|already|actuellement|currently|existants|existing)(?:[^\p{L}]|$)",
    )
});
/// "Currently, it employs ...": a stock of staff today, anywhere before.
static EXISTING_IN_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)\b(?:currently|at\s+present|presently|already|actuellement|à\s+ce\s+jour)\b[^.;]*$")
});
/// "300 additional jobs", "4 000 emplois supplémentaires": new, whatever
/// else the clause says.
static ADDITIONAL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\b(?:additional|new|nouveaux|nouvelles)\b|supplémentaires"));
static ADDITIONAL_AFTER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^\s*(?:supplémentaires|additionnels|nouveaux|de\s+plus)"));
/// "emplois directs et indirects": not a count of direct jobs.
static DIRECT_AND_INDIRECT: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)^\s*(?:directs?|direct)\s*(?:,|et|and)\s*(?:indirects?|indirect)")
});
static NOT_INVESTED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?:^|[^\p{{L}}])(?:{})(?:\s+[\p{{L}}\-]+){{0,3}}\s*$",
        vocabulary::alternation("not_invested_before")
    ))
});
static WAGE_NOUN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^\s*(?:[\p{{L}}\-]+\s+){{0,3}}?(?:{})(?:[^\p{{L}}]|$)",
        vocabulary::alternation("wage_noun")
    ))
});
/// "45 millions de tonnes", "8 millions of patients": a count of things, so
/// no currency is assumed.
static COUNT_OF_THINGS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*(?:(?:de|d'|of)\s*\p{L}|(?:square|sq\.|m²|m2|km|kilom|hectares?|ha|acres?|tonnes?|tons?|litres?|liters?|barrels?|mw|gw|kw|mva|kwh|mwh|gwh|units?|unités|vehicles?|véhicules|cars|voitures|inhabitants|habitants|residents|metres|meters|mètres|visitors|visiteurs|passengers|passagers|doses|pieces|pièces|evs)(?:[^\p{L}]|$))",
    )
});
static EMPLOYS_AFTER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^[^,;.]{0,30}?\b(?:emploi\w*|employ\w*|salari\w*)"));
/// "with 140,000 professionals": a stock of people, not of jobs.
static WITH_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\b(?:with|avec)\s+(?:\S+\s+){0,2}$"));
static STOCK_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:emploie|emploi|emploient|employs|employing|compte|comptent|counts|regroupe|effectif\s+de|effectif|workforce\s+of|totalise|fait\s+travailler)\s+(?:\S+\s+){0,3}$",
    )
});
static CREATION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)cré(?:er|ée?s?|ation|era|eront|e|ant)|crééer|générant|génèrera|générera|permettr|recrut|embauch|creat|generat|hire|hiring|recruit|jobs\s+at\s+stake|emplois\s+directs|new\s+jobs|nouveaux\s+emplois",
    )
});
static SECTOR_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\b(?:secteur|sector|filière|industry|industrie)\b"));
/// A plant to come: the people it will employ are new jobs.
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\bwill\s+(?:build|open|set\s+up|employ|create|establish)|\b(?:construira|ouvrira|implantera|emploiera|va\s+(?:construire|ouvrir|implanter|employer))\b",
    )
});
static EXPORT_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)(?:export\w*|exportations)[^.;]{0,40}$"));
static REVENUE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)(?:chiffre\s+d'affaires|revenues?|turnover)[^.;]{0,40}$"));
/// Public money: "a $2.5 million grant", "une subvention de 2,4 millions".
static PUBLIC_MONEY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^\s*(?:[\p{{L}}\-]+\s+){{0,2}}?(?:{})(?:[^\p{{L}}]|$)",
        vocabulary::alternation("public_money")
    ))
});
/// "a grant of", "une subvention de", "tax credits worth up to", "un crédit
/// d'impôt pour l'emploi estimé à": the cue introduces the amount.
static PUBLIC_MONEY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?:^|[^\p{{L}}])(?:{})(?:\s+(?:pour|for)(?:\s+[\p{{Ll}}'\-]+){{1,2}})?(?:\s+(?:of|de|du|d'un|d'une|d'|worth|totall?ing|amounting|estimée?|évaluée?|estimated|to|up|jusqu'à|à|hauteur|un|une|montant|valued|at|about|environ|some|nearly|près|plus|more|than))*\s*$",
        vocabulary::alternation("public_money")
    ))
});
/// What stands between one sum and the same sum in another currency.
static SAME_SUM_BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*(?:\(|\[|,|-|–)?\s*(?:(?:soit|or|ou|i\.e\.|equivalent\s+to|l'équivalent\s+de|environ|about|around|some|près\s+de|nearly|approximately|quelque)\s+)*$",
    )
});
/// Pay, not investment: "$31 an hour", "un salaire de 4 000 dirhams par mois".
static WAGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)^\s*(?:an|a|per|par|de\s+l')\s*(?:hour|heure|week|semaine|month|mois)\b")
});
static WAGE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:salar(?:y|ies)|wages?|salaires?|rémunérations?|pay|paid|earn\w*)\b[^.;]{0,30}$",
    )
});
/// "between 300 and 400 jobs", "entre 60 et 80 emplois", "1,500-2,000
/// jobs": the lower bound, at least.
static RANGE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:\b(?:between|entre|de|from)\s+(?P<low>\d[\d,.\ ]*)\s+(?:and|et|à|to)\s*|(?P<dash>\d[\d,.]*)\s*[-–]\s*)$",
    )
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?:19|20)\d\d$"));

fn is_job_noun(noun: &str) -> bool {
    let noun = noun.to_lowercase();
    [
        "emploi",
        "poste",
        "job",
        "position",
        "création",
        "recrutement",
        "hire",
        "employment",
    ]
    .iter()
    .any(|n| noun.starts_with(n))
}

/// The last `n` bytes of `text`, or fewer to start on a character boundary.
fn tail(text: &str, n: usize) -> &str {
    let mut start = text.len().saturating_sub(n);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

fn qualifier(before: &str) -> Qualifier {
    match QUALIFIER_BEFORE.captures(before) {
        None => Qualifier::Exact,
        Some(caps) => {
            let q = caps["q"].to_lowercase();
            if q.starts_with("jusqu") || q.starts_with("up") || q.starts_with("as many") {
                Qualifier::UpTo
            } else if q.starts_with("plus")
                || q.starts_with("pas")
                || q.starts_with("au")
                || q.starts_with("more")
                || q.starts_with("over")
                || q.starts_with("at")
                || q.starts_with("no")
            {
                Qualifier::AtLeast
            } else {
                Qualifier::About
            }
        }
    }
}

/// How far before a number its context is read. The patterns look a few
/// words back; a bounded window keeps a sentence of any length linear.
const BEFORE_WINDOW: usize = 400;

/// The figures of `sentence`; money with no currency named takes
/// `default_currency`.
#[cfg(test)]
pub fn figures(
    sentence: &str,
    default_currency: Option<&str>,
    local_currency: Option<&str>,
) -> Vec<Figure> {
    let numbers = crate::numbers::amounts(sentence, local_currency);
    figures_among(sentence, numbers, default_currency)
}

/// As [`figures`], with the sentence's amounts already read.
pub fn figures_among(
    sentence: &str,
    mut numbers: Vec<Amount>,
    default_currency: Option<&str>,
) -> Vec<Figure> {
    let mut found = Vec::new();
    // Sentence-wide facts, read once rather than once per number.
    let creation = CREATION.is_match(sentence);
    let future = FUTURE.is_match(sentence);
    numbers.extend(crate::numbers::word_amounts(sentence));
    numbers.sort_by_key(|a| a.start);
    // Where the last amount in a currency ended, and its currency.
    let mut last_money: Option<(usize, &'static str)> = None;
    for Amount {
        start,
        end,
        value,
        currency,
        scaled,
    } in numbers
    {
        let written = sentence[start..end].trim();
        if YEAR.is_match(written) || value <= 0.0 {
            continue;
        }
        // "$600 million (€560 million)", "500 m dirhams, or $54 m": the
        // same sum again; the first currency written counts.
        if let (Some(c), Some((last_end, last_c))) = (currency, last_money) {
            if c != last_c
                && last_end <= start
                && SAME_SUM_BETWEEN.is_match(&sentence[last_end..start])
            {
                continue;
            }
        }
        if let Some(c) = currency {
            last_money = Some((end, c));
        }
        let before = tail(&sentence[..start], BEFORE_WINDOW);
        let after = &sentence[end..];
        let qualifier = qualifier(before);
        if SUBSET_BEFORE.is_match(before) {
            continue;
        }
        let assumed = default_currency
            .filter(|_| scaled && value >= 1e5 && !COUNT_OF_THINGS_AFTER.is_match(after));
        let measure = if let Some(currency) = currency.or(assumed) {
            let currency = currency.to_owned();
            if WAGE_AFTER.is_match(after)
                || WAGE_BEFORE.is_match(tail(before, 60))
                || WAGE_NOUN_AFTER.is_match(after)
                || NOT_INVESTED_BEFORE.is_match(tail(before, 60))
            {
                continue;
            } else if PUBLIC_MONEY_AFTER.is_match(after)
                || PUBLIC_MONEY_BEFORE.is_match(tail(before, 60))
            {
                Measure::Observation {
                    indicator: "public_support",
                    name: "Public support (grants, loans, tax credits)",
                    unit: currency,
                }
            } else if EXPORT_BEFORE.is_match(before) {
                Measure::Observation {
                    indicator: "exports",
                    name: "Exports",
                    unit: currency,
                }
            } else if REVENUE_BEFORE.is_match(before) {
                Measure::Observation {
                    indicator: "revenue",
                    name: "Revenue",
                    unit: currency,
                }
            } else {
                Measure::Investment { currency }
            }
        } else if let Some(people) = PEOPLE_AFTER.captures(after) {
            let noun_end = end + people.get(0).expect("group 0").end();
            let rest = &sentence[noun_end..];
            if SECTOR_BEFORE.is_match(before)
                && (STOCK_BEFORE.is_match(before) || EXISTING_BEFORE.is_match(before))
            {
                // "The sector already employs 15,000 people": the sector's, not an operator's.
                Measure::Observation {
                    indicator: "employees",
                    name: "Employees",
                    unit: "persons".into(),
                }
            } else if DIRECT_AND_INDIRECT.is_match(rest)
                || people[0].to_lowercase().contains("indirect")
            {
                continue;
            } else if (EXISTING_BEFORE.is_match(before) || EXISTING_AFTER.is_match(rest))
                && !ADDITIONAL.is_match(&people[0])
                && !ADDITIONAL_AFTER.is_match(rest)
            {
                Measure::ExistingJobs
            } else if STOCK_BEFORE.is_match(before)
                && EXISTING_IN_CLAUSE.is_match(before)
                && !future
            {
                // "At present, Kestrel employs 180 people": its staff there.
                Measure::ExistingJobs
            } else if (STOCK_BEFORE.is_match(before) && !future
                || WITH_BEFORE.is_match(before) && !is_job_noun(&people["noun"]))
                && !CREATION.is_match(tail(before, 40))
            {
                Measure::Observation {
                    indicator: "employees",
                    name: "Employees",
                    unit: "persons".into(),
                }
            } else if creation
                || future
                || !STOCK_BEFORE.is_match(before) && is_job_noun(&people["noun"])
            {
                Measure::Jobs
            } else {
                continue;
            }
        } else if EXISTING_BEFORE.is_match(before) && EMPLOYS_AFTER.is_match(after) {
            // "en plus des 800 qu'elle emploie"
            Measure::ExistingJobs
        } else {
            continue;
        };
        let (value, qualifier) = match RANGE_BEFORE.captures(tail(before, 40)) {
            Some(range) if measure == Measure::Jobs => {
                let low = range
                    .name("low")
                    .or(range.name("dash"))
                    .expect("one matched");
                match crate::numbers::parse_digits(low.as_str().trim()) {
                    Some(low) if low < value => (low, Qualifier::AtLeast),
                    _ => (value, qualifier),
                }
            }
            _ => (value, qualifier),
        };
        found.push(Figure {
            start,
            end,
            value,
            measure,
            qualifier,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measures(sentence: &str) -> Vec<(f64, Measure)> {
        figures(sentence, Some("MAD"), None)
            .into_iter()
            .map(|f| (f.value, f.measure))
            .collect()
    }

    #[test]
    fn new_and_existing_jobs() {
        assert_eq!(
            measures("Atlas s'engage à créer 1 750 emplois, en plus des 800 qu'elle emploie actuellement."),
            [(1750.0, Measure::Jobs), (800.0, Measure::ExistingJobs)]
        );
        assert_eq!(
            measures("750 personnes sont déjà recrutées"),
            [(750.0, Measure::ExistingJobs)]
        );
    }

    #[test]
    fn one_sum_in_two_currencies_counts_once_in_the_first() {
        assert_eq!(
            measures("Nordal investira 600 millions de dollars (560 millions d'euros) et créera 90 emplois"),
            [
                (600e6, Measure::Investment { currency: "USD".into() }),
                (90.0, Measure::Jobs)
            ]
        );
        let grant = measures("a $2.5 million grant beside the $40 million plant");
        assert!(matches!(
            &grant[0].1,
            Measure::Observation {
                indicator: "public_support",
                ..
            }
        ));
        assert_eq!(
            grant[1],
            (
                40e6,
                Measure::Investment {
                    currency: "USD".into()
                }
            )
        );
    }

    #[test]
    fn money_and_subsets() {
        let got = measures("un investissement de 2 milliards d'euros et 2.500 emplois d'ici 2030, dont 1.000 dans la première phase");
        assert_eq!(
            got,
            [
                (
                    2e9,
                    Measure::Investment {
                        currency: "EUR".into()
                    }
                ),
                (2500.0, Measure::Jobs)
            ]
        );
        assert_eq!(
            measures("va investir 175 millions sur 5 ans")[0].1,
            Measure::Investment {
                currency: "MAD".into()
            }
        );
    }

    #[test]
    fn figures_about_a_sector() {
        let got = measures("le secteur emploie plus de 120 000 personnes, pour un chiffre d'affaires à l'export de 13 milliards de dirhams en 2021");
        assert_eq!(
            got[0].1,
            Measure::Observation {
                indicator: "employees",
                name: "Employees",
                unit: "persons".into()
            }
        );
        assert_eq!(
            got[1],
            (
                13e9,
                Measure::Observation {
                    indicator: "exports",
                    name: "Exports",
                    unit: "MAD".into()
                }
            )
        );
        assert_eq!(
            figures("il emploie plus de 120 000 personnes", None, None)[0].qualifier,
            Qualifier::AtLeast
        );
    }
}
