//! Dates as releases write them, resolved against the publication date:
//! "le jeudi 24 mars 2022", "le 24 mars", "ce mercredi", "lundi dernier",
//! "on Tuesday", "March 24, 2022".

use std::sync::LazyLock;

use pledgegraph_importer::period::{civil_from_days, days_from_civil, weekday_of};
use regex::Regex;

/// A calendar date as precise as known: year, and maybe month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl Date {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next().map(|m| m.parse().ok()).unwrap_or(None);
        let day = parts
            .next()
            .map(|d| d.get(..2).unwrap_or(d).parse().ok())
            .unwrap_or(None);
        Some(Date { year, month, day })
    }

    /// The year and month, without the day.
    pub fn month_only(self) -> Date {
        Date { day: None, ..self }
    }

    pub fn year_only(self) -> Date {
        Date {
            year: self.year,
            month: None,
            day: None,
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => write!(f, "{:04}-{m:02}", self.year),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

const MONTHS: &[(&str, u32)] = &[
    ("janvier", 1),
    ("january", 1),
    ("février", 2),
    ("fevrier", 2),
    ("february", 2),
    ("mars", 3),
    ("march", 3),
    ("avril", 4),
    ("april", 4),
    ("mai", 5),
    ("may", 5),
    ("juin", 6),
    ("june", 6),
    ("juillet", 7),
    ("july", 7),
    ("août", 8),
    ("aout", 8),
    ("august", 8),
    ("septembre", 9),
    ("september", 9),
    ("octobre", 10),
    ("october", 10),
    ("novembre", 11),
    ("november", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("december", 12),
];

/// Monday is 0.
const WEEKDAYS: &[(&str, u32)] = &[
    ("lundi", 0),
    ("monday", 0),
    ("mardi", 1),
    ("tuesday", 1),
    ("mercredi", 2),
    ("wednesday", 2),
    ("jeudi", 3),
    ("thursday", 3),
    ("vendredi", 4),
    ("friday", 4),
    ("samedi", 5),
    ("saturday", 5),
    ("dimanche", 6),
    ("sunday", 6),
];

fn lookup(table: &[(&str, u32)], word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    table.iter().find(|(w, _)| *w == word).map(|(_, n)| *n)
}

static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(
        r"(?i)\b(?:(?P<wd>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?(?P<d>\d{1,2})(?:er|st|nd|rd|th)?\s+(?P<m>janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december)(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
    )
});

static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(
        r"(?i)\b(?P<m>january|february|march|april|may|june|july|august|september|october|november|december)\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
    )
});

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(
        r"(?i)\b(?:(?:ce|this|on|last|le)\s+)?(?P<wd>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?P<last>\s+dernier)?\b",
    )
});

/// The first day of a range, before the day and month of its last.
static DAY_RANGE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(r"(?i)\b\d{1,2}(?:er|st|nd|rd|th)?\s*(?:et|au|à|and|to|-|–)\s*$")
});

/// "today", "yesterday": days before the publication.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(
        r"(?i)\b(?P<today>today|aujourd'hui|ce\s+jour|this\s+morning|ce\s+matin)\b|\b(?P<yesterday>yesterday|hier)\b",
    )
});

/// The date a phrase of `text` names, resolved against `published`: the
/// first explicit day and month, else the first weekday.
pub fn resolve(text: &str, published: Option<Date>) -> Option<Date> {
    let explicit = DAY_MONTH
        .captures(text)
        .map(|c| (c.get(0).unwrap().start(), c))
        .into_iter()
        .chain(
            MONTH_DAY
                .captures(text)
                .map(|c| (c.get(0).unwrap().start(), c)),
        )
        .min_by_key(|(at, _)| *at);
    if let Some((at, caps)) = explicit {
        let day: u32 = caps["d"].parse().ok()?;
        // "les 5 et 6 juin", "du 3 au 5 mai": several days, so the month.
        let several_days = DAY_RANGE_BEFORE.is_match(&text[..at]);
        let month = lookup(MONTHS, &caps["m"])?;
        let year = match caps.name("y") {
            Some(y) => y.as_str().parse().ok()?,
            // A month after the publication's is last year's.
            None => {
                let published = published?;
                match published.month {
                    Some(pm) if month > pm => published.year - 1,
                    _ => published.year,
                }
            }
        };
        return Some(Date {
            year,
            month: Some(month),
            day: (!several_days).then_some(day),
        });
    }
    let Some(caps) = WEEKDAY.captures(text) else {
        let caps = RELATIVE.captures(text)?;
        let back = if caps.name("yesterday").is_some() {
            1
        } else {
            0
        };
        return days_before(published?, back);
    };
    let weekday = lookup(WEEKDAYS, &caps["wd"])?;
    let published = published?;
    match (published.month, published.day) {
        (Some(m), Some(d)) => {
            // The latest such weekday on or before the publication ("lundi
            // dernier": strictly before).
            let today = days_from_civil(published.year, m as u8, d as u8);
            let today_weekday = weekday_of(today) as u32;
            let mut back = (today_weekday + 7 - weekday) % 7;
            if back == 0 && caps.name("last").is_some() {
                back = 7;
            }
            let (year, month, day) = civil_from_days(today - back as i64);
            Some(Date {
                year,
                month: Some(month.into()),
                day: Some(day.into()),
            })
        }
        _ => Some(published),
    }
}

/// `days` days before `date`, when it gives its day; else `date` itself.
fn days_before(date: Date, days: i64) -> Option<Date> {
    let (Some(m), Some(d)) = (date.month, date.day) else {
        return Some(date);
    };
    let (year, month, day) = civil_from_days(days_from_civil(date.year, m as u8, d as u8) - days);
    Some(Date {
        year,
        month: Some(month.into()),
        day: Some(day.into()),
    })
}

/// Days from `earlier` to `later`, when both give their day.
pub fn days_between(earlier: Date, later: Date) -> Option<i64> {
    let day = |d: Date| Some(days_from_civil(d.year, d.month? as u8, d.day? as u8));
    Some(day(later)? - day(earlier)?)
}

/// Where in `text` [`resolve`] would find a date phrase.
pub fn mentions_date(text: &str) -> bool {
    DAY_MONTH.is_match(text)
        || MONTH_DAY.is_match(text)
        || WEEKDAY.is_match(text)
        || RELATIVE.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(published: &str, text: &str) -> String {
        resolve(text, Date::parse(published)).unwrap().to_string()
    }

    #[test]
    fn explicit_dates() {
        assert_eq!(at("2022-03-25", "le jeudi 24 mars 2022, par"), "2022-03-24");
        assert_eq!(at("2022-03-25", "signées le 24 mars à Rabat"), "2022-03-24");
        assert_eq!(at("2023-01-10", "le 28 décembre"), "2022-12-28");
        assert_eq!(at("2024", "on March 5, 2024"), "2024-03-05");
        // A range of days gives its month.
        assert_eq!(
            at("2023-06-08", "qui se tient les 5 et 6 juin 2023"),
            "2023-06"
        );
        assert_eq!(at("2023-06-08", "du 3 au 5 juin"), "2023-06");
    }

    #[test]
    fn weekdays_against_the_publication_date() {
        assert_eq!(at("2022-04-15", "ce mercredi à Rabat"), "2022-04-13");
        assert_eq!(at("2022-04-13", "ce mercredi"), "2022-04-13");
        assert_eq!(at("2022-04-13", "mercredi dernier"), "2022-04-06");
        assert_eq!(at("2022-04", "ce mercredi"), "2022-04");
        assert_eq!(at("2022", "on Tuesday"), "2022");
    }

    #[test]
    fn today_and_yesterday() {
        assert_eq!(at("2024-03-01", "announced today in Leeds"), "2024-03-01");
        assert_eq!(at("2024-03-01", "signé hier à Dakar"), "2024-02-29");
        assert_eq!(at("2024-03", "signed yesterday"), "2024-03");
    }
}
