//! Which value a consolidated fact takes when its sources disagree.
//!
//! The rule, for one property of one fact: the value stated by an issuing
//! body (a ministry's, an agency's or a government's own release) wins over
//! the press; then the value stated by the most documents; then the one
//! stated by the latest document; then, so that the answer never depends
//! on the order of imports, the smallest value. Dates are first narrowed:
//! where every stated date is compatible ("2022-04" and "2022-04-13"), the
//! most precise wins.

use std::collections::{BTreeMap, BTreeSet};

/// A document as the choice sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub document: i64,
    /// Published by the body that issued the act, not by the press.
    pub official: bool,
    /// When the document appeared (`YYYY[-MM[-DD]]`, or the import time):
    /// later wins a tie.
    pub when: String,
}

/// Each distinct value of `stated` with the sources that state it, best
/// first by the rule above.
pub fn ranked<'a>(
    stated: impl IntoIterator<Item = (&'a str, &'a Source)>,
) -> Vec<(&'a str, Vec<&'a Source>)> {
    let mut by_value: BTreeMap<&str, Vec<&Source>> = BTreeMap::new();
    for (value, source) in stated {
        by_value.entry(value).or_default().push(source);
    }
    let mut ranked: Vec<(&str, Vec<&Source>)> = by_value.into_iter().collect();
    // Stable sort over values in ascending order: the smallest wins ties.
    ranked.sort_by_cached_key(|(_, sources)| {
        let documents: BTreeSet<i64> = sources.iter().map(|s| s.document).collect();
        let official = sources.iter().any(|s| s.official);
        let latest = sources.iter().map(|s| s.when.as_str()).max().unwrap_or("");
        std::cmp::Reverse((official, documents.len(), latest.to_owned()))
    });
    ranked
}

/// The value the rule chooses among `stated`.
pub fn choose<'a>(stated: impl IntoIterator<Item = (&'a str, &'a Source)>) -> Option<&'a str> {
    ranked(stated).first().map(|(value, _)| *value)
}

/// [`choose`] for dates: the most precise of dates that all agree.
pub fn choose_date<'a>(
    stated: impl IntoIterator<Item = (&'a str, &'a Source)> + Clone,
) -> Option<&'a str> {
    let dates: BTreeSet<&str> = stated.clone().into_iter().map(|(d, _)| d).collect();
    let finest = dates.iter().max_by_key(|d| d.len())?;
    if dates.iter().all(|d| finest.starts_with(d)) {
        return Some(finest);
    }
    choose(stated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(document: i64, official: bool, when: &str) -> Source {
        Source {
            document,
            official,
            when: when.to_owned(),
        }
    }

    #[test]
    fn the_issuer_then_the_most_sources_then_the_latest() {
        let (a, b, c) = (
            source(1, false, "2024-03-02"),
            source(2, false, "2024-03-03"),
            source(3, true, "2024-03-01"),
        );
        assert_eq!(
            choose([("200", &a), ("2162", &b), ("2162", &c)]),
            Some("2162")
        );
        assert_eq!(
            choose([("200", &c), ("2162", &a), ("2162", &b)]),
            Some("200")
        );
        assert_eq!(
            choose([("200", &a), ("2162", &b), ("200", &a)]),
            Some("2162")
        );
        let d = source(4, false, "2024-03-03");
        assert_eq!(choose([("300", &d), ("250", &b)]), Some("250"));
    }

    #[test]
    fn a_finer_date_that_agrees_wins() {
        let (a, b) = (source(1, false, "2022-04"), source(2, false, "2022-05"));
        assert_eq!(
            choose_date([("2022-04", &a), ("2022-04-13", &a), ("2022-04", &b)]),
            Some("2022-04-13")
        );
        assert_eq!(
            choose_date([("2022-04-13", &a), ("2022-05-02", &b)]),
            Some("2022-05-02")
        );
    }
}
