//! Assembling consolidated agreements and commitments from their reports'
//! claims, and finding where the reports disagree.
//!
//! An agreement is one event: every report of it competes for each value.
//! A commitment may be followed over several events (signed, then opened,
//! then revised): its figures are the latest event's that states them, its
//! promised figures the first event's; within one event the reports compete
//! by the rule of [`super::choose`]. Differences between events are the
//! commitment's timeline; differences within one event are conflicts.

use std::collections::{BTreeMap, BTreeSet};

use super::choose::{choose, choose_date, ranked, Source};
use super::Stage;

/// The properties claims state.
pub mod property {
    pub const KIND: &str = "kind";
    pub const DATE: &str = "date";
    pub const VENUE: &str = "venue";
    pub const COUNT: &str = "count";
    pub const TOTAL_JOBS: &str = "total_jobs";
    pub const TOTAL_INVESTMENT: &str = "total_investment";
    pub const TOTAL_HORIZON: &str = "total_horizon";
    pub const PARTY: &str = "party";
    pub const SIGNATORY: &str = "signatory";
    pub const OPERATOR: &str = "operator";
    pub const JOBS: &str = "jobs";
    pub const JOBS_QUALIFIER: &str = "jobs_qualifier";
    pub const EXISTING_JOBS: &str = "existing_jobs";
    pub const INVESTMENT: &str = "investment";
    pub const HORIZON: &str = "horizon";
    /// For an agreement, a city its totals cover; for a commitment, a city
    /// it is made in.
    pub const CITY: &str = "city";
    pub const SECTOR: &str = "sector";

    /// Properties with one value per fact; the others are sets of nodes,
    /// the union of what every report names.
    pub const SINGLE: &[&str] = &[
        KIND,
        DATE,
        VENUE,
        COUNT,
        TOTAL_JOBS,
        TOTAL_INVESTMENT,
        TOTAL_HORIZON,
        JOBS,
        JOBS_QUALIFIER,
        EXISTING_JOBS,
        INVESTMENT,
        HORIZON,
    ];
}

/// A sum of money as a claim writes it: `"<amount> <currency>"`.
pub fn money_value(amount: f64, currency: &str) -> String {
    format!("{amount} {currency}")
}

pub fn parse_money(value: &str) -> Option<(f64, String)> {
    let (amount, currency) = value.rsplit_once(' ')?;
    Some((amount.parse().ok()?, currency.to_owned()))
}

/// The claims of one report, written property by property; absent values
/// make no claim.
#[derive(Debug, Clone, Default)]
pub struct Claims(pub Vec<(&'static str, String)>);

impl Claims {
    pub fn put(&mut self, property: &'static str, value: Option<impl ToString>) -> &mut Self {
        if let Some(value) = value {
            self.0.push((property, value.to_string()));
        }
        self
    }

    pub fn money(
        &mut self,
        property: &'static str,
        amount: Option<f64>,
        currency: Option<&str>,
    ) -> &mut Self {
        if let (Some(amount), Some(currency)) = (amount, currency) {
            self.0.push((property, money_value(amount, currency)));
        }
        self
    }

    pub fn nodes(
        &mut self,
        property: &'static str,
        ids: impl IntoIterator<Item = i64>,
    ) -> &mut Self {
        self.0
            .extend(ids.into_iter().map(|id| (property, id.to_string())));
        self
    }

    pub fn owned(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|(p, v)| ((*p).to_owned(), v.clone()))
            .collect()
    }
}

/// One document's report of a fact, with its claims.
#[derive(Debug, Clone)]
pub struct ReportView {
    pub id: i64,
    /// The consolidated agreement the report belongs to: its event.
    pub event: Option<i64>,
    pub stage: Stage,
    /// When the event took place, as the report says or its document's date.
    pub date: Option<String>,
    pub source: Source,
    /// (property, value)
    pub claims: Vec<(String, String)>,
}

impl ReportView {
    fn values<'a>(&'a self, property: &'a str) -> impl Iterator<Item = &'a str> + Clone + 'a {
        self.claims
            .iter()
            .filter(move |(p, _)| p == property)
            .map(|(_, v)| v.as_str())
    }

    fn states(&self, property: &str) -> bool {
        self.values(property).next().is_some()
    }

    /// What orders events in time: the event's date, else the document's.
    fn when(&self) -> &str {
        self.date.as_deref().unwrap_or(&self.source.when)
    }
}

/// What every report of an agreement adds up to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgreementFacts {
    pub kind: String,
    pub date: Option<String>,
    pub venue: Option<String>,
    pub count: Option<i64>,
    pub total_jobs: Option<i64>,
    pub total_investment: Option<(f64, String)>,
    pub total_horizon: Option<String>,
    /// (role, node): party, signatory, city.
    pub members: BTreeSet<(&'static str, i64)>,
    pub source_count: i64,
}

fn stated<'a>(
    reports: &'a [&'a ReportView],
    property: &'a str,
) -> impl Iterator<Item = (&'a str, &'a Source)> + Clone + 'a {
    reports
        .iter()
        .flat_map(move |r| r.values(property).map(move |v| (v, &r.source)))
}

fn chosen(reports: &[&ReportView], property: &str) -> Option<String> {
    if property == property::DATE {
        return choose_date(stated(reports, property)).map(str::to_owned);
    }
    choose(stated(reports, property)).map(str::to_owned)
}

fn node_set(reports: &[&ReportView], property: &str) -> BTreeSet<i64> {
    stated(reports, property)
        .filter_map(|(v, _)| v.parse().ok())
        .collect()
}

fn document_count(reports: &[&ReportView]) -> i64 {
    let documents: BTreeSet<i64> = reports.iter().map(|r| r.source.document).collect();
    documents.len() as i64
}

pub fn assemble_agreement(reports: &[ReportView]) -> AgreementFacts {
    let reports: Vec<&ReportView> = reports.iter().collect();
    let number = |p: &str| chosen(&reports, p).and_then(|v| v.parse().ok());
    let mut members = BTreeSet::new();
    for (role, property) in [
        ("party", property::PARTY),
        ("signatory", property::SIGNATORY),
        ("city", property::CITY),
    ] {
        members.extend(node_set(&reports, property).into_iter().map(|n| (role, n)));
    }
    AgreementFacts {
        kind: chosen(&reports, property::KIND).unwrap_or_else(|| "agreement".to_owned()),
        date: chosen(&reports, property::DATE),
        venue: chosen(&reports, property::VENUE),
        count: number(property::COUNT),
        total_jobs: number(property::TOTAL_JOBS),
        total_investment: chosen(&reports, property::TOTAL_INVESTMENT)
            .and_then(|v| parse_money(&v)),
        total_horizon: chosen(&reports, property::TOTAL_HORIZON),
        members,
        source_count: document_count(&reports),
    }
}

/// What every report of a commitment adds up to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommitmentFacts {
    /// The event of its first report.
    pub agreement_id: Option<i64>,
    pub jobs: Option<i64>,
    pub jobs_qualifier: Option<String>,
    pub existing_jobs: Option<i64>,
    pub investment: Option<(f64, String)>,
    pub horizon: Option<String>,
    pub cities: BTreeSet<i64>,
    pub sectors: BTreeSet<i64>,
    pub source_count: i64,
    pub status: Option<Stage>,
    pub promised_jobs: Option<i64>,
    pub promised_investment: Option<(f64, String)>,
}

/// A commitment's reports grouped by event, earliest event first. Reports
/// of no event are events of their own.
pub fn events(reports: &[ReportView]) -> Vec<Vec<&ReportView>> {
    let mut by_event: BTreeMap<(bool, i64), Vec<&ReportView>> = BTreeMap::new();
    for report in reports {
        let key = match report.event {
            Some(event) => (true, event),
            None => (false, report.id),
        };
        by_event.entry(key).or_default().push(report);
    }
    let mut events: Vec<Vec<&ReportView>> = by_event.into_values().collect();
    events.sort_by_cached_key(|reports| {
        let first = reports.iter().map(|r| r.when()).min().unwrap_or("");
        let stage = reports.iter().map(|r| r.stage).max();
        (first.to_owned(), stage)
    });
    events
}

pub fn assemble_commitment(reports: &[ReportView]) -> CommitmentFacts {
    let events = events(reports);
    let latest = |p: &str| {
        events
            .iter()
            .rev()
            .find(|e| e.iter().any(|r| r.states(p)))
            .and_then(|e| chosen(e, p))
    };
    let first = |p: &str| {
        events
            .iter()
            .find(|e| e.iter().any(|r| r.states(p)))
            .and_then(|e| chosen(e, p))
    };
    let all: Vec<&ReportView> = reports.iter().collect();
    let mut facts = CommitmentFacts {
        agreement_id: events.first().and_then(|e| e[0].event),
        jobs: latest(property::JOBS).and_then(|v| v.parse().ok()),
        jobs_qualifier: latest(property::JOBS_QUALIFIER),
        existing_jobs: latest(property::EXISTING_JOBS).and_then(|v| v.parse().ok()),
        investment: latest(property::INVESTMENT).and_then(|v| parse_money(&v)),
        horizon: latest(property::HORIZON),
        cities: node_set(&all, property::CITY),
        sectors: node_set(&all, property::SECTOR),
        source_count: document_count(&all),
        status: None,
        promised_jobs: first(property::JOBS).and_then(|v| v.parse().ok()),
        promised_investment: first(property::INVESTMENT).and_then(|v| parse_money(&v)),
    };
    facts.status = Some(status(&events, &facts));
    facts
}

/// A commitment's status: the stage of its latest event; a later event
/// that is only announced or signed but changes the promised jobs or money
/// makes it `revised`; otherwise the furthest of announced and signed.
fn status(events: &[Vec<&ReportView>], facts: &CommitmentFacts) -> Stage {
    let Some(latest) = events.last() else {
        return Stage::Signed;
    };
    let stage = latest
        .iter()
        .map(|r| r.stage)
        .max()
        .unwrap_or(Stage::Signed);
    if stage > Stage::Signed {
        return stage;
    }
    let changed =
        facts.jobs != facts.promised_jobs || facts.investment != facts.promised_investment;
    if events.len() > 1 && changed {
        return Stage::Revised;
    }
    events
        .iter()
        .flatten()
        .map(|r| r.stage)
        .filter(|s| *s <= Stage::Signed)
        .max()
        .unwrap_or(stage)
}

/// Where the reports of one event state different values for one property.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub property: String,
    /// The event the disagreeing reports belong to.
    pub event: Option<i64>,
    /// Each value with the reports that state it; the chosen one first.
    pub values: Vec<(String, Vec<i64>)>,
}

/// The conflicts among `reports`, event by event (an agreement's reports
/// are all of one event).
pub fn conflicts(reports: &[ReportView]) -> Vec<Conflict> {
    let mut found = Vec::new();
    for event in events(reports) {
        for &property in property::SINGLE {
            let stated = event
                .iter()
                .flat_map(|r| r.values(property).map(move |v| (v, &r.source)));
            let ranked = ranked(stated);
            let compatible_dates = property == property::DATE
                && ranked.iter().all(|(a, _)| {
                    ranked
                        .iter()
                        .all(|(b, _)| a.starts_with(b) || b.starts_with(a))
                });
            if ranked.len() < 2 || compatible_dates {
                continue;
            }
            let values = ranked
                .into_iter()
                .map(|(value, _)| {
                    let ids = event
                        .iter()
                        .filter(|r| r.values(property).any(|v| v == value))
                        .map(|r| r.id)
                        .collect();
                    (value.to_owned(), ids)
                })
                .collect();
            found.push(Conflict {
                property: property.to_owned(),
                event: event[0].event,
                values,
            });
        }
    }
    found
}
