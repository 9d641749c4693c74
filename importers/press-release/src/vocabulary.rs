//! The rules' vocabulary, as data: `data/vocabulary/*.tsv` hold one row per
//! phrase with its role and language. Rules ask for a role's phrases as a
//! pattern alternation and compile it with their own context.

use std::sync::LazyLock;

/// One row of `data/vocabulary/cues.tsv`.
struct Cue {
    role: &'static str,
    phrase: &'static str,
}

static CUES: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    include_str!("../data/vocabulary/cues.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let fields: Vec<&str> = l.split('\t').collect();
            (fields.len() == 3).then(|| Cue {
                role: fields[0],
                phrase: fields[2],
            })
        })
        .collect()
});

/// The phrases of `role`, longest first.
pub fn phrases(role: &str) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = CUES
        .iter()
        .filter(|c| c.role == role)
        .map(|c| c.phrase)
        .collect();
    found.sort_by_key(|p| std::cmp::Reverse(p.len()));
    found.dedup();
    found
}

/// The phrases of `role` as a regex alternation (no group): literal text,
/// any run of spaces where a phrase has one.
pub fn alternation(role: &str) -> String {
    let phrases = phrases(role);
    assert!(!phrases.is_empty(), "no phrase has the role {role}");
    phrases
        .iter()
        .map(|p| regex::escape(p).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

/// As [`alternation`], for phrases that may open a sentence: a first letter
/// in lower case also matches in capitals ("Il s'agit de", "Selon").
pub fn alternation_any_first_case(role: &str) -> String {
    let phrases = phrases(role);
    assert!(!phrases.is_empty(), "no phrase has the role {role}");
    phrases
        .iter()
        .map(|p| {
            let mut chars = p.chars();
            let first = chars.next().expect("phrases are not empty");
            let rest = regex::escape(chars.as_str()).replace(' ', r"\s+");
            if first.is_lowercase() {
                let upper: String = first.to_uppercase().collect();
                format!("[{first}{upper}]{rest}")
            } else {
                format!("{}{rest}", regex::escape(&first.to_string()))
            }
        })
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_a_role_a_language_and_a_phrase() {
        for line in include_str!("../data/vocabulary/cues.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{line:?}");
            assert!(["fr", "en", "*"].contains(&fields[1]), "{line:?}");
            assert!(!fields[2].trim().is_empty(), "{line:?}");
        }
        assert!(phrases("legal_form").contains(&"SARL"));
        assert!(alternation("presence_cue").contains(r"en\s+présence\s+de"));
        assert!(alternation_any_first_case("partner_cue").contains(r"[iI]l\s+s'agit\s+de"));
    }
}
