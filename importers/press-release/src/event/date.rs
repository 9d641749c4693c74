//! When the event took place.

use std::sync::LazyLock;

use regex::Regex;

use super::Reading;
use crate::dates::{self, Date};
use crate::pattern::compile as regex;
use crate::vocabulary;

/// A word that says a sentence tells of the event: signed, held, opened ...
static EVENT_VERB: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!("(?i){}", vocabulary::alternation("event_verb"))));
static VAGUE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)\b(?:{})\b",
        vocabulary::alternation("vague_time")
    ))
});
/// How long before its publication a release reports an event.
const REPORTED_WITHIN_DAYS: i64 = 45;

/// A gathering: its date counts when it is recent.
static EVENT_NOUN: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!("(?i){}", vocabulary::alternation("event_noun"))));
/// A line that is only a date, among a release's first: its dateline.
const DATE_LINE_MAX: usize = 40;

/// The date, in order: one that a sentence about the event gives shortly
/// before the publication; the release's own dated line; a recent date of
/// a gathering; the first date a sentence about the event gives; else the
/// publication's month (its year when the text says "recently").
pub fn event_date(reading: &Reading) -> Option<Date> {
    let published = reading.published;
    let sentences: Vec<&str> = reading
        .sentences
        .iter()
        .map(|s| &reading.text[s.start..s.end])
        .collect();
    let dated = |keep: &dyn Fn(&str) -> bool| -> Vec<Date> {
        sentences
            .iter()
            .copied()
            .filter(|s| keep(s) && dates::mentions_date(s))
            .filter_map(|s| dates::resolve(s, published))
            .collect()
    };
    // Shortly before the publication; when only its year or month is
    // known, within it.
    let recent = |date: &Date| {
        published.is_some_and(|p| match (p.month, p.day) {
            (Some(_), Some(_)) => dates::days_between(*date, p)
                .is_some_and(|d| (0..=REPORTED_WITHIN_DAYS).contains(&d)),
            (Some(m), None) => date.year == p.year && date.month == Some(m),
            _ => date.year == p.year,
        })
    };
    let by_verb = dated(&|s| EVENT_VERB.is_match(s));
    let date_line = sentences
        .iter()
        .take(4)
        .filter(|s| s.len() <= DATE_LINE_MAX && dates::mentions_date(s))
        .filter_map(|s| dates::resolve(s, published))
        .find(|d| recent(d));
    let by_gathering = dated(&|s| EVENT_NOUN.is_match(s));
    by_verb
        .iter()
        .find(|d| recent(d))
        .copied()
        .or(date_line)
        .or_else(|| by_gathering.iter().find(|d| recent(d)).copied())
        .or(by_verb.first().copied())
        .or_else(|| {
            let published = published?;
            Some(if VAGUE_TIME.is_match(reading.text) {
                published.year_only()
            } else {
                published.month_only()
            })
        })
}
