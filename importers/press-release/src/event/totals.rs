//! The event's totals and the figures that move between operators.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{pledge_of, Event, Pledge, Reading};

/// The fullest statement of the event's figures, completed by the others:
/// "7 milliards de dirhams ..." then "Le projet devrait créer 1.500 emplois".
pub fn merge_totals(event: &mut Event, sentence_totals: BTreeMap<usize, Pledge>) {
    let fullness = |p: &Pledge| {
        usize::from(p.jobs.is_some())
            + usize::from(p.investment.is_some())
            + usize::from(p.horizon.is_some())
            + usize::from(!p.cities.is_empty())
    };
    let mut candidates: Vec<(usize, Pledge)> = sentence_totals
        .into_iter()
        .filter(|(_, p)| p.jobs.is_some() || p.investment.is_some())
        .collect();
    candidates.sort_by_key(|(index, p)| (std::cmp::Reverse(fullness(p)), *index));
    let mut candidates = candidates.into_iter();
    if let Some((_, mut totals)) = candidates.next() {
        for (_, other) in candidates {
            totals.jobs = totals.jobs.or(other.jobs);
            totals.investment = totals.investment.or(other.investment);
            totals.horizon = totals.horizon.or(other.horizon);
            if totals.cities.is_empty() {
                totals.cities = other.cities;
            }
            totals.sentences.extend(other.sentences);
        }
        event.totals = totals;
    }
}

/// A parent's figures belong to its subsidiary when that is the operator.
pub fn parents_figures_to_subsidiaries(reading: &Reading, event: &mut Event) {
    let parent_of_child = &reading.parent_of_child;
    let mut moved = Vec::new();
    for (i, (company, _)) in event.pledges.iter().enumerate() {
        if let Some(&child) = parent_of_child.get(company) {
            if event.pledges.iter().any(|(c, _)| *c == child) {
                moved.push((i, child));
            }
        }
    }
    for (i, child) in moved.into_iter().rev() {
        let (_, parent) = event.pledges.remove(i);
        let target = pledge_of(&mut event.pledges, child);
        target.jobs = target.jobs.or(parent.jobs);
        target.investment = target.investment.clone().or(parent.investment);
        target.existing_jobs = target.existing_jobs.or(parent.existing_jobs);
        target.horizon = target.horizon.clone().or(parent.horizon);
        target.cities.extend(parent.cities);
        target.sentences.extend(parent.sentences);
    }
}

/// "two companies", "trois projets", "several firms": a sum over many.
static SEVERAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(
        r"(?i)\b(?:two|three|four|five|several|deux|trois|quatre|cinq|plusieurs|\d+)\s+(?:[\p{L}\-]+\s+)?(?:companies|firms|businesses|projects|entreprises|sociétés|projets)\b",
    )
});

/// One operator: the event's figures are its own, and where the two differ
/// the first written counts; unless several documents were signed (then
/// the totals are the event's, of operators the text does not name).
pub fn single_operator_takes_totals(reading: &Reading, event: &mut Event, operators: &[usize]) {
    let [operator] = operators[..] else {
        return;
    };
    let several_signed = event.count.is_some_and(|n| n > 1)
        || event.totals.sentences.iter().any(|&i| {
            let sentence = &reading.sentences[i];
            let body = &reading.text[sentence.start..sentence.end];
            super::attribution::TOTAL_CUE.is_match(body) || SEVERAL.is_match(body)
        });
    let pledge = pledge_of(&mut event.pledges, operator);
    let differs = |own: Option<f64>, total: Option<f64>| {
        own.zip(total).is_some_and(|(a, b)| (a - b).abs() > 0.5)
    };
    let conflict = differs(
        pledge.jobs.map(|j| j.0 as f64),
        event.totals.jobs.map(|j| j.0 as f64),
    ) || differs(
        pledge.investment.as_ref().map(|i| i.0),
        event.totals.investment.as_ref().map(|i| i.0),
    );
    // Several documents signed, or a sum stated: the totals may hold
    // operators the text does not name.
    if conflict && several_signed {
        return;
    }
    let totals = std::mem::take(&mut event.totals);
    // One operator told twice ("Sh28Bn plant to create 700 jobs", then
    // "$280 million"): what the release says first counts.
    let totals_first = match (totals.sentences.first(), pledge.sentences.first()) {
        (Some(t), Some(p)) => t < p,
        _ => false,
    };
    if conflict && totals_first {
        pledge.jobs = totals.jobs.or(pledge.jobs);
        pledge.investment = totals.investment.or(pledge.investment.clone());
        pledge.horizon = totals.horizon.or(pledge.horizon.clone());
    } else {
        pledge.jobs = pledge.jobs.or(totals.jobs);
        pledge.investment = pledge.investment.clone().or(totals.investment);
        pledge.horizon = pledge.horizon.clone().or(totals.horizon);
    }
    if pledge.cities.is_empty() {
        pledge.cities = totals.cities;
    }
    pledge.sentences.extend(totals.sentences);
}
