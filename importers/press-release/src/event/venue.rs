//! Where the release was written and where the signing took place: not
//! where the investments go.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use pledgegraph_importer::EntityType;
use regex::Regex;

use super::Reading;
use crate::mentions::Mentions;
use crate::pattern::compile as regex;

/// A signing verb or ceremony just before "à Rabat", "in Rabat".
static VENUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:présidée?|chaired|tenue|held|sign[ée]e?s?|signed|cérémonie|ceremony|paraphée?s?|se\s+tient|s'est\s+tenue?|takes\s+place|took\s+place|a\s+eu\s+lieu|event)[^.;]{0,36}\s(?:à|in|at)\s+$",
    )
});
/// What follows a dateline's city: a dash, or a comma and a date.
static DATELINE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*[–—-]\s|^\s*(?:\(\w+\)\s*)?,\s*(?:(?:le|on)\s+)?(?:\w+\s+)?\d{1,2}(?:er)?\s+\p{L}+\.?\s+\d{4}|^\s*,\s*\p{L}+\s+\d{1,2},?\s+\d{4}|^\s*\(\w+\)",
    )
});

/// Where the dateline's city is named: "Dakar, le 12 septembre 2023 -".
pub fn dateline(text: &str, mentions: &Mentions) -> Option<usize> {
    mentions
        .of_kind(EntityType::City)
        .flat_map(|(_, t)| t.mentions.iter().copied())
        .filter(|&(start, end)| {
            // The city opens a line among the first ones: "RABAT – ...".
            // Read back to the line's start only: a line may be megabytes.
            let before = text[..start].trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
            let opens_a_line = before.is_empty() || before.ends_with('\n');
            opens_a_line
                && before.bytes().filter(|&b| b == b'\n').take(4).count() < 4
                && DATELINE_AFTER.is_match(&text[end..])
        })
        .map(|(start, _)| start)
        .min()
}

/// The cities a signing verb or ceremony places the event in.
pub fn venues(reading: &Reading) -> BTreeSet<usize> {
    let Reading { text, mentions, .. } = reading;
    mentions
        .of_kind(EntityType::City)
        .filter(|(_, city)| {
            city.mentions.iter().any(|&(at, _)| {
                let before = &text[crate::normalize::char_floor(text, at.saturating_sub(48))..at];
                VENUE_BEFORE.is_match(before)
            })
        })
        .map(|(i, _)| i)
        .collect()
}

/// "la région de Casablanca", "the Belleville area", "Kajiado County": the
/// city's name stands for the region around it.
pub fn names_a_region(text: &str, at: usize) -> bool {
    static REGION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"(?i)(?:région|region|province|préfecture|wilaya)\s+(?:de\s+|d'|du\s+|of\s+)?$")
    });
    static REGION_AFTER: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?i)^[\p{L}\-]*(?:\s|-)(?:region|area|county|province)\b"));
    let before = &text[crate::normalize::char_floor(text, at.saturating_sub(24))..at];
    REGION_BEFORE.is_match(before) || REGION_AFTER.is_match(&text[at..])
}
