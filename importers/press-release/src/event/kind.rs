//! The kind of agreement and how many were signed.

use std::sync::LazyLock;

use regex::Regex;

use super::{Event, Reading};
use crate::pattern::compile as regex;

/// Kinds of agreement, most specific first, with the nouns that name them.
pub(super) static KINDS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    vec![
        (
            "memorandum_of_understanding",
            regex(
                r"(?i)(?P<count>\b\w+(?:[\s\-]\w+)?\s+)?\b(?:m[ée]morand(?:um|a|ums)\s+d'entente|protocoles?\s+d'accord|m[ée]morand(?:um|a|ums)\s+of\s+understanding|memorandums?\s+d'accord|\bMoUs?\b)",
            ),
        ),
        (
            "investment_agreement",
            regex(
                r"(?i)(?P<count>\b\w+(?:[\s\-]\w+)?\s+)?\b(?:conventions?\s+d'investissement|accords?\s+d'investissement|investment\s+agreements?|investment\s+conventions?)",
            ),
        ),
        (
            "convention",
            regex(
                r"(?i)(?P<count>\b\w+(?:[\s\-]\w+)?\s+)?\b(?:conventions?|agreements?|accords?\s+de\s+partenariat|partnership\s+agreements?|contrats?\s+d'investissement)\b",
            ),
        ),
        (
            "inauguration",
            regex(
                r"(?i)(?P<count>)\b(?:a\s+inauguré|ont\s+inauguré|inaugurated|cérémonie\s+d'inauguration|a\s+été\s+inaugurée?|inaugurates)",
            ),
        ),
    ]
});

/// The kind and count of documents, from the most specific noun used; the
/// sentences that name them describe the event.
pub fn kind_and_count(reading: &Reading, event: &mut Event) {
    let Reading {
        text, sentences, ..
    } = reading;
    'kinds: for (kind, pattern) in KINDS.iter() {
        for caps in pattern.captures_iter(text) {
            event.kind.get_or_insert(kind);
            let count = caps
                .name("count")
                .and_then(|c| c.as_str().split_whitespace().last().map(str::to_owned))
                .and_then(|w| crate::numbers::word_number(&w));
            if let Some(n) = count.filter(|&n| n > 0 && n < 1000) {
                event.count = Some(event.count.map_or(n, |c: i64| c.max(n)));
            }
            let at = caps.get(0).expect("group 0").start();
            if let Some(i) = sentences.iter().position(|s| s.start <= at && at < s.end) {
                event.sentences.insert(i);
            }
        }
        if event.kind.is_some() {
            break 'kinds;
        }
    }
}
