//! A batch's agreements and commitments as reports: matched to the events
//! and commitments other documents reported (see `consolidate::matching`),
//! stored with their claims, and consolidated.

use std::collections::{BTreeSet, HashMap};

use pledgegraph_importer::{Agreement, Batch, Commitment, EntityType, Evidence};

use super::ImportSummary;
use crate::consolidate::facts::{property as p, Claims, ReportView};
use crate::consolidate::{
    assemble_agreement, assemble_commitment, same_event, EventView, MatchRules, Source, Stage,
};
use crate::error::Result;
use crate::store::reports::{self as r, NewClaim, NewReport, Subject};
use crate::store::write::{self as w, CommitmentCity, CommitmentSector, NewCommitment};
use crate::store::DbConnection;

/// The document the reports come from.
pub struct ReportingDocument<'a> {
    pub id: i64,
    pub published: Option<&'a str>,
    pub source: Source,
    /// Prefix of local ids, so that the batches of one input stay apart.
    pub batch_prefix: String,
    /// Reports of an earlier extraction of the same document, by local id:
    /// a re-extraction keeps their facts and reasons where it can.
    pub previous: &'a HashMap<String, (Subject, Option<String>)>,
}

impl<'a> ReportingDocument<'a> {
    /// The `index`th batch of document `id`.
    pub fn of(
        id: i64,
        batch: &'a Batch,
        index: usize,
        previous: &'a HashMap<String, (Subject, Option<String>)>,
    ) -> Self {
        let doc = &batch.document;
        ReportingDocument {
            id,
            published: doc.published.as_deref(),
            source: Source {
                document: id,
                official: r::is_official(doc.publisher.as_deref(), doc.url.as_deref()),
                when: doc.published.clone().unwrap_or_default(),
            },
            batch_prefix: if index == 0 {
                String::new()
            } else {
                format!("{index}:")
            },
            previous,
        }
    }
}

/// What a batch's facts resolve to.
pub struct Nodes<'a> {
    pub node_of: &'a HashMap<&'a str, i64>,
    /// Nodes this import created: no other document can have reported them.
    pub created: &'a BTreeSet<i64>,
}

impl Nodes<'_> {
    fn get(&self, local: &str) -> Option<i64> {
        self.node_of.get(local).copied()
    }

    fn all(&self, locals: &[String]) -> BTreeSet<i64> {
        locals.iter().filter_map(|l| self.get(l)).collect()
    }
}

/// A report being written: its row and its claims.
struct Pending {
    report: ReportView,
    local_id: String,
    subject: Subject,
    matched_because: Option<String>,
    evidence: Option<Place>,
}

/// Writes the reports of `batch` and the consolidated facts they change.
/// Returns each batch agreement's consolidated id, by local id, and each
/// batch commitment's.
pub fn write_reports(
    conn: &mut DbConnection,
    document: &ReportingDocument,
    batch: &Batch,
    nodes: &Nodes,
    text: Option<&str>,
    summary: &mut ImportSummary,
) -> Result<(HashMap<String, i64>, Vec<i64>)> {
    let mut writer = BatchReports {
        document,
        nodes,
        text,
        rules: r::match_rules(conn)?,
        companies: batch
            .entities
            .iter()
            .filter(|e| e.kind == EntityType::Company)
            .map(|e| (e.id.as_str(), e.name.as_str()))
            .collect(),
        pending: Vec::new(),
        event_of: HashMap::new(),
        touched: BTreeSet::new(),
        fresh: BTreeSet::new(),
        claimed: BTreeSet::new(),
        new_commitments: Vec::new(),
        seen_locals: HashMap::new(),
    };
    for agreement in &batch.agreements {
        writer.report_agreement(conn, agreement, batch, summary)?;
    }
    for commitment in &batch.commitments {
        writer.report_commitment(conn, commitment, summary)?;
    }
    writer.finish(conn, summary)
}

/// The reports of one batch as they are matched, before they are written.
struct BatchReports<'a> {
    document: &'a ReportingDocument<'a>,
    nodes: &'a Nodes<'a>,
    text: Option<&'a str>,
    rules: MatchRules,
    companies: HashMap<&'a str, &'a str>,
    pending: Vec<Pending>,
    /// Each batch agreement's event, stage and date, by its id in the batch.
    event_of: HashMap<String, (i64, Stage, Option<String>)>,
    /// Stored facts this batch reports: consolidated again at the end.
    touched: BTreeSet<Subject>,
    /// Facts this batch creates.
    fresh: BTreeSet<Subject>,
    /// Stored commitments a report of this batch was matched to: one
    /// operator's commitments in one event are one across documents, but
    /// within a document as many as it states (two plants of one firm).
    claimed: BTreeSet<i64>,
    /// Indexes in `pending` of the commitments that need a new id.
    new_commitments: Vec<usize>,
    seen_locals: HashMap<String, usize>,
}

impl BatchReports<'_> {
    fn report_agreement(
        &mut self,
        conn: &mut DbConnection,
        agreement: &Agreement,
        batch: &Batch,
        summary: &mut ImportSummary,
    ) -> Result<()> {
        let document = self.document;
        let local_id = format!("{}{}", document.batch_prefix, agreement.id);
        let stage = Stage::of_kind(&agreement.kind);
        let date = agreement
            .date
            .as_deref()
            .or(document.published)
            .map(str::to_owned);
        let view = new_event_view(
            conn,
            agreement,
            batch,
            self.nodes,
            &self.companies,
            date.clone(),
        )?;
        let (id, matched_because) = match document.previous.get(&local_id) {
            Some((Subject::Agreement(id), why))
                if r::subject_exists(conn, Subject::Agreement(*id))? =>
            {
                (*id, why.clone())
            }
            _ => match find_event(conn, &view, &self.rules, &self.event_of)? {
                Some((id, why)) => (id, Some(why)),
                None => {
                    let id = r::new_agreement(conn, &agreement.kind)?;
                    self.fresh.insert(Subject::Agreement(id));
                    (id, None)
                }
            },
        };
        self.touched.insert(Subject::Agreement(id));
        if matched_because.is_some() {
            summary.facts_matched += 1;
        }
        self.event_of
            .insert(agreement.id.clone(), (id, stage, date.clone()));
        self.pending.push(Pending {
            report: ReportView {
                id: 0,
                event: Some(id),
                stage,
                date,
                source: document.source.clone(),
                claims: agreement_claims(agreement, self.nodes).owned(),
            },
            local_id,
            subject: Subject::Agreement(id),
            matched_because,
            evidence: first_evidence(&agreement.evidence, self.text),
        });
        Ok(())
    }

    /// A commitment's local id: its agreement's and its operator, numbered
    /// when the batch names the operator twice in one agreement.
    fn commitment_local_id(&mut self, commitment: &Commitment, operator: i64) -> String {
        let base = format!(
            "{}{}/{operator}",
            self.document.batch_prefix,
            commitment.agreement.as_deref().unwrap_or("-")
        );
        let n = self.seen_locals.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}#{n}")
        }
    }

    fn report_commitment(
        &mut self,
        conn: &mut DbConnection,
        commitment: &Commitment,
        summary: &mut ImportSummary,
    ) -> Result<()> {
        let Some(operator) = self.nodes.get(&commitment.operator) else {
            return Ok(());
        };
        let document = self.document;
        let event = commitment
            .agreement
            .as_deref()
            .and_then(|a| self.event_of.get(a))
            .cloned();
        let (event_id, stage, date) = match event {
            Some((id, stage, date)) => (Some(id), stage, date),
            None => (None, Stage::Signed, document.published.map(str::to_owned)),
        };
        let local_id = self.commitment_local_id(commitment, operator);
        let report = ReportView {
            id: 0,
            event: event_id,
            stage,
            date,
            source: document.source.clone(),
            claims: commitment_claims(commitment, operator, self.nodes).owned(),
        };
        let found = match document.previous.get(&local_id) {
            Some((Subject::Commitment(id), why))
                if r::subject_exists(conn, Subject::Commitment(*id))? =>
            {
                Found::Existing(*id, why.clone())
            }
            _ => match_commitment(
                conn,
                operator,
                &report,
                &self.rules,
                &self.claimed,
                &self.fresh,
                self.nodes.created.contains(&operator),
                || companies_name(commitment, &self.companies),
            )?,
        };
        let (subject, matched_because) = match found {
            Found::Existing(id, why) => {
                self.claimed.insert(id);
                if why.is_some() {
                    summary.facts_matched += 1;
                }
                self.touched.insert(Subject::Commitment(id));
                (Subject::Commitment(id), why)
            }
            // An id is given in `finish`, once the new commitments are counted.
            Found::New => {
                self.new_commitments.push(self.pending.len());
                (Subject::Commitment(0), None)
            }
        };
        self.pending.push(Pending {
            report,
            local_id,
            subject,
            matched_because,
            evidence: first_evidence(&commitment.evidence, self.text),
        });
        Ok(())
    }

    /// Ids for the new commitments; returns each one's operator.
    fn give_new_ids(&mut self, conn: &mut DbConnection) -> Result<HashMap<i64, i64>> {
        let ids = w::allocate_ids(conn, w::IdTable::Commitments, self.new_commitments.len())?;
        let mut operator_of = HashMap::new();
        for (&index, id) in self.new_commitments.iter().zip(ids) {
            let pending = &mut self.pending[index];
            pending.subject = Subject::Commitment(id);
            self.fresh.insert(Subject::Commitment(id));
            let operator = pending
                .report
                .claims
                .iter()
                .find(|(p, _)| p == p::OPERATOR)
                .and_then(|(_, v)| v.parse().ok())
                .expect("every commitment report names its operator");
            operator_of.insert(id, operator);
        }
        Ok(operator_of)
    }

    /// Writes the reports and the facts they make or change.
    fn finish(
        mut self,
        conn: &mut DbConnection,
        summary: &mut ImportSummary,
    ) -> Result<(HashMap<String, i64>, Vec<i64>)> {
        let operator_of = self.give_new_ids(conn)?;
        let commitments: Vec<i64> = self
            .pending
            .iter()
            .filter_map(|p| match p.subject {
                Subject::Commitment(id) => Some(id),
                Subject::Agreement(_) => None,
            })
            .collect();
        // Commitment rows first: reports refer to them.
        consolidate_new_commitments(conn, &self.pending, &self.fresh, &operator_of)?;
        insert_pending(conn, self.document.id, &mut self.pending)?;
        for subject in &self.touched {
            consolidate(conn, *subject)?;
        }
        summary.facts += self.fresh.len();
        let agreements = self
            .event_of
            .into_iter()
            .map(|(local, (id, _, _))| (local, id))
            .collect();
        Ok((agreements, commitments))
    }
}

fn companies_name(commitment: &Commitment, companies: &HashMap<&str, &str>) -> String {
    companies
        .get(commitment.operator.as_str())
        .copied()
        .unwrap_or(commitment.operator.as_str())
        .to_owned()
}

/// The commitment a report tells of already, with why: one of this batch
/// or of an earlier document in the same event, else one it follows up.
#[allow(clippy::too_many_arguments)]
fn match_commitment(
    conn: &mut DbConnection,
    operator: i64,
    report: &ReportView,
    rules: &MatchRules,
    claimed: &BTreeSet<i64>,
    fresh: &BTreeSet<Subject>,
    created: bool,
    operator_name: impl Fn() -> String,
) -> Result<Found> {
    if let Some(event) = report.event {
        if rules.enabled && !fresh.contains(&Subject::Agreement(event)) {
            let cities = node_claims(report, p::CITY);
            let candidates = r::commitments_in_event(conn, event, operator)?;
            // The one with a city in common, else the first.
            let unclaimed = candidates.iter().filter(|(id, _)| !claimed.contains(id));
            let best = unclaimed
                .clone()
                .find(|(_, places)| !places.is_disjoint(&cities))
                .or_else(|| unclaimed.clone().next());
            if let Some(&(id, _)) = best {
                let why = format!("the same operator ({}) in the same event", operator_name());
                return Ok(Found::Existing(id, Some(why)));
            }
        }
    }
    if created {
        return Ok(Found::New);
    }
    Ok(
        match find_commitment(conn, operator, report, rules, &operator_name())? {
            Some((id, why)) => Found::Existing(id, Some(why)),
            None => Found::New,
        },
    )
}

/// What a commitment report tells of.
enum Found {
    /// A stored commitment, with why (none when a re-extraction keeps it).
    Existing(i64, Option<String>),
    New,
}

/// A report's agreement, as matching sees it.
fn new_event_view(
    conn: &mut DbConnection,
    agreement: &Agreement,
    batch: &Batch,
    nodes: &Nodes,
    companies: &HashMap<&str, &str>,
    date: Option<String>,
) -> Result<EventView> {
    let mut view = EventView {
        kind: agreement.kind.clone(),
        date,
        ..EventView::default()
    };
    let operators = batch
        .commitments
        .iter()
        .filter(|c| c.agreement.as_deref() == Some(agreement.id.as_str()))
        .map(|c| c.operator.as_str());
    for local in agreement
        .parties
        .iter()
        .map(String::as_str)
        .chain(operators)
    {
        if let (Some(name), Some(id)) = (companies.get(local), nodes.get(local)) {
            view.companies.insert(id, (*name).to_owned());
        }
    }
    let mut places: Vec<i64> = nodes.all(&agreement.totals.cities).into_iter().collect();
    for c in &batch.commitments {
        if c.agreement.as_deref() == Some(agreement.id.as_str()) {
            places.extend(nodes.all(&c.cities));
        }
    }
    view.countries = r::countries_of(conn, &places)?;
    if let Some(venue) = &agreement.venue {
        if let Some((id, name, country)) = r::city_named(conn, venue)? {
            view.venue_city = Some((id, name));
            view.countries.extend(country);
        }
    }
    Ok(view)
}

/// The earlier event `view` reports, with why. Events of this batch are
/// not candidates: one document tells of two events when it names two.
fn find_event(
    conn: &mut DbConnection,
    view: &EventView,
    rules: &MatchRules,
    this_batch: &HashMap<String, (i64, Stage, Option<String>)>,
) -> Result<Option<(i64, String)>> {
    if !rules.enabled || view.companies.is_empty() {
        return Ok(None);
    }
    let ours: BTreeSet<i64> = this_batch.values().map(|(id, _, _)| *id).collect();
    let companies: Vec<i64> = view.companies.keys().copied().collect();
    let stage = Stage::of_kind(&view.kind);
    let mut best: Option<(usize, i64, String)> = None;
    for (id, kind, date) in r::events_of_companies(conn, &companies)? {
        if ours.contains(&id) || Stage::of_kind(&kind) != stage {
            continue;
        }
        if let (Some(a), Some(b)) = (&view.date, &date) {
            match crate::consolidate::matching::days_apart(a, b) {
                Some(days) if days <= rules.window_days => {}
                _ => continue,
            }
        }
        let old = r::event_view(conn, id)?;
        if let Some(why) = same_event(view, &old, rules) {
            let shared = view
                .companies
                .keys()
                .filter(|c| old.companies.contains_key(c))
                .count();
            // Most companies in common, then the oldest event.
            if best.as_ref().is_none_or(|(n, _, _)| shared > *n) {
                best = Some((shared, id, why));
            }
        }
    }
    Ok(best.map(|(_, id, why)| (id, why)))
}

/// The earlier commitment of `operator` that a report follows up: an
/// opening, a start of works, a revision or an abandonment, or the
/// signature of a promise only announced, of the same operator in a city in
/// common (or neither naming one), reported no later, in another event.
fn find_commitment(
    conn: &mut DbConnection,
    operator: i64,
    report: &ReportView,
    rules: &MatchRules,
    operator_name: &str,
) -> Result<Option<(i64, String)>> {
    if !rules.enabled {
        return Ok(None);
    }
    let cities = node_claims(report, p::CITY);
    let mut best: Option<(Option<String>, i64, String)> = None;
    for prior in r::commitments_of_operator(conn, operator)? {
        if report.event.is_some_and(|e| prior.events.contains(&e)) {
            continue;
        }
        let follows = report.stage.follows_up()
            || (report.stage == Stage::Signed && prior.status == Stage::Announced);
        if !follows {
            continue;
        }
        let places_agree = if cities.is_empty() || prior.cities.is_empty() {
            cities.is_empty() && prior.cities.is_empty()
        } else {
            !cities.is_disjoint(&prior.cities)
        };
        let in_order = match (&report.date, &prior.latest) {
            (Some(now), Some(before)) => before.as_str() <= now.as_str(),
            _ => true,
        };
        if !places_agree || !in_order {
            continue;
        }
        let why = format!(
            "follow-up ({}) of the commitment of {operator_name}{}, reported before{}",
            report.stage.as_str(),
            if cities.is_empty() {
                String::new()
            } else {
                " in a city in common".to_owned()
            },
            prior
                .latest
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default(),
        );
        // The most recent earlier commitment.
        if best
            .as_ref()
            .is_none_or(|(latest, _, _)| prior.latest >= *latest)
        {
            best = Some((prior.latest.clone(), prior.id, why));
        }
    }
    Ok(best.map(|(_, id, why)| (id, why)))
}

/// The nodes a report names for `property`.
fn node_claims(report: &ReportView, property: &str) -> BTreeSet<i64> {
    report
        .claims
        .iter()
        .filter(|(p, _)| p == property)
        .filter_map(|(_, v)| v.parse().ok())
        .collect()
}

fn agreement_claims(agreement: &Agreement, nodes: &Nodes) -> Claims {
    let totals = &agreement.totals;
    let money = totals.investment.as_ref();
    let mut claims = Claims::default();
    claims
        .put(p::KIND, Some(&agreement.kind))
        .put(p::DATE, agreement.date.as_ref())
        .put(p::VENUE, agreement.venue.as_ref())
        .put(p::COUNT, agreement.count)
        .put(p::TOTAL_JOBS, totals.jobs)
        .money(
            p::TOTAL_INVESTMENT,
            money.map(|m| m.amount),
            money.map(|m| m.currency.as_str()),
        )
        .put(p::TOTAL_HORIZON, totals.horizon.as_ref())
        .nodes(p::PARTY, nodes.all(&agreement.parties))
        .nodes(p::SIGNATORY, nodes.all(&agreement.signatories))
        .nodes(p::CITY, nodes.all(&totals.cities));
    claims
}

fn commitment_claims(commitment: &Commitment, operator: i64, nodes: &Nodes) -> Claims {
    let money = commitment.investment.as_ref();
    let mut claims = Claims::default();
    claims
        .put(p::OPERATOR, Some(operator))
        .put(p::JOBS, commitment.jobs)
        .put(
            p::JOBS_QUALIFIER,
            commitment.jobs_qualifier.map(|q| q.as_str()),
        )
        .put(p::EXISTING_JOBS, commitment.existing_jobs)
        .money(
            p::INVESTMENT,
            money.map(|m| m.amount),
            money.map(|m| m.currency.as_str()),
        )
        .put(p::HORIZON, commitment.horizon.as_ref())
        .nodes(p::CITY, nodes.all(&commitment.cities))
        .nodes(p::SECTOR, nodes.all(&commitment.sectors));
    claims
}

/// Where a fact's first piece of evidence is: (span start, span end, row,
/// column, quote).
type Place = (
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

fn first_evidence(evidence: &[Evidence], text: Option<&str>) -> Option<Place> {
    Some(match evidence.first()? {
        Evidence::Span { start, end } => (
            Some(*start as i64),
            Some(*end as i64),
            None,
            None,
            text.and_then(|t| t.get(*start..*end)).map(str::to_owned),
        ),
        Evidence::Cell { row, column } => {
            (None, None, Some(*row as i64), Some(column.clone()), None)
        }
        Evidence::Key { key } => (None, None, None, Some(key.clone()), None),
    })
}

fn insert_pending(conn: &mut DbConnection, document: i64, pending: &mut [Pending]) -> Result<()> {
    let ids = r::allocate_report_ids(conn, pending.len())?;
    let mut claims = Vec::new();
    for (p, id) in pending.iter_mut().zip(ids) {
        p.report.id = id;
        let (span_start, span_end, row_number, column_name, quote) =
            p.evidence.clone().unwrap_or_default();
        for (property, value) in &p.report.claims {
            claims.push(NewClaim {
                report_id: id,
                property: property.clone(),
                value: value.clone(),
                span_start,
                span_end,
                row_number,
                column_name: column_name.clone(),
                quote: quote.clone(),
            });
        }
    }
    let rows: Vec<NewReport> = pending
        .iter()
        .map(|p| NewReport {
            id: p.report.id,
            document_id: document,
            local_id: &p.local_id,
            agreement_id: p.report.event,
            commitment_id: match p.subject {
                Subject::Commitment(id) => Some(id),
                Subject::Agreement(_) => None,
            },
            date: p.report.date.as_deref(),
            stage: p.report.stage.as_str(),
            matched_because: p.matched_because.as_deref(),
        })
        .collect();
    r::insert_reports(conn, &rows, &claims)
}

/// New commitments in bulk, from their reports in memory: the common case
/// of an import, kept to a few statements however many there are.
fn consolidate_new_commitments(
    conn: &mut DbConnection,
    pending: &[Pending],
    fresh: &BTreeSet<Subject>,
    operator_of: &HashMap<i64, i64>,
) -> Result<()> {
    let mut reports_of: HashMap<i64, Vec<ReportView>> = HashMap::new();
    for p in pending {
        if let Subject::Commitment(id) = p.subject {
            if fresh.contains(&p.subject) {
                reports_of.entry(id).or_default().push(p.report.clone());
            }
        }
    }
    let mut ids: Vec<i64> = reports_of.keys().copied().collect();
    ids.sort_unstable();
    let facts: Vec<_> = ids
        .iter()
        .map(|id| (*id, assemble_commitment(&reports_of[id])))
        .collect();
    let (mut cities, mut sectors) = (Vec::new(), Vec::new());
    let rows: Vec<NewCommitment> = facts
        .iter()
        .map(|(id, f)| {
            cities.extend(f.cities.iter().map(|&city_id| CommitmentCity {
                commitment_id: *id,
                city_id,
            }));
            sectors.extend(f.sectors.iter().map(|&sector_id| CommitmentSector {
                commitment_id: *id,
                sector_id,
            }));
            NewCommitment::of_facts(*id, operator_of[id], f)
        })
        .collect();
    w::insert_commitments(conn, &rows, &cities, &sectors)
}

/// Assembles `subject` again from every report of it, or removes it when
/// none is left.
pub fn consolidate(conn: &mut DbConnection, subject: Subject) -> Result<()> {
    let reports = r::reports_of(conn, subject)?;
    if reports.is_empty() {
        return r::delete_subject(conn, subject);
    }
    match subject {
        Subject::Agreement(id) => r::save_agreement(conn, id, &assemble_agreement(&reports)),
        Subject::Commitment(id) => r::save_commitment(conn, id, &assemble_commitment(&reports)),
    }
}
