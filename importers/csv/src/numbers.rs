//! Numbers and money as tables write them: "1 750", "1.750", "2,5",
//! "$11,675,501", "65 MDH", "1,7 Mds DH", "€2 bn", "2.5M".

/// Spaces that tables put between thousands, and the apostrophe of "1'750".
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'')
}

/// Parses the digits of a number with any of the usual separators. A lone
/// separator followed by exactly three digits groups thousands ("1,750",
/// "1.750"), unless the integer part is 0 ("0,750"); otherwise it is the
/// decimal mark ("2,5", "1.25"). With both marks, the last one is decimal.
pub fn parse_number(text: &str) -> Option<f64> {
    let digits: String = text
        .trim()
        .chars()
        .filter(|c| !is_group_space(*c))
        .collect();
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits.as_str()),
    };
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let bytes = digits.as_bytes();
    let separated = |i: usize| !bytes[i].is_ascii_digit();
    if separated(0)
        || separated(bytes.len() - 1)
        || (1..bytes.len()).any(|i| separated(i) && separated(i - 1))
    {
        return None;
    }
    let last_dot = digits.rfind('.');
    let last_comma = digits.rfind(',');
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(d.max(c)),
        (Some(at), None) | (None, Some(at)) => {
            let mark = digits.as_bytes()[at] as char;
            let count = digits.matches(mark).count();
            let integer = &digits[..at];
            let fraction = &digits[at + 1..];
            if count > 1 || (fraction.len() == 3 && integer != "0") {
                None
            } else {
                Some(at)
            }
        }
        (None, None) => None,
    };
    let mut plain = String::with_capacity(digits.len());
    for (i, c) in digits.char_indices() {
        match c {
            '0'..='9' => plain.push(c),
            _ if Some(i) == decimal => plain.push('.'),
            _ => {}
        }
    }
    let value: f64 = plain.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// A whole non-negative count: jobs.
pub fn parse_count(text: &str) -> Option<i64> {
    let value = parse_number(text)?;
    (value >= 0.0 && value.fract() == 0.0 && value < 1e15).then_some(value as i64)
}

/// A scale and a currency, as a header or a cell states them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Unit {
    pub scale: f64,
    pub currency: Option<&'static str>,
}

/// Reads a unit such as "MDH", "M€", "$", "Mds DH", "bn", "k€". `None` when
/// the text is not a unit.
pub fn parse_unit(text: &str) -> Option<Unit> {
    let mut rest: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '(' && *c != ')')
        .collect();
    let mut currency = None;
    for (marks, code) in [
        (&["us$", "usd", "dollars", "dollar", "$"][..], "USD"),
        (&["euros", "euro", "eur", "€"][..], "EUR"),
        (&["dirhams", "dirham", "dhs", "mad", "dh"][..], "MAD"),
        (&["gbp", "£"][..], "GBP"),
    ] {
        if let Some(mark) = marks.iter().find(|m| rest.contains(*m)) {
            currency = Some(code);
            rest = rest.replacen(mark, "", 1);
            break;
        }
    }
    let scale = match rest.as_str() {
        "" => 1.0,
        "k" | "mille" | "milliers" => 1e3,
        "m" | "mn" | "million" | "millions" | "mio" => 1e6,
        // "MMDH" is how Moroccan tables write billions of dirhams.
        "mm" | "md" | "mds" | "mrd" | "mrds" | "milliard" | "milliards" | "bn" | "b"
        | "billion" | "billions" => 1e9,
        _ => return None,
    };
    Some(Unit { scale, currency })
}

/// An amount: the number in `text` times its unit, the cell's own unit
/// winning over the column's. Returns the amount and the currency, if any
/// is known.
pub fn parse_money(text: &str, column: Unit) -> Option<(f64, Option<&'static str>)> {
    let text = text.trim();
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let end = text.rfind(|c: char| c.is_ascii_digit())? + 1;
    let number = parse_number(&text[start..end])?;
    let around = format!("{} {}", &text[..start], &text[end..]);
    let unit = if around.trim().is_empty() {
        column
    } else {
        let own = parse_unit(&around)?;
        Unit {
            // A cell that names only its currency keeps the column's scale.
            scale: if own.scale == 1.0 && !has_scale_word(&around) {
                column.scale
            } else {
                own.scale
            },
            currency: own.currency.or(column.currency),
        }
    };
    let scale = if unit.scale == 0.0 { 1.0 } else { unit.scale };
    Some(((number * scale).round(), unit.currency))
}

fn has_scale_word(text: &str) -> bool {
    parse_unit(text).is_some_and(|u| u.scale != 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_every_separator() {
        assert_eq!(parse_number("1 750"), Some(1750.0));
        assert_eq!(parse_number("1\u{a0}750"), Some(1750.0));
        assert_eq!(parse_number("1\u{202f}750"), Some(1750.0));
        assert_eq!(parse_number("1,750"), Some(1750.0));
        assert_eq!(parse_number("1.750"), Some(1750.0));
        assert_eq!(parse_number("1.234.567"), Some(1234567.0));
        assert_eq!(parse_number("1,234,567.5"), Some(1234567.5));
        assert_eq!(parse_number("1.234.567,5"), Some(1234567.5));
        assert_eq!(parse_number("2,5"), Some(2.5));
        assert_eq!(parse_number("0,750"), Some(0.75));
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("1,,2"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_count("1 750"), Some(1750));
        assert_eq!(parse_count("2,5"), None);
    }

    #[test]
    fn money_in_its_many_forms() {
        let none = Unit {
            scale: 1.0,
            currency: None,
        };
        assert_eq!(
            parse_money("$11,675,501", none),
            Some((11_675_501.0, Some("USD")))
        );
        assert_eq!(
            parse_money("65 MDH", none),
            Some((65_000_000.0, Some("MAD")))
        );
        assert_eq!(
            parse_money("1,7 Mds DH", none),
            Some((1_700_000_000.0, Some("MAD")))
        );
        assert_eq!(
            parse_money("€2 bn", none),
            Some((2_000_000_000.0, Some("EUR")))
        );
        assert_eq!(parse_money("2.5M", none), Some((2_500_000.0, None)));
        let mdh = parse_unit("(MDH)").unwrap();
        assert_eq!(parse_money("40", mdh), Some((40_000_000.0, Some("MAD"))));
        assert_eq!(
            parse_money("12,5", parse_unit("M€").unwrap()),
            Some((12_500_000.0, Some("EUR")))
        );
        assert_eq!(
            parse_money("3 €", mdh),
            Some((3_000_000.0, Some("EUR"))),
            "a cell's currency keeps the column's scale"
        );
        assert_eq!(parse_money("beaucoup", none), None);
        assert_eq!(parse_money("12 parsecs", none), None);
    }
}
