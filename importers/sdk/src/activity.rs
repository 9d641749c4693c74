//! Economic activity codes (ISIC Rev.4, NACE Rev.2) in one comparable form,
//! so that a statistic coded `J62` or `ECO_ISIC4_J` meets the sector whose
//! attributes say `isic = 62` or `isic = J`.
//!
//! The two classifications share their sections (letters) and divisions
//! (two digits); below that their codes may differ.

/// The attribute names that carry activity codes on sector entities.
pub const ISIC: &str = "isic";
pub const NACE: &str = "nace";

/// The comparable form of an activity code: the section letter alone
/// (`C`), or the digits without the section letter and dots (`J62` and
/// `62` give `62`, `C10.1` gives `101`). `None` for what is not one code:
/// totals (`_T`, `TOTAL`), ranges (`B-E`), other classifications.
pub fn normalise(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    let code = ["ECO_ISIC4_", "ISIC4_", "ISIC_", "NACE_R2_", "NACE_"]
        .iter()
        .find_map(|prefix| code.strip_prefix(prefix))
        .unwrap_or(&code);
    let code: String = code.chars().filter(|c| *c != '.').collect();
    let is_section = |c: char| c.is_ascii_uppercase() && c <= 'U';
    let mut chars = code.chars();
    match (chars.next(), chars.as_str()) {
        (Some(section), "") if is_section(section) => Some(section.to_string()),
        (Some(section), digits) if is_section(section) && is_division_or_below(digits) => {
            Some(digits.to_owned())
        }
        _ if is_division_or_below(&code) => Some(code),
        _ => None,
    }
}

fn is_division_or_below(digits: &str) -> bool {
    (2..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a code of `scheme` (`isic` or `nace`) and a sector's code of
/// `their_scheme` name the same activity.
pub fn same_activity(scheme: &str, code: &str, their_scheme: &str, their_code: &str) -> bool {
    let (Some(ours), Some(theirs)) = (normalise(code), normalise(their_code)) else {
        return false;
    };
    // Sections and divisions are common to ISIC and NACE; finer codes only
    // compare within one classification.
    ours == theirs && (scheme == their_scheme || ours.len() <= 2)
}

/// The ISIC Rev.4 (and NACE Rev.2) sections by their first and last division.
const SECTIONS: [(char, u8, u8); 21] = [
    ('A', 1, 3),
    ('B', 5, 9),
    ('C', 10, 33),
    ('D', 35, 35),
    ('E', 36, 39),
    ('F', 41, 43),
    ('G', 45, 47),
    ('H', 49, 53),
    ('I', 55, 56),
    ('J', 58, 63),
    ('K', 64, 66),
    ('L', 68, 68),
    ('M', 69, 75),
    ('N', 77, 82),
    ('O', 84, 84),
    ('P', 85, 85),
    ('Q', 86, 88),
    ('R', 90, 93),
    ('S', 94, 96),
    ('T', 97, 98),
    ('U', 99, 99),
];

/// The codes, in comparable form, of the activities `code` belongs to,
/// nearest first: `2930` is in group `293`, division `29`, section `C`.
pub fn ancestors(code: &str) -> Vec<String> {
    let Some(code) = normalise(code) else {
        return Vec::new();
    };
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut found: Vec<String> = (2..code.len())
        .rev()
        .map(|n| code[..n].to_owned())
        .collect();
    let division: u8 = code[..2].parse().unwrap_or(0);
    if let Some((section, _, _)) = SECTIONS
        .iter()
        .find(|(_, first, last)| (*first..=*last).contains(&division))
    {
        found.push(section.to_string());
    }
    found
}

/// Whether two codes may name the same activity or one within the other
/// (`82` and `8220`); a section letter is taken to agree with any digits,
/// which this crate does not map to sections.
pub fn compatible(code: &str, their_code: &str) -> bool {
    match (normalise(code), normalise(their_code)) {
        (Some(ours), Some(theirs)) => {
            let digits = |c: &str| c.bytes().all(|b| b.is_ascii_digit());
            if digits(&ours) && digits(&theirs) {
                ours.starts_with(&theirs) || theirs.starts_with(&ours)
            } else {
                ours == theirs || digits(&ours) != digits(&theirs)
            }
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_every_spelling_compare() {
        assert_eq!(normalise("J62").as_deref(), Some("62"));
        assert_eq!(normalise("62").as_deref(), Some("62"));
        assert_eq!(normalise("ECO_ISIC4_C").as_deref(), Some("C"));
        assert_eq!(normalise("c10.1").as_deref(), Some("101"));
        assert_eq!(normalise("N8220").as_deref(), Some("8220"));
        for not_one in ["_T", "TOTAL", "B-E", "ECO_AGGREGATE_MAN", "Z99", "6", ""] {
            assert_eq!(normalise(not_one), None, "{not_one}");
        }
    }

    #[test]
    fn nace_meets_isic_down_to_divisions_only() {
        assert!(same_activity(NACE, "J62", ISIC, "62"));
        assert!(same_activity(NACE, "C", ISIC, "C"));
        assert!(!same_activity(NACE, "C29.3", ISIC, "C2930"));
        assert!(same_activity(ISIC, "2930", ISIC, "C2930"));
        assert!(!same_activity(ISIC, "J", ISIC, "62"));
    }

    #[test]
    fn classes_belong_to_groups_divisions_and_sections() {
        assert_eq!(ancestors("C2930"), ["293", "29", "C"]);
        assert_eq!(ancestors("J62"), ["J"]);
        assert_eq!(ancestors("N82"), ["N"]);
        assert!(
            ancestors("C").is_empty() && ancestors("_T").is_empty() && ancestors("04").is_empty()
        );
    }

    #[test]
    fn a_class_is_compatible_with_its_division_only() {
        assert!(compatible("8220", "N82"));
        assert!(compatible("C", "29"));
        assert!(!compatible("2930", "N82"));
        assert!(!compatible("C", "J"));
    }
}
