//! The kind of agreement and how many were signed.

use std::sync::LazyLock;

use regex::Regex;

use super::{Event, Reading};
use crate::pattern::compile as regex;
use crate::vocabulary;

/// Kinds of agreement, most specific first, with the phrases that name
/// them (`kind:…` rows of the vocabulary) and the count before them ("four
/// memorandums", "17 investment agreements", "three separate letters"),
/// read from the words just before a phrase.
static KINDS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        "memorandum_of_understanding",
        "investment_agreement",
        "convention",
        "inauguration",
    ]
    .into_iter()
    .map(|kind| {
        let phrases = vocabulary::alternation(&format!("kind:{kind}"));
        (
            kind,
            regex(&format!(r"(?i)\b(?:{phrases})(?:[^\p{{L}}]|$)")),
        )
    })
    .collect()
});

/// Where `text` names each kind, in the order of [`KINDS`].
pub(super) fn phrases(text: &str) -> Vec<Vec<(usize, usize)>> {
    KINDS
        .iter()
        .map(|(_, pattern)| {
            pattern
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect()
        })
        .collect()
}

/// The count before a kind's phrase, up to two adjectives between; the
/// nearest one ("a signé huit conventions" is eight).
static COUNT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:^|[^\p{L}\p{N}])(?P<count>\d{1,3}|un|une|one|an|a|deux|two|trois|three|quatre|four|cinq|five|six|sept|seven|huit|eight|neuf|nine|dix|ten|onze|eleven|douze|twelve|treize|thirteen|quatorze|fourteen|quinze|fifteen|seize|sixteen|vingt|twenty)\s+(?:[\p{Ll}\-]+\s+){0,2}$",
    )
});

/// The kind and count of documents. Memorandums and conventions are two
/// families: the one written with a count, else the one named more often,
/// else memorandums; within conventions, an investment agreement is the
/// more specific. An inauguration is one only when no agreement is named.
/// The sentences that name the kind describe the event.
pub fn kind_and_count(reading: &Reading, event: &mut Event) {
    let Reading {
        text,
        sentences,
        kind_phrases,
        ..
    } = reading;
    // Each kind's phrases, less business the firm won.
    let named: Vec<Vec<usize>> = kind_phrases
        .iter()
        .map(|phrases| {
            phrases
                .iter()
                .map(|&(start, _)| start)
                .filter(|&at| !won_by_the_firm(text, at))
                .collect()
        })
        .collect();
    // (counted, times named) of each kind, in the order of KINDS.
    let seen: Vec<(bool, usize)> = named
        .iter()
        .map(|starts| {
            let counted = starts.iter().any(|&at| count_of(text, at).is_some());
            (counted, starts.len())
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
    event.kind = Some(KINDS[rank].0);
    for &at in &named[rank] {
        if let Some(n) = count_of(text, at) {
            event.count = Some(event.count.map_or(n, |c: i64| c.max(n)));
        }
        if let Some(i) = sentences.iter().position(|s| s.start <= at && at < s.end) {
            event.sentences.insert(i);
        }
    }
}

/// "won a £100m contract", "a remporté un contrat": business the firm won,
/// not an agreement of the event.
static WON_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)(?:^|[^\p{L}])(?:won|wins|awarded|secured|remporté|décroché)\s+(?:\S+\s+){0,3}$")
});

fn won_by_the_firm(text: &str, at: usize) -> bool {
    let from = crate::normalize::char_floor(text, at.saturating_sub(40));
    WON_BEFORE.is_match(&text[from..at])
}

/// The number of documents the phrase at `at` is written with.
fn count_of(text: &str, at: usize) -> Option<i64> {
    let mut from = crate::normalize::char_floor(text, at.saturating_sub(60));
    let mut count = None;
    // The nearest count: "a signé huit conventions" reads "a", then "huit".
    while let Some(c) = COUNT_BEFORE.captures(&text[from..at]) {
        let word = c.name("count").expect("always matched");
        count = crate::numbers::word_number(word.as_str()).or(count);
        from += word.end();
    }
    count.filter(|&n| n > 0 && n < 1000)
}
