//! Numbers as releases write them: `5 050` (any space), `1.500`, `1,7
//! milliard`, `65 millions de dirhams`, `751 MDH`, `$1 bn`, `91 MDT`, `60
//! milliards de FCFA`, and numbers in words (quatre, deux mille).

use std::sync::LazyLock;

use regex::Regex;

/// A number found in the text, with its currency when it is money.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// ISO 4217, when the text names a currency: the currency of the
    /// release's country when the word is shared ("$" in Canada), else the
    /// usual one (USD).
    pub currency: Option<&'static str>,
    /// Written with a scale (millions, MDH, bn): an amount of money even when
    /// no currency is named.
    pub scaled: bool,
}

/// A row of `data/vocabulary/money.tsv`.
struct MoneyWord {
    role: &'static str,
    phrase: &'static str,
    value: &'static str,
}

static MONEY_WORDS: LazyLock<Vec<MoneyWord>> = LazyLock::new(|| {
    include_str!("../data/vocabulary/money.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() == 4).then(|| MoneyWord {
                role: f[0],
                phrase: f[2],
                value: f[3],
            })
        })
        .collect()
});

/// The phrases of one role, longest first, as an alternation.
fn alternation(role: &str) -> String {
    let mut phrases: Vec<&str> = MONEY_WORDS
        .iter()
        .filter(|w| w.role == role)
        .map(|w| w.phrase)
        .collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    phrases
        .iter()
        .map(|p| regex::escape(p).replace(' ', r"\s?"))
        .collect::<Vec<_>>()
        .join("|")
}

/// (role, phrase without spaces, lower case) to the row's value.
static MONEY_VALUES: LazyLock<foldhash::HashMap<(&'static str, String), &'static str>> =
    LazyLock::new(|| {
        let mut values = foldhash::HashMap::default();
        for w in MONEY_WORDS.iter() {
            values.entry((w.role, compact(w.phrase))).or_insert(w.value);
        }
        values
    });

/// A phrase as looked up: no spaces, lower case.
fn compact(phrase: &str) -> String {
    phrase
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn value_of(role: &'static str, written: &str) -> Option<&'static str> {
    MONEY_VALUES.get(&(role, compact(written))).copied()
}

/// "USD|CAD|AUD" read in a country whose currency is `local`.
fn pick(codes: &'static str, local: Option<&str>) -> &'static str {
    codes
        .split('|')
        .find(|c| Some(*c) == local)
        .unwrap_or_else(|| codes.split('|').next().unwrap_or(codes))
}

/// Digits as written: "5 050", "1.500", "1,08,599", "1,7".
const DIGITS: &str = r"\d{1,2}(?:,\d\d)+,\d{3}|\d{1,3}(?:[\ .,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?";

/// What may follow the digits: a unit ("MDH"), or a scale and a currency
/// ("millions de dirhams"), each optional.
static SUFFIX: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:
            \s?(?P<unit>{units})(?:[^\p{{L}}]|$)
          | (?:(?:\s?|-)(?P<scale>{scales})(?:[^\p{{L}}]|$))?
            (?:\s?(?:de\s|d'|of\s)?\s?(?P<cur>{currencies})(?:[^\p{{L}}]|$))?
        )",
        units = alternation("unit"),
        scales = alternation("scale"),
        currencies = alternation("currency"),
    )
});

/// A whole amount: a symbol maybe, the digits, a suffix maybe. Only
/// found (`find_iter`): filling its groups is costly on a pattern this
/// size, so its parts are read by [`DIGITS_AT`] and [`SUFFIX_AT`] on the
/// match alone.
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    // Letters as symbols ("R800 million", "Rs 1,200 crore") only before
    // digits, and never inside a word.
    crate::pattern::compile(&format!(
        r"(?xi) (?:(?:{symbols})\s?)? (?:{DIGITS}) {suffix}",
        symbols = alternation("symbol"),
        suffix = &*SUFFIX,
    ))
});
static DIGITS_AT: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern::compile(&format!(r"^(?:{DIGITS})")));
static SUFFIX_AT: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern::compile(&format!(r"(?xi)^{}", &*SUFFIX)));

/// The value of the digits as written: a separator followed by exactly
/// three digits groups thousands (also "1,08,599", grouped the Indian
/// way); otherwise `.` or `,` marks decimals.
pub fn parse_digits(digits: &str) -> Option<f64> {
    let groups: Vec<&str> = digits.split([' ', '.', ',']).collect();
    if groups.len() == 1 {
        return digits.parse().ok();
    }
    let thousands = groups[1..].iter().all(|g| g.len() == 3);
    let indian = groups.len() > 2
        && digits.contains(',')
        && groups.last().is_some_and(|g| g.len() == 3)
        && groups[1..groups.len() - 1].iter().all(|g| g.len() == 2);
    if thousands || indian {
        return groups.concat().parse().ok();
    }
    // One decimal separator, possibly after thousands groups: "1 234,5".
    let (whole, fraction) = digits.rsplit_once(['.', ','])?;
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    format!("{whole}.{fraction}").parse().ok()
}

/// Every number of `text`, in order, its shared currency words read in a
/// country whose currency is `local`.
pub fn amounts(text: &str, local: Option<&str>) -> Vec<Amount> {
    let mut found = Vec::new();
    // Every amount has a digit; most sentences have none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return found;
    }
    for whole in AMOUNT.find_iter(text) {
        let first_digit = whole.start()
            + whole
                .as_str()
                .find(|c: char| c.is_ascii_digit())
                .expect("an amount has digits");
        let digits = DIGITS_AT
            .find(&text[first_digit..whole.end()])
            .expect("an amount's digits")
            .as_str();
        let (num_start, num_end) = (first_digit, first_digit + digits.len());
        // A symbol written before the digits, and what follows them.
        let symbol = text[whole.start()..first_digit].trim_end();
        let pre = (!symbol.is_empty()).then_some((whole.start(), symbol));
        let suffix = (whole.end() > num_end)
            .then(|| SUFFIX_AT.captures(&text[num_end..]))
            .flatten();
        let part = |group: &str| {
            let m = suffix.as_ref()?.name(group)?;
            Some((num_end + m.end(), m.as_str()))
        };
        let glued = |at: usize| {
            text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric())
        };
        // A letter symbol ends no word ("créer 1 750" has no rand), and a
        // digit glued to a word ("m2", "A320", "COP22") is no amount.
        let pre = pre.filter(|&(at, _)| !glued(at));
        let glued_at = pre.map_or(num_start, |(at, _)| at);
        if glued(glued_at) {
            continue;
        }
        let Some(mut value) = parse_digits(digits) else {
            continue;
        };
        // "MAD 354.944 million", "$1.250 billion": written the English way,
        // with the currency first, a lone dot is a decimal one.
        if pre.is_some() && digits.matches('.').count() == 1 && !digits.contains([',', ' ']) {
            value = digits.parse().unwrap_or(value);
        }
        let mut currency = pre
            .and_then(|(_, symbol)| value_of("symbol", symbol))
            .map(|codes| pick(codes, local));
        let mut scaled = false;
        let mut end = num_end;
        if let Some((unit_end, unit)) = part("unit") {
            end = unit_end;
            let (multiplier, code) = value_of("unit", unit)
                .and_then(|v| v.split_once(' ').or(Some((v, ""))))
                .unwrap_or(("1", ""));
            value *= multiplier.parse::<f64>().unwrap_or(1.0);
            if !code.is_empty() {
                currency = currency.or(Some(pick(code, local)));
            }
            scaled = true;
        } else {
            if let Some((scale_end, scale)) = part("scale") {
                end = scale_end;
                // "20 m" is metres; "£170m", "2.5M" are money.
                let letter = scale.len() == 1;
                if !letter || pre.is_some() || scale.chars().all(char::is_uppercase) {
                    // "1,135 milliard": a singular scale counts less than
                    // two, so the comma is a decimal one.
                    if matches!(scale, "milliard" | "million") && value >= 2.0 {
                        if let Some((whole, fraction)) = digits.split_once(',') {
                            value = format!("{whole}.{fraction}").parse().unwrap_or(value);
                        }
                    }
                    let multiplier = value_of("scale", scale).unwrap_or("1");
                    value *= multiplier.parse::<f64>().unwrap_or(1.0);
                    scaled = true;
                }
            }
            if let Some((cur_end, cur)) = part("cur") {
                end = cur_end;
                currency = currency.or(value_of("currency", cur).map(|c| pick(c, local)));
            }
        }
        found.push(Amount {
            start: if pre.is_some() { glued_at } else { num_start },
            end,
            value,
            currency,
            scaled,
        });
    }
    found
}

static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(
        r"(?i)\b(?:(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingts?|trente|quarante|cinquante|soixante|cents?|mille|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand)(?:[\s\-]+(?:et[\s\-]+)?|\b))+",
    )
});

/// Numbers written in words ("trois cents techniciens"), as amounts
/// without currency.
pub fn word_amounts(text: &str) -> Vec<Amount> {
    WORDS
        .find_iter(text)
        .filter_map(|m| {
            let words = m.as_str().trim_end();
            let value = word_number(words)?;
            Some(Amount {
                start: m.start(),
                end: m.start() + words.len(),
                value: value as f64,
                currency: None,
                scaled: false,
            })
        })
        .collect()
}

/// The value of a number written in words (`quatre`, `deux mille`,
/// `trois cents`, `twenty`), or of digits.
pub fn word_number(words: &str) -> Option<i64> {
    let mut total = 0i64;
    let mut current = 0i64;
    let mut any = false;
    for word in words
        .split([' ', '-'])
        .filter(|w| !w.is_empty() && *w != "et" && *w != "and")
    {
        let lower = word.to_lowercase();
        let unit = match lower.as_str() {
            "un" | "une" | "one" | "a" => 1,
            "deux" | "two" => 2,
            "trois" | "three" => 3,
            "quatre" | "four" => 4,
            "cinq" | "five" => 5,
            "six" => 6,
            "sept" | "seven" => 7,
            "huit" | "eight" => 8,
            "neuf" | "nine" => 9,
            "dix" | "ten" => 10,
            "onze" | "eleven" => 11,
            "douze" | "twelve" => 12,
            "treize" | "thirteen" => 13,
            "quatorze" | "fourteen" => 14,
            "quinze" | "fifteen" => 15,
            "seize" | "sixteen" => 16,
            // quatre-vingt: eighty
            "vingt" | "vingts" if (1..10).contains(&current) => {
                current *= 20;
                any = true;
                continue;
            }
            "vingt" | "vingts" | "twenty" => 20,
            "trente" | "thirty" => 30,
            "quarante" | "forty" => 40,
            "cinquante" | "fifty" => 50,
            "soixante" | "sixty" => 60,
            "cent" | "cents" | "hundred" => {
                current = current.max(1) * 100;
                any = true;
                continue;
            }
            "mille" | "thousand" => {
                total += current.max(1) * 1000;
                current = 0;
                any = true;
                continue;
            }
            w => match w.parse::<i64>() {
                Ok(n) => n,
                Err(_) => return None,
            },
        };
        current += unit;
        any = true;
    }
    any.then_some(total + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (f64, Option<&'static str>) {
        let found = amounts(text, None);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        (found[0].value, found[0].currency)
    }

    #[test]
    fn digits_as_releases_write_them() {
        assert_eq!(one("5 050 emplois"), (5050.0, None));
        assert_eq!(one("1.500 postes"), (1500.0, None));
        assert_eq!(one("5,050 jobs"), (5050.0, None));
        assert_eq!(one("soit 2.5 points"), (2.5, None));
        assert_eq!(one("12.000 emplois"), (12000.0, None));
    }

    #[test]
    fn money_in_every_spelling() {
        assert_eq!(one("65 millions de dirhams"), (65e6, Some("MAD")));
        assert_eq!(one("1,7 milliard de dirhams"), (1.7e9, Some("MAD")));
        assert_eq!(one("un montant de 751 MDH"), (751e6, Some("MAD")));
        assert_eq!(one("107MDH"), (107e6, Some("MAD")));
        assert_eq!(one("13 MMDH"), (13e9, Some("MAD")));
        assert_eq!(one("1,7 Mds DH"), (1.7e9, Some("MAD")));
        assert_eq!(one("240 millions de DH"), (240e6, Some("MAD")));
        assert_eq!(one("91 MDT"), (91e6, Some("TND")));
        assert_eq!(one("60 milliards de FCFA"), (60e9, Some("XOF")));
        assert_eq!(one("2 milliards d'euros"), (2e9, Some("EUR")));
        assert_eq!(one("12 M€"), (12e6, Some("EUR")));
        assert_eq!(one("$1 bn"), (1e9, Some("USD")));
        assert_eq!(one("€2 bn"), (2e9, Some("EUR")));
        assert_eq!(one("2.5M"), (2.5e6, None));
        assert!(amounts("175 millions sur 5 ans", None)[0].scaled);
        assert_eq!(amounts("1,135 milliard de dirhams", None)[0].value, 1.135e9);
        assert_eq!(amounts("MAD 354.944 million", None)[0].value, 354.944e6);
    }

    #[test]
    fn money_of_many_countries() {
        assert_eq!(one("Rs 1,08,599 crore"), (1_085_990_000_000.0, Some("INR")));
        assert_eq!(one("Rs 1.54 lakh crore"), (1.54e12, Some("INR")));
        assert_eq!(one("£170m"), (170e6, Some("GBP")));
        assert_eq!(one("$600-million"), (600e6, Some("USD")));
        assert_eq!(one("R800 million"), (800e6, Some("ZAR")));
        assert_eq!(one("Sh28Bn"), (28e9, Some("KES")));
        assert_eq!(one("SAR 375 million"), (375e6, Some("SAR")));
        assert_eq!(one("MAD 857 million"), (857e6, Some("MAD")));
        assert_eq!(one("60 milliards de francs CFA"), (60e9, Some("XOF")));
        assert_eq!(one("20 m de large"), (20.0, None));
        assert_eq!(one("$1.8B"), (1.8e9, Some("USD")));
        assert_eq!(one("12 b"), (12.0, None));
    }

    #[test]
    fn shared_currency_words_follow_the_country() {
        let read = |text: &str, local| amounts(text, local)[0].currency;
        assert_eq!(read("$14 million", Some("CAD")), Some("CAD"));
        assert_eq!(read("145 M$", Some("CAD")), Some("CAD"));
        assert_eq!(read("$14 million", Some("EUR")), Some("USD"));
        assert_eq!(read("4 milliards de FCFA", Some("XAF")), Some("XAF"));
        assert_eq!(read("54 milliards de dinars", Some("DZD")), Some("DZD"));
        assert_eq!(read("US$28 million", Some("CAD")), Some("USD"));
    }

    #[test]
    fn numbers_glued_to_words_are_not_amounts() {
        assert!(amounts("un Airbus A320", None).is_empty());
        assert_eq!(amounts("20.000 m2", None)[0].value, 20000.0);
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(word_number("quatre"), Some(4));
        assert_eq!(word_number("Huit"), Some(8));
        assert_eq!(word_number("deux mille"), Some(2000));
        assert_eq!(word_number("trois cents"), Some(300));
        assert_eq!(word_number("twenty-two"), Some(22));
        assert_eq!(word_number("quatre-vingt"), Some(80));
        assert_eq!(word_number("emplois"), None);
    }
}
