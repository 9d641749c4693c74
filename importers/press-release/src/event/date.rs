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

/// The date: the first one a sentence about the event gives that falls
/// shortly before the publication (else the first such date at all), else
/// the publication's month (its year when the text says "recently").
pub fn event_date(reading: &Reading) -> Option<Date> {
    let published = reading.published;
    let dated: Vec<Date> = reading
        .sentences
        .iter()
        .map(|s| &reading.text[s.start..s.end])
        .filter(|s| EVENT_VERB.is_match(s) && dates::mentions_date(s))
        .filter_map(|s| dates::resolve(s, published))
        .collect();
    let recent = |date: &Date| {
        published.is_some_and(|p| {
            dates::days_between(*date, p).is_some_and(|d| (0..=REPORTED_WITHIN_DAYS).contains(&d))
        })
    };
    dated
        .iter()
        .find(|d| recent(d))
        .or(dated.first())
        .copied()
        .or_else(|| {
            let published = published?;
            Some(if VAGUE_TIME.is_match(reading.text) {
                published.year_only()
            } else {
                published.month_only()
            })
        })
}
