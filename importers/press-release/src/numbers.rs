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
    /// ISO 4217, when the text names a currency.
    pub currency: Option<&'static str>,
    /// Written with a scale (millions, MDH, bn): an amount of money even when
    /// no currency is named.
    pub scaled: bool,
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(
        r"(?xi)
        (?P<pre>US\$|\$|€|£|\bUSD\s|\bEUR\s)?
        (?P<num>\d{1,3}(?:[\ .,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)
        (?:
            \s?(?P<unit>(?:MMDH|MMDhs|MDH|MDhs|MDT|Mds?\s?(?:de\s)?DH|MUSD|MEUR|Mrd)\b|Mds?\s?€|Md€|M€|M\$)
          | (?:\s?(?P<scale>milliards?|billions?|bn|mds?|millions?|mn|mio|(?-i:M|K)|mille|thousand)\b)?
            (?:\s?(?:de\s|d')?\s?(?P<cur>(?:dirhams?|dhs?|mad|euros?|eur|dollars?|usd|dinars?|tnd|dt|fcfa|f\s?cfa|xof|xaf|livres?\s+sterling|gbp|yens?|jpy)\b|€|\$|£))?
        )",
    )
});

fn currency_of(word: &str) -> Option<&'static str> {
    let word = word.to_lowercase();
    let word = word.trim();
    Some(match word {
        w if w.starts_with("dirham") || w.starts_with("dh") || w == "mad" => "MAD",
        w if w.starts_with("euro") || w == "€" || w == "eur" => "EUR",
        w if w.starts_with("dollar") || w == "$" || w == "us$" || w == "usd" => "USD",
        w if w.starts_with("dinar") || w == "tnd" || w == "dt" => "TND",
        w if w.contains("cfa") || w == "xof" => "XOF",
        "xaf" => "XAF",
        w if w.starts_with("livre") || w == "£" || w == "gbp" => "GBP",
        w if w.starts_with("yen") || w == "jpy" => "JPY",
        _ => return None,
    })
}

/// The value of the digits as written: a separator followed by exactly
/// three digits groups thousands; otherwise `.` or `,` marks decimals.
pub fn parse_digits(digits: &str) -> Option<f64> {
    let groups: Vec<&str> = digits.split([' ', '.', ',']).collect();
    if groups.len() == 1 {
        return digits.parse().ok();
    }
    let thousands = groups[1..].iter().all(|g| g.len() == 3);
    if thousands {
        return groups.concat().parse().ok();
    }
    // One decimal separator, possibly after thousands groups: "1 234,5".
    let (whole, fraction) = digits.rsplit_once(['.', ','])?;
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    format!("{whole}.{fraction}").parse().ok()
}

fn scale_of(word: &str) -> f64 {
    match word.to_lowercase().as_str() {
        w if w.starts_with("milliard") || w.starts_with("billion") || w == "bn" => 1e9,
        "md" | "mds" | "mrd" => 1e9,
        w if w.starts_with("million") || w == "mn" || w == "mio" || w == "m" => 1e6,
        "mille" | "thousand" | "k" => 1e3,
        _ => 1.0,
    }
}

/// Every number of `text`, in order.
pub fn amounts(text: &str) -> Vec<Amount> {
    let mut found = Vec::new();
    for caps in AMOUNT.captures_iter(text) {
        let whole = caps.get(0).expect("group 0");
        let num = caps.name("num").expect("always matched");
        // A digit glued to a word ("m2", "A320", "COP22") is no amount.
        if text[..num.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let Some(mut value) = parse_digits(num.as_str()) else {
            continue;
        };
        let mut currency = caps.name("pre").and_then(|m| currency_of(m.as_str()));
        let mut scaled = false;
        if let Some(unit) = caps.name("unit") {
            let unit = unit.as_str();
            let upper = unit.to_uppercase();
            value *= if upper.starts_with("MM")
                || upper.starts_with("MD") && !upper.starts_with("MDH") && !upper.starts_with("MDT")
            {
                1e9
            } else {
                1e6
            };
            currency = currency.or(if upper.contains("DH") {
                Some("MAD")
            } else if upper.ends_with('T') {
                Some("TND")
            } else if upper.contains('€') || upper.contains("EUR") {
                Some("EUR")
            } else if upper.contains('$') || upper.contains("USD") {
                Some("USD")
            } else {
                None
            });
            scaled = true;
        } else {
            if let Some(scale) = caps.name("scale") {
                value *= scale_of(scale.as_str());
                scaled = true;
            }
            if let Some(cur) = caps.name("cur") {
                currency = currency.or(currency_of(cur.as_str()));
            }
        }
        found.push(Amount {
            start: whole.start() + whole.as_str().len() - whole.as_str().trim_start().len(),
            end: whole.end(),
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
        let found = amounts(text);
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
        assert!(amounts("175 millions sur 5 ans")[0].scaled);
    }

    #[test]
    fn numbers_glued_to_words_are_not_amounts() {
        assert!(amounts("un Airbus A320").is_empty());
        assert_eq!(amounts("20.000 m2")[0].value, 20000.0);
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
