//! From what was read to a batch: ids, evidence spans in the original
//! text, and the checks a careful analyst makes.

use foldhash::{HashSet, HashSetExt};
use std::collections::BTreeMap;

use pledgegraph_importer::{
    Agreement, Batch, Commitment, Entity, EntityType, Evidence, Indicator, Money, Observation,
    Qualifier, Relation, Totals,
};

use crate::event::{Event, Pledge};
use crate::mentions::Mentions;
use crate::normalize::Normalized;
use crate::sentences::Sentence;

pub struct Reading<'a> {
    pub normalized: &'a Normalized,
    pub sentences: &'a [Sentence],
    pub mentions: &'a Mentions,
    pub event: &'a Event,
    pub country: Option<&'a str>,
    pub year: Option<String>,
}

impl Reading<'_> {
    /// The normalised bounds of the sentence around `at` (or of `at` alone);
    /// `span` gives its original span.
    fn sentence_bounds(&self, at: usize) -> (usize, usize) {
        // Sentences come in order: the last one starting at or before `at`.
        let after = self.sentences.partition_point(|s| s.start <= at);
        after
            .checked_sub(1)
            .map(|i| self.sentences[i])
            .filter(|s| at < s.end)
            .map_or((at, at + 1), |s| (s.start, s.end))
    }

    fn span(&self, start: usize, end: usize) -> Evidence {
        let (start, end) = self.normalized.original(start, end);
        Evidence::Span { start, end }
    }

    fn sentences(&self, indexes: impl IntoIterator<Item = usize>) -> Vec<Evidence> {
        indexes
            .into_iter()
            .map(|i| self.span(self.sentences[i].start, self.sentences[i].end))
            .collect()
    }
}

fn id(i: usize) -> String {
    format!("e{i}")
}

/// Fills `batch` with everything read.
pub fn fill(batch: &mut Batch, reading: &Reading) {
    let mentions = reading.mentions;
    for (i, thing) in mentions.things.iter().enumerate() {
        let mut evidence: Vec<Evidence> = Vec::new();
        let mut seen: HashSet<(usize, usize)> = HashSet::new();
        for &(start, _) in &thing.mentions {
            let (from, to) = reading.sentence_bounds(start);
            if seen.insert((from, to)) {
                evidence.push(reading.span(from, to));
            }
        }
        batch.entities.push(Entity {
            id: id(i),
            kind: thing.kind,
            name: thing.name.clone(),
            aliases: thing.aliases.clone(),
            attributes: thing.attributes.clone(),
            evidence,
        });
    }
    for &(child, parent, (start, end)) in &mentions.subsidiaries {
        batch.relations.push(Relation {
            kind: "subsidiary_of".into(),
            from: id(child),
            to: id(parent),
            attributes: BTreeMap::new(),
            evidence: vec![reading.span(start, end)],
        });
    }
    let mut posts_written: HashSet<(&str, usize, usize)> = HashSet::new();
    for (person, post, title, (start, end)) in &mentions.posts {
        let kind = if mentions.things[*post].kind == EntityType::Ministry {
            "minister_of"
        } else {
            "heads"
        };
        if !posts_written.insert((kind, *person, *post)) {
            continue;
        }
        batch.relations.push(Relation {
            kind: kind.into(),
            from: id(*person),
            to: id(*post),
            attributes: BTreeMap::from([("title".to_owned(), title.clone())]),
            evidence: vec![reading.span(*start, *end)],
        });
    }
    let event = reading.event;
    // Sectors of the release: every operator is active in them.
    let sectors: Vec<usize> = mentions
        .of_kind(EntityType::Sector)
        .map(|(i, _)| i)
        .collect();
    let agreement_id = event.kind.map(|kind| {
        batch.agreements.push(Agreement {
            id: "a1".into(),
            kind: kind.into(),
            date: event.date.map(|d| d.to_string()),
            venue: event.venue.map(|v| mentions.things[v].name.clone()),
            count: event.count,
            parties: event.parties.iter().map(|&i| id(i)).collect(),
            signatories: event.signatories.iter().map(|&i| id(i)).collect(),
            totals: totals(&event.totals),
            evidence: reading.sentences(event.sentences.iter().copied()),
        });
        "a1".to_owned()
    });
    for (operator, pledge) in &event.pledges {
        if pledge.jobs.is_none() && pledge.investment.is_none() && pledge.existing_jobs.is_none() {
            continue;
        }
        batch.commitments.push(Commitment {
            operator: id(*operator),
            agreement: agreement_id.clone(),
            jobs: pledge.jobs.map(|(n, _)| n),
            jobs_qualifier: pledge.jobs.map(|(_, q)| q),
            existing_jobs: pledge.existing_jobs,
            investment: pledge
                .investment
                .clone()
                .map(|(amount, currency)| Money { amount, currency }),
            cities: pledge.cities.iter().map(|&c| id(c)).collect(),
            sectors: sectors.iter().map(|&s| id(s)).collect(),
            horizon: pledge.horizon.clone(),
            evidence: reading.sentences(pledge.sentences.iter().copied()),
        });
    }
    for quoted in &event.observations {
        batch.observations.push(Observation {
            indicator: Indicator {
                code: quoted.indicator.into(),
                name: Some(quoted.name.into()),
            },
            subject: quoted.subject.map(id),
            geography: reading.country.map(str::to_owned),
            period: quoted
                .period
                .clone()
                .or_else(|| reading.year.clone())
                .unwrap_or_default(),
            value: quoted.value,
            unit: Some(quoted.unit.clone()),
            qualifier: Some(quoted.qualifier),
            dimensions: BTreeMap::new(),
            attributes: BTreeMap::new(),
            evidence: reading.sentences([quoted.sentence]),
        });
    }
    batch.observations.retain(|o| !o.period.is_empty());
    batch.warnings.extend(event.warnings.iter().cloned());
    batch.warnings.extend(checks(event, mentions));
}

fn totals(pledge: &Pledge) -> Totals {
    Totals {
        jobs: pledge.jobs.map(|(n, _)| n),
        investment: pledge
            .investment
            .clone()
            .map(|(amount, currency)| Money { amount, currency }),
        horizon: pledge.horizon.clone(),
        cities: pledge.cities.iter().map(|&c| id(c)).collect(),
    }
}

/// Rough US dollars per unit, to judge investment per job across currencies.
fn in_dollars(amount: f64, currency: &str) -> Option<f64> {
    let rate = match currency {
        "USD" => 1.0,
        "EUR" => 1.1,
        "GBP" => 1.27,
        "MAD" => 0.1,
        "TND" => 0.32,
        "DZD" => 0.0074,
        "EGP" => 0.02,
        "XOF" | "XAF" => 0.0017,
        "JPY" => 0.0067,
        _ => return None,
    };
    Some(amount * rate)
}

/// What a careful analyst would question.
fn checks(event: &Event, mentions: &Mentions) -> Vec<String> {
    let mut warnings = Vec::new();
    let name = |i: usize| mentions.things[i].name.as_str();
    if let Some((total, qualifier)) = event.totals.jobs {
        let with_jobs: Vec<i64> = event
            .pledges
            .iter()
            .filter_map(|(_, p)| p.jobs.map(|(n, _)| n))
            .collect();
        let sum: i64 = with_jobs.iter().sum();
        let complete = with_jobs.len() == event.pledges.len() && !with_jobs.is_empty();
        let off = match qualifier {
            Qualifier::Exact => complete && sum != total || sum > total,
            Qualifier::AtLeast => sum > 0 && complete && sum < total,
            Qualifier::UpTo => sum > total,
            Qualifier::About => complete && (sum as f64 - total as f64).abs() > 0.1 * total as f64,
        };
        if off {
            warnings.push(format!(
                "the operators' jobs add up to {sum}, but the release states {total} in all"
            ));
        }
    }
    for (operator, pledge) in &event.pledges {
        let (Some((jobs, _)), Some((amount, currency))) = (pledge.jobs, &pledge.investment) else {
            continue;
        };
        if jobs <= 0 {
            continue;
        }
        if let Some(dollars) = in_dollars(*amount, currency) {
            let per_job = dollars / jobs as f64;
            if !(1_000.0..=5_000_000.0).contains(&per_job) {
                warnings.push(format!(
                    "{}: {amount} {currency} for {jobs} jobs is about {per_job:.0} US dollars per job, far outside the usual range",
                    name(*operator)
                ));
            }
        }
    }
    warnings
}
