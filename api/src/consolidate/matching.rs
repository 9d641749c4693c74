//! Whether two reports tell of the same event, and why.
//!
//! Two agreements are one event when all of these hold:
//! - their kinds agree: they stand for the same stage (any two signed
//!   documents agree, an inauguration agrees only with an inauguration);
//! - their dates are compatible at their precision: the periods they name
//!   ("2022-04", "2022-04-13") are at most `window_days` apart. A report
//!   with no date at all, neither its own nor its document's, may match only
//!   with `min_shared_undated` companies in common;
//! - they have at least `min_shared` companies (operators or company
//!   parties) in common, companies being nodes of the graph, so that
//!   spellings and languages that resolve to one node count as one;
//! - no contradiction: their venues are not two different known cities, and
//!   the countries of their places are not disjoint.
//!
//! Within one event, one operator's reports are one commitment.

use std::collections::{BTreeMap, BTreeSet};

use pledgegraph_importer::period::{days_from_civil, Period};

use super::Stage;

/// How strict matching is. Kept in the database (`pledgegraph matching`), so
/// that every server writing to it matches alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchRules {
    /// Off: every report is its own event.
    pub enabled: bool,
    pub window_days: i64,
    pub min_shared: usize,
    pub min_shared_undated: usize,
}

impl Default for MatchRules {
    fn default() -> Self {
        MatchRules {
            enabled: true,
            window_days: 7,
            min_shared: 1,
            min_shared_undated: 2,
        }
    }
}

/// An event as matching sees it: a report of one document, or a
/// consolidated agreement.
#[derive(Debug, Clone, Default)]
pub struct EventView {
    pub kind: String,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Company node ids, with their names for the explanation.
    pub companies: BTreeMap<i64, String>,
    /// The venue, when it is a known city.
    pub venue_city: Option<(i64, String)>,
    /// Countries of the event's places (ISO codes).
    pub countries: BTreeSet<String>,
}

/// The days a date covers, first and last.
fn days(date: &str) -> Option<(i64, i64)> {
    let period = Period::parse(date)?;
    let day = |s: String| {
        let Some(Period::Day(y, m, d)) = Period::parse(&s) else {
            return None;
        };
        Some(days_from_civil(y, m, d))
    };
    Some((day(period.start())?, day(period.end())?))
}

/// Days between two dates at their precision: 0 when they overlap.
pub fn days_apart(a: &str, b: &str) -> Option<i64> {
    let ((a0, a1), (b0, b1)) = (days(a)?, days(b)?);
    Some((b0 - a1).max(a0 - b1).max(0))
}

/// Why `new` and `old` are one event, or `None` when they are not.
pub fn same_event(new: &EventView, old: &EventView, rules: &MatchRules) -> Option<String> {
    if !rules.enabled {
        return None;
    }
    let (stage, old_stage) = (Stage::of_kind(&new.kind), Stage::of_kind(&old.kind));
    if stage != old_stage {
        return None;
    }
    let shared: Vec<&str> = new
        .companies
        .iter()
        .filter(|(id, _)| old.companies.contains_key(id))
        .map(|(_, name)| name.as_str())
        .collect();
    let dates = match (&new.date, &old.date) {
        (Some(a), Some(b)) => {
            let apart = days_apart(a, b)?;
            if apart > rules.window_days || shared.len() < rules.min_shared {
                return None;
            }
            format!("dates {b} and {a} within {} days", rules.window_days)
        }
        _ if shared.len() >= rules.min_shared_undated.max(rules.min_shared) => {
            "no date to compare".to_owned()
        }
        _ => return None,
    };
    if let (Some((a, _)), Some((b, _))) = (&new.venue_city, &old.venue_city) {
        if a != b {
            return None;
        }
    }
    if !new.countries.is_empty()
        && !old.countries.is_empty()
        && new.countries.is_disjoint(&old.countries)
    {
        return None;
    }
    let venue = match &new.venue_city {
        Some((_, name)) if old.venue_city.is_some() => format!(", same venue ({name})"),
        _ => String::new(),
    };
    Some(format!(
        "same stage ({}: {} and {}), {dates}, {} compan{} in common ({}){venue}, no contradicting venue or country",
        stage.as_str(),
        old.kind,
        new.kind,
        shared.len(),
        if shared.len() == 1 { "y" } else { "ies" },
        shared.join(", "),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, date: Option<&str>, companies: &[(i64, &str)]) -> EventView {
        EventView {
            kind: kind.to_owned(),
            date: date.map(str::to_owned),
            companies: companies
                .iter()
                .map(|(id, name)| (*id, (*name).to_owned()))
                .collect(),
            ..EventView::default()
        }
    }

    #[test]
    fn dates_compare_at_their_precision() {
        assert_eq!(days_apart("2022-04", "2022-04-13"), Some(0));
        assert_eq!(days_apart("2022-04-13", "2022-04-20"), Some(7));
        assert_eq!(days_apart("2022-03-31", "2022-04"), Some(1));
        assert_eq!(days_apart("2021", "2022-01-05"), Some(5));
        assert_eq!(days_apart("not a date", "2022"), None);
    }

    #[test]
    fn one_event_reported_twice() {
        let rules = MatchRules::default();
        let old = event(
            "memorandum_of_understanding",
            Some("2024-05"),
            &[(1, "Atlas Motors"), (2, "Dune Cables")],
        );
        let new = event("convention", Some("2024-05-14"), &[(2, "Dune Cables")]);
        let why = same_event(&new, &old, &rules).expect("one event");
        assert!(why.contains("1 company in common (Dune Cables)"), "{why}");
        assert!(why.contains("within 7 days"), "{why}");
    }

    #[test]
    fn different_events_stay_apart() {
        let rules = MatchRules::default();
        let old = event("convention", Some("2024-05-14"), &[(1, "Atlas Motors")]);
        // Too far apart.
        let later = event("convention", Some("2024-09-02"), &[(1, "Atlas Motors")]);
        assert_eq!(same_event(&later, &old, &rules), None);
        // Another stage: an inauguration follows up, it is not the signing.
        let opened = event("inauguration", Some("2024-05-15"), &[(1, "Atlas Motors")]);
        assert_eq!(same_event(&opened, &old, &rules), None);
        // Nobody in common.
        let other = event("convention", Some("2024-05-14"), &[(3, "Sahel Foods")]);
        assert_eq!(same_event(&other, &old, &rules), None);
        // Two known cities.
        let mut here = event("convention", Some("2024-05-14"), &[(1, "Atlas Motors")]);
        let mut there = here.clone();
        here.venue_city = Some((10, "Tanger".into()));
        there.venue_city = Some((11, "Rabat".into()));
        assert_eq!(same_event(&here, &there, &rules), None);
        // Places in different countries.
        here.venue_city = None;
        there.venue_city = None;
        here.countries.insert("MA".into());
        there.countries.insert("TN".into());
        assert_eq!(same_event(&here, &there, &rules), None);
    }

    #[test]
    fn undated_reports_need_more_in_common_and_rules_can_be_stricter() {
        let mut rules = MatchRules::default();
        let old = event("mou", None, &[(1, "Atlas Motors"), (2, "Dune Cables")]);
        let one = event("mou", None, &[(1, "Atlas Motors")]);
        let two = event("mou", None, &[(1, "Atlas Motors"), (2, "Dune Cables")]);
        assert_eq!(same_event(&one, &old, &rules), None);
        assert!(same_event(&two, &old, &rules).is_some());
        rules.min_shared_undated = 3;
        assert_eq!(same_event(&two, &old, &rules), None);
        rules = MatchRules {
            enabled: false,
            ..MatchRules::default()
        };
        assert_eq!(same_event(&two, &old, &rules), None);
    }
}
