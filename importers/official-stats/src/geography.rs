//! Geography codes: ISO 3166-1 alpha-2 for countries, whatever spelling the
//! source uses (`MAR`, `MA`, `ma`); other codes (aggregates such as `WLD`,
//! regions, `EA20`) stay as the source gives them.

use std::collections::HashMap;
use std::sync::OnceLock;

const COUNTRIES: &str = include_str!("../data/countries.tsv");

struct Countries {
    by_alpha3: HashMap<&'static str, &'static str>,
}

fn countries() -> &'static Countries {
    static TABLE: OnceLock<Countries> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut by_alpha3 = HashMap::new();
        for line in COUNTRIES.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            if let (Some(a3), Some(a2)) = (fields.next(), fields.next()) {
                by_alpha3.insert(a3, a2);
            }
        }
        Countries { by_alpha3 }
    })
}

/// The geography code to store for `code`.
pub fn normalise(code: &str) -> String {
    let upper = code.trim().to_ascii_uppercase();
    let table = countries();
    if let Some(a2) = table.by_alpha3.get(upper.as_str()) {
        return (*a2).to_owned();
    }
    // Eurostat writes Greece EL and the United Kingdom UK.
    match upper.as_str() {
        "EL" => "GR".to_owned(),
        "UK" => "GB".to_owned(),
        _ => upper,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_become_alpha_2_and_aggregates_stay() {
        assert_eq!(normalise("MAR"), "MA");
        assert_eq!(normalise("ma"), "MA");
        assert_eq!(normalise("EL"), "GR");
        assert_eq!(normalise("WLD"), "WLD");
    }
}
