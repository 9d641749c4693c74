//! The kind of agreement and how many were signed.

use std::sync::LazyLock;

use regex::Regex;

use super::{Event, Reading};
use crate::pattern::compile as regex;
use crate::vocabulary;

/// Kinds of agreement, most specific first, with the phrases that name
/// them (`kind:…` rows of the vocabulary) and the count before them ("four
/// memorandums", "17 investment agreements", "three separate letters").
pub(super) static KINDS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        "memorandum_of_understanding",
        "investment_agreement",
        "convention",
        "inauguration",
    ]
    .into_iter()
    .map(|kind| {
        let phrases = vocabulary::alternation(&format!("kind:{kind}"));
        // Nouns end on a word boundary; "MoUs" is matched with its capitals.
        let count = if kind == "inauguration" {
            "(?P<count>)"
        } else {
            r"(?:(?P<count>\b(?:\d{1,3}|un|une|one|an|a|deux|two|trois|three|quatre|four|cinq|five|six|sept|seven|huit|eight|neuf|nine|dix|ten|onze|eleven|douze|twelve|treize|thirteen|quatorze|fourteen|quinze|fifteen|seize|sixteen|vingt|twenty))\s+(?:[\p{Ll}\-]+\s+){0,2}?)?"
        };
        (kind, regex(&format!(r"(?i){count}\b(?:{phrases})(?:[^\p{{L}}]|$)")))
    })
    .collect()
});

/// The kind and count of documents. Memorandums and conventions are two
/// families: the one written with a count, else the one named more often,
/// else memorandums; within conventions, an investment agreement is the
/// more specific. An inauguration is one only when no agreement is named.
/// The sentences that name the kind describe the event.
pub fn kind_and_count(reading: &Reading, event: &mut Event) {
    let Reading {
        text, sentences, ..
    } = reading;
    // (counted, times named) of each kind, in the order of KINDS.
    let seen: Vec<(bool, usize)> = KINDS
        .iter()
        .map(|(_, pattern)| {
            pattern
                .captures_iter(text)
                .fold((false, 0), |(counted, n), caps| {
                    (counted || count_of(&caps).is_some(), n + 1)
                })
        })
        .collect();
    let family = |kinds: &[usize]| {
        kinds
            .iter()
            .fold((false, 0), |(c, n), &k| (c || seen[k].0, n + seen[k].1))
    };
    let (memorandums, conventions) = (family(&[0]), family(&[1, 2]));
    let rank = if memorandums.1 > 0 && memorandums >= conventions {
        0
    } else if seen[1].1 > 0 {
        1
    } else if seen[2].1 > 0 {
        2
    } else if seen[3].1 > 0 {
        3
    } else {
        return;
    };
    let (kind, pattern) = &KINDS[rank];
    event.kind = Some(kind);
    for caps in pattern.captures_iter(text) {
        if let Some(n) = count_of(&caps) {
            event.count = Some(event.count.map_or(n, |c: i64| c.max(n)));
        }
        let at = caps.get(0).expect("group 0").start();
        if let Some(i) = sentences.iter().position(|s| s.start <= at && at < s.end) {
            event.sentences.insert(i);
        }
    }
}

/// The number of documents a kind's phrase is written with.
fn count_of(caps: &regex::Captures) -> Option<i64> {
    caps.name("count")
        .and_then(|c| crate::numbers::word_number(c.as_str()))
        .filter(|&n| n > 0 && n < 1000)
}
