//! The event's totals and the figures that move between operators.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use pledgegraph_importer::Qualifier;

use super::{pledge_of, Event, Pledge, Quoted, Reading};

/// The fullest statement of the event's figures, completed by the others:
/// "7 milliards de dirhams ..." then "Le projet devrait créer 1.500 emplois".
pub fn merge_totals(
    reading: &Reading,
    event: &mut Event,
    sentence_totals: BTreeMap<usize, Pledge>,
) {
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
    // "17 agreements for a total of MAD 857 million ... eight of them in the
    // agri-food sector for MAD 620 million": with no operator named, the
    // sum stated as a total is the event's, the other figures its parts.
    let stated = candidates.iter().position(|(i, _)| {
        let sentence = &reading.sentences[*i];
        let body = &reading.text[sentence.start..sentence.end];
        super::attribution::TOTAL_CUE.is_match(body) || STATED_SUM.is_match(body)
    });
    if let (Some(k), true) = (stated, event.pledges.is_empty()) {
        let (_, totals) = candidates.remove(k);
        for (i, part) in candidates {
            parts_as_observations(reading, event, i, &part, &totals);
        }
        event.totals = totals;
        return;
    }
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

/// The figures of a part of the event (a sector's share of its agreements)
/// that the stated total does not repeat, as observations of that part.
fn parts_as_observations(
    reading: &Reading,
    event: &mut Event,
    sentence: usize,
    part: &Pledge,
    totals: &Pledge,
) {
    let subject = reading
        .in_sentence(
            &reading.sentences[sentence],
            pledgegraph_importer::EntityType::Sector,
        )
        .first()
        .map(|&(_, s)| s);
    let mut quote = |indicator, name, value: f64, unit: String, qualifier| {
        event.observations.push(Quoted {
            indicator,
            name,
            value,
            unit,
            qualifier,
            subject,
            period: None,
            sentence,
        });
    };
    if let Some((jobs, qualifier)) = part.jobs.filter(|j| Some(j.0) != totals.jobs.map(|t| t.0)) {
        quote("jobs", "Jobs", jobs as f64, "persons".into(), qualifier);
    }
    if let Some((amount, currency)) = part.investment.clone().filter(|i| {
        totals
            .investment
            .as_ref()
            .is_none_or(|t| (t.0 - i.0).abs() > 0.5)
    }) {
        quote(
            "investment",
            "Investment",
            amount,
            currency,
            Qualifier::Exact,
        );
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

/// "for a total of", "d'un montant global de": a sum over the event.
static STATED_SUM: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::compile(r"(?i)\b(?:a|un|d'un)\s+total\s+(?:of|de)\b|\bmontant\s+global\b")
});

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
