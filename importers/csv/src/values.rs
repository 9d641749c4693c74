//! Cell values other than numbers: dates, qualifiers, agreement kinds.

use pledgegraph_importer::Qualifier;

use crate::header::fold;

/// A date as batch-v1 wants it (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), from
/// "2026", "2026-06", "2026-06-30", "30/06/2026", "06/2026".
pub fn date(text: &str) -> Option<String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !parts.iter().all(|p| all_digits(p)) {
        return None;
    }
    let (year, month, day) = match parts.as_slice() {
        [y] if y.len() == 4 => (*y, None, None),
        [y, m] if y.len() == 4 => (*y, Some(*m), None),
        [m, y] if y.len() == 4 => (*y, Some(*m), None),
        [y, m, d] if y.len() == 4 => (*y, Some(*m), Some(*d)),
        [d, m, y] if y.len() == 4 => (*y, Some(*m), Some(*d)),
        _ => return None,
    };
    let number = |s: Option<&str>, max: u32| -> Option<Option<u32>> {
        match s {
            None => Some(None),
            Some(s) => s
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .map(Some),
        }
    };
    let month = number(month, 12)?;
    let day = number(day, 31)?;
    Some(match (month, day) {
        (None, _) => year.to_owned(),
        (Some(m), None) => format!("{year}-{m:02}"),
        (Some(m), Some(d)) => format!("{year}-{m:02}-{d:02}"),
    })
}

/// The qualifier a jobs cell states in words or signs, and the rest of it:
/// "plus de 500" is at least 500, "~300" about 300.
pub fn jobs_qualifier(text: &str) -> (Qualifier, &str) {
    let folded = fold(text);
    let qualifier = if text.trim_start().starts_with(['>', '+'])
        || ["plus de", "more than", "over", "au moins", "at least"]
            .iter()
            .any(|w| folded.starts_with(w))
    {
        Qualifier::AtLeast
    } else if text.trim_start().starts_with(['<', '≤'])
        || ["jusqu a", "up to", "au plus", "at most"]
            .iter()
            .any(|w| folded.starts_with(w))
    {
        Qualifier::UpTo
    } else if text.trim_start().starts_with(['~', '≈'])
        || ["pres de", "environ", "about", "around", "nearly", "some"]
            .iter()
            .any(|w| folded.starts_with(w))
    {
        Qualifier::About
    } else {
        Qualifier::Exact
    };
    let digits = match text.find(|c: char| c.is_ascii_digit()) {
        Some(at) if qualifier != Qualifier::Exact => &text[at..],
        _ => text,
    };
    (qualifier, digits)
}

/// The snake_case kind of an agreement: "Protocole d'accord" and "MoU" are
/// `memorandum_of_understanding`, "Convention d'investissement" is
/// `investment_agreement`.
pub fn agreement_kind(text: &str) -> String {
    let folded = fold(text);
    let known = [
        (
            &[
                "protocole d accord",
                "memorandum",
                "mou",
                "memorandum of understanding",
            ][..],
            "memorandum_of_understanding",
        ),
        (
            &[
                "convention d investissement",
                "investment agreement",
                "accord d investissement",
            ][..],
            "investment_agreement",
        ),
        (&["convention"][..], "convention"),
        (
            &["annonce", "announcement", "lancement", "launch"][..],
            "announcement",
        ),
    ];
    for (words, kind) in known {
        if words
            .iter()
            .any(|w| folded == *w || folded.starts_with(&format!("{w} ")))
        {
            return kind.to_owned();
        }
    }
    folded.replace(' ', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date("2026").as_deref(), Some("2026"));
        assert_eq!(date("30/06/2026").as_deref(), Some("2026-06-30"));
        assert_eq!(date("2026-6").as_deref(), Some("2026-06"));
        assert_eq!(date("06/2026").as_deref(), Some("2026-06"));
        assert_eq!(date("13/13/2026"), None);
        assert_eq!(date("next year"), None);
    }

    #[test]
    fn qualifiers_and_kinds() {
        assert_eq!(jobs_qualifier("plus de 500"), (Qualifier::AtLeast, "500"));
        assert_eq!(jobs_qualifier("~300"), (Qualifier::About, "300"));
        assert_eq!(jobs_qualifier("jusqu'à 1 000"), (Qualifier::UpTo, "1 000"));
        assert_eq!(jobs_qualifier("1 750"), (Qualifier::Exact, "1 750"));
        assert_eq!(
            agreement_kind("Protocole d'accord"),
            "memorandum_of_understanding"
        );
        assert_eq!(
            agreement_kind("Convention d'investissement"),
            "investment_agreement"
        );
        assert_eq!(agreement_kind("Lettre d'intention"), "lettre_d_intention");
    }
}
