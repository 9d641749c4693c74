//! Reports and claims (what each document states of agreements and
//! commitments), the consolidated rows assembled from them, the matching
//! settings, and the original bytes of documents.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};

use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::*;
use super::write::{allocate_ids, insert_rows, IdTable, ROWS_PER_STATEMENT};
use crate::consolidate::facts::{AgreementFacts, CommitmentFacts};
use crate::consolidate::{EventView, MatchRules, ReportView, Source, Stage};
use crate::error::{Error, Result};

/// Which consolidated fact a report tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Agreement(i64),
    Commitment(i64),
}

#[derive(Insertable)]
#[diesel(table_name = reports)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewReport<'a> {
    pub id: i64,
    pub document_id: i64,
    pub local_id: &'a str,
    pub agreement_id: Option<i64>,
    pub commitment_id: Option<i64>,
    pub date: Option<&'a str>,
    pub stage: &'a str,
    pub matched_because: Option<&'a str>,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = claims)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewClaim {
    pub report_id: i64,
    pub property: String,
    pub value: String,
    pub span_start: Option<i64>,
    pub span_end: Option<i64>,
    pub row_number: Option<i64>,
    pub column_name: Option<String>,
    pub quote: Option<String>,
}

/// Fresh ids for `count` reports.
pub fn allocate_report_ids(conn: &mut DbConnection, count: usize) -> Result<Vec<i64>> {
    allocate_ids(conn, IdTable::Reports, count)
}

pub fn insert_reports(
    conn: &mut DbConnection,
    reports: &[NewReport],
    claims: &[NewClaim],
) -> Result<()> {
    insert_rows!(conn, reports::table, reports);
    insert_rows!(conn, claims::table, claims);
    Ok(())
}

/// A new consolidated agreement, to be filled by [`save_agreement`].
pub fn new_agreement(conn: &mut DbConnection, kind: &str) -> Result<i64> {
    Ok(diesel::insert_into(agreements::table)
        .values(agreements::kind.eq(kind))
        .returning(agreements::id)
        .get_result(conn)?)
}

/// A new consolidated commitment of `operator`, to be filled by [`save_commitment`].
pub fn new_commitment(conn: &mut DbConnection, operator: i64) -> Result<i64> {
    let id = allocate_ids(conn, IdTable::Commitments, 1)?[0];
    diesel::insert_into(commitments::table)
        .values((
            commitments::id.eq(id),
            commitments::operator_id.eq(operator),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The consolidated agreements in which any of `companies` is a party or
/// an operator, with their kind and date: the candidates for matching.
pub fn events_of_companies(
    conn: &mut DbConnection,
    companies: &[i64],
) -> Result<Vec<(i64, String, Option<String>)>> {
    let mut ids: BTreeSet<i64> = BTreeSet::new();
    for chunk in companies.chunks(ROWS_PER_STATEMENT) {
        ids.extend(
            agreement_members::table
                .filter(agreement_members::role.eq("party"))
                .filter(agreement_members::node_id.eq_any(chunk))
                .select(agreement_members::agreement_id)
                .load::<i64>(conn)?,
        );
        ids.extend(
            reports::table
                .inner_join(
                    commitments::table.on(commitments::id.nullable().eq(reports::commitment_id)),
                )
                .filter(commitments::operator_id.eq_any(chunk))
                .select(reports::agreement_id)
                .load::<Option<i64>>(conn)?
                .into_iter()
                .flatten(),
        );
    }
    let ids: Vec<i64> = ids.into_iter().collect();
    let mut events = Vec::new();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        events.extend(
            agreements::table
                .filter(agreements::id.eq_any(chunk))
                .select((agreements::id, agreements::kind, agreements::date))
                .load::<(i64, String, Option<String>)>(conn)?,
        );
    }
    Ok(events)
}

/// A city named `name` (by name or alias), with its country.
pub fn city_named(
    conn: &mut DbConnection,
    name: &str,
) -> Result<Option<(i64, String, Option<String>)>> {
    let key = crate::text::match_key("city", name);
    Ok(super::write::find_nodes(conn, "city", &[key])?
        .into_iter()
        .min_by_key(|n| (n.by_alias, n.id))
        .map(|n| (n.id, n.name, n.country)))
}

/// A consolidated agreement as matching sees it.
pub fn event_view(conn: &mut DbConnection, agreement: i64) -> Result<EventView> {
    let (kind, date, venue): (String, Option<String>, Option<String>) = agreements::table
        .find(agreement)
        .select((agreements::kind, agreements::date, agreements::venue))
        .first(conn)?;
    let members: Vec<(String, i64, String, String, Option<String>)> = agreement_members::table
        .inner_join(nodes::table)
        .filter(agreement_members::agreement_id.eq(agreement))
        .select((
            agreement_members::role,
            nodes::id,
            nodes::kind,
            nodes::name,
            nodes::country,
        ))
        .load(conn)?;
    let operators: Vec<(i64, String)> = reports::table
        .inner_join(commitments::table.on(commitments::id.nullable().eq(reports::commitment_id)))
        .inner_join(nodes::table.on(nodes::id.eq(commitments::operator_id)))
        .filter(reports::agreement_id.eq(agreement))
        .select((nodes::id, nodes::name))
        .load(conn)?;
    let places: Vec<Option<String>> = reports::table
        .inner_join(
            commitment_cities::table.on(commitment_cities::commitment_id
                .nullable()
                .eq(reports::commitment_id)),
        )
        .inner_join(nodes::table.on(nodes::id.eq(commitment_cities::city_id)))
        .filter(reports::agreement_id.eq(agreement))
        .select(nodes::country)
        .load(conn)?;
    let mut view = EventView {
        kind,
        date,
        ..EventView::default()
    };
    for (role, id, kind, name, country) in members {
        match (role.as_str(), kind.as_str()) {
            ("party", "company") => {
                view.companies.insert(id, name);
            }
            ("city", _) => view.countries.extend(country),
            _ => {}
        }
    }
    view.companies.extend(operators);
    view.countries.extend(places.into_iter().flatten());
    if let Some(venue) = venue {
        if let Some((id, name, country)) = city_named(conn, &venue)? {
            view.venue_city = Some((id, name));
            view.countries.extend(country);
        }
    }
    Ok(view)
}

/// The commitments of `operator` that reports of `event` tell of already,
/// with their cities.
pub fn commitments_in_event(
    conn: &mut DbConnection,
    event: i64,
    operator: i64,
) -> Result<Vec<(i64, BTreeSet<i64>)>> {
    let ids: BTreeSet<i64> = reports::table
        .inner_join(commitments::table.on(commitments::id.nullable().eq(reports::commitment_id)))
        .filter(reports::agreement_id.eq(event))
        .filter(commitments::operator_id.eq(operator))
        .select(commitments::id)
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    let ids: Vec<i64> = ids.into_iter().collect();
    let mut cities: BTreeMap<i64, BTreeSet<i64>> =
        ids.iter().map(|&id| (id, BTreeSet::new())).collect();
    for (commitment, city) in commitment_cities::table
        .filter(commitment_cities::commitment_id.eq_any(&ids))
        .select((commitment_cities::commitment_id, commitment_cities::city_id))
        .load::<(i64, i64)>(conn)?
    {
        cities.entry(commitment).or_default().insert(city);
    }
    Ok(cities.into_iter().collect())
}

/// An operator's commitment, as a follow-up report is matched against it.
#[derive(Debug, Clone)]
pub struct PriorCommitment {
    pub id: i64,
    pub cities: BTreeSet<i64>,
    /// The latest date of its reports (event date, else publication).
    pub latest: Option<String>,
    /// Its events.
    pub events: BTreeSet<i64>,
    pub status: Stage,
}

/// Every commitment of `operator`.
pub fn commitments_of_operator(
    conn: &mut DbConnection,
    operator: i64,
) -> Result<Vec<PriorCommitment>> {
    let rows: Vec<(i64, String)> = commitments::table
        .filter(commitments::operator_id.eq(operator))
        .select((commitments::id, commitments::status))
        .order_by(commitments::id)
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let cities: Vec<(i64, i64)> = commitment_cities::table
        .filter(commitment_cities::commitment_id.eq_any(&ids))
        .select((commitment_cities::commitment_id, commitment_cities::city_id))
        .load(conn)?;
    // (commitment, event, date, published)
    type Reported = (Option<i64>, Option<i64>, Option<String>, Option<String>);
    let reported: Vec<Reported> = reports::table
        .inner_join(documents::table)
        .filter(reports::commitment_id.eq_any(&ids))
        .select((
            reports::commitment_id,
            reports::agreement_id,
            reports::date,
            documents::published,
        ))
        .load(conn)?;
    let mut prior: BTreeMap<i64, PriorCommitment> = rows
        .into_iter()
        .map(|(id, status)| {
            (
                id,
                PriorCommitment {
                    id,
                    cities: BTreeSet::new(),
                    latest: None,
                    events: BTreeSet::new(),
                    status: Stage::parse(&status).unwrap_or(Stage::Signed),
                },
            )
        })
        .collect();
    for (id, city) in cities {
        if let Some(p) = prior.get_mut(&id) {
            p.cities.insert(city);
        }
    }
    for (id, event, date, published) in reported {
        let Some(p) = id.and_then(|id| prior.get_mut(&id)) else {
            continue;
        };
        p.events.extend(event);
        let when = date.or(published);
        if when > p.latest {
            p.latest = when;
        }
    }
    Ok(prior.into_values().collect())
}

/// Whether a document speaks for the body that issued the act: a
/// government host (gov, gouv, gob ... as a label of the URL's host) or a
/// publisher named as a ministry, government or presidency.
pub fn is_official(publisher: Option<&str>, url: Option<&str>) -> bool {
    let host = url
        .and_then(|u| u.split("://").nth(1))
        .and_then(|rest| rest.split(['/', ':', '?']).next())
        .unwrap_or("");
    let government_host = host.split('.').any(|label| {
        matches!(
            label,
            "gov" | "gouv" | "gob" | "govt" | "go" | "gv" | "government"
        )
    });
    let publisher = publisher.map(crate::text::fold).unwrap_or_default();
    let government_publisher = [
        "ministry",
        "ministere",
        "ministerio",
        "ministerium",
        "government",
        "gouvernement",
        "gobierno",
        "presidency",
        "presidence",
        "prime minister",
        "premier ministre",
    ]
    .iter()
    .any(|w| publisher.starts_with(w) || publisher.contains(&format!("{w} of")));
    government_host || government_publisher
}

type ReportRow = (
    i64,
    Option<i64>,
    String,
    Option<String>,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// Every report of `subject`, with its claims and its document as the
/// choice sees it, in the order of their ids.
pub fn reports_of(conn: &mut DbConnection, subject: Subject) -> Result<Vec<ReportView>> {
    let query = reports::table.inner_join(documents::table).into_boxed();
    let query = match subject {
        Subject::Agreement(id) => query
            .filter(reports::agreement_id.eq(id))
            .filter(reports::commitment_id.is_null()),
        Subject::Commitment(id) => query.filter(reports::commitment_id.eq(id)),
    };
    let rows: Vec<ReportRow> = query
        .order_by(reports::id)
        .select((
            reports::id,
            reports::agreement_id,
            reports::stage,
            reports::date,
            documents::id,
            documents::published,
            documents::publisher,
            documents::url,
            documents::imported_at,
        ))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let mut claims_of: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let claims: Vec<(i64, String, String)> = claims::table
            .filter(claims::report_id.eq_any(chunk))
            .order_by(claims::id)
            .select((claims::report_id, claims::property, claims::value))
            .load(conn)?;
        for (report, property, value) in claims {
            claims_of.entry(report).or_default().push((property, value));
        }
    }
    Ok(rows
        .into_iter()
        .map(
            |(id, event, stage, date, document, published, publisher, url, imported_at)| {
                ReportView {
                    id,
                    event,
                    stage: Stage::parse(&stage).unwrap_or(Stage::Signed),
                    date,
                    source: Source {
                        document,
                        official: is_official(publisher.as_deref(), url.as_deref()),
                        when: published.unwrap_or(imported_at),
                    },
                    claims: claims_of.remove(&id).unwrap_or_default(),
                }
            },
        )
        .collect())
}

/// Writes what an agreement's reports add up to into its row and members.
pub fn save_agreement(conn: &mut DbConnection, id: i64, facts: &AgreementFacts) -> Result<()> {
    diesel::update(agreements::table.find(id))
        .set((
            agreements::kind.eq(&facts.kind),
            agreements::date.eq(&facts.date),
            agreements::venue.eq(&facts.venue),
            agreements::document_count.eq(facts.count),
            agreements::total_jobs.eq(facts.total_jobs),
            agreements::total_investment_amount.eq(facts.total_investment.as_ref().map(|m| m.0)),
            agreements::total_investment_currency
                .eq(facts.total_investment.as_ref().map(|m| m.1.as_str())),
            agreements::total_horizon.eq(&facts.total_horizon),
            agreements::source_count.eq(facts.source_count),
        ))
        .execute(conn)?;
    diesel::delete(agreement_members::table.filter(agreement_members::agreement_id.eq(id)))
        .execute(conn)?;
    let members: Vec<super::write::NewMember> = facts
        .members
        .iter()
        .map(|&(role, node_id)| super::write::NewMember {
            agreement_id: id,
            node_id,
            role,
        })
        .collect();
    super::write::insert_members(conn, &members)
}

/// Writes what a commitment's reports add up to into its row, cities and sectors.
pub fn save_commitment(conn: &mut DbConnection, id: i64, facts: &CommitmentFacts) -> Result<()> {
    let status = facts.status.unwrap_or(Stage::Signed).as_str();
    diesel::update(commitments::table.find(id))
        .set((
            commitments::agreement_id.eq(facts.agreement_id),
            commitments::jobs.eq(facts.jobs),
            commitments::jobs_qualifier.eq(&facts.jobs_qualifier),
            commitments::existing_jobs.eq(facts.existing_jobs),
            commitments::investment_amount.eq(facts.investment.as_ref().map(|m| m.0)),
            commitments::investment_currency.eq(facts.investment.as_ref().map(|m| m.1.as_str())),
            commitments::horizon.eq(&facts.horizon),
            commitments::source_count.eq(facts.source_count),
            commitments::status.eq(status),
            commitments::promised_jobs.eq(facts.promised_jobs),
            commitments::promised_investment_amount
                .eq(facts.promised_investment.as_ref().map(|m| m.0)),
            commitments::promised_investment_currency
                .eq(facts.promised_investment.as_ref().map(|m| m.1.as_str())),
        ))
        .execute(conn)?;
    diesel::delete(commitment_cities::table.filter(commitment_cities::commitment_id.eq(id)))
        .execute(conn)?;
    diesel::delete(commitment_sectors::table.filter(commitment_sectors::commitment_id.eq(id)))
        .execute(conn)?;
    let cities: Vec<super::write::CommitmentCity> = facts
        .cities
        .iter()
        .map(|&city_id| super::write::CommitmentCity {
            commitment_id: id,
            city_id,
        })
        .collect();
    let sectors: Vec<super::write::CommitmentSector> = facts
        .sectors
        .iter()
        .map(|&sector_id| super::write::CommitmentSector {
            commitment_id: id,
            sector_id,
        })
        .collect();
    super::write::insert_commitments(conn, &[], &cities, &sectors)
}

pub fn subject_exists(conn: &mut DbConnection, subject: Subject) -> Result<bool> {
    let count: i64 = match subject {
        Subject::Agreement(id) => agreements::table.find(id).count().get_result(conn)?,
        Subject::Commitment(id) => commitments::table.find(id).count().get_result(conn)?,
    };
    Ok(count > 0)
}

/// Removes a consolidated fact that no report tells of any more.
pub fn delete_subject(conn: &mut DbConnection, subject: Subject) -> Result<()> {
    match subject {
        Subject::Agreement(id) => {
            diesel::delete(agreements::table.find(id)).execute(conn)?;
        }
        Subject::Commitment(id) => {
            diesel::delete(commitments::table.find(id)).execute(conn)?;
        }
    }
    Ok(())
}

/// What a document's reports tell of: each report's subject, local id and
/// claims (property, value), to compare one extraction with the next.
pub type DocumentClaims = BTreeMap<String, (Subject, BTreeSet<(String, String)>)>;

pub fn claims_of_document(conn: &mut DbConnection, document: i64) -> Result<DocumentClaims> {
    let reports = document_reports(conn, document)?;
    let ids: Vec<i64> = reports.iter().map(|r| r.0).collect();
    let mut by_report: HashMap<i64, BTreeSet<(String, String)>> = HashMap::new();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let claims: Vec<(i64, String, String)> = claims::table
            .filter(claims::report_id.eq_any(chunk))
            .select((claims::report_id, claims::property, claims::value))
            .load(conn)?;
        for (report, property, value) in claims {
            by_report
                .entry(report)
                .or_default()
                .insert((property, value));
        }
    }
    Ok(reports
        .into_iter()
        .map(|(id, local, subject, _)| {
            (local, (subject, by_report.remove(&id).unwrap_or_default()))
        })
        .collect())
}

const MATCH_SETTING: &str = "matching";

/// The matching rules every writer of this database follows.
pub fn match_rules(conn: &mut DbConnection) -> Result<MatchRules> {
    let stored: Option<String> = settings::table
        .find(MATCH_SETTING)
        .select(settings::value)
        .first(conn)
        .optional()?;
    let Some(stored) = stored else {
        return Ok(MatchRules::default());
    };
    let value: serde_json::Value = serde_json::from_str(&stored)
        .map_err(|e| Error::Database(format!("setting {MATCH_SETTING:?} is not JSON: {e}")))?;
    let defaults = MatchRules::default();
    let number =
        |key: &str, default: i64| value.get(key).and_then(|v| v.as_i64()).unwrap_or(default);
    Ok(MatchRules {
        enabled: value
            .get("enabled")
            .and_then(|v| v.as_bool())
            .unwrap_or(true),
        window_days: number("window_days", defaults.window_days),
        min_shared: number("min_shared", defaults.min_shared as i64).max(1) as usize,
        min_shared_undated: number("min_shared_undated", defaults.min_shared_undated as i64).max(1)
            as usize,
    })
}

pub fn set_match_rules(conn: &mut DbConnection, rules: &MatchRules) -> Result<()> {
    let value = serde_json::json!({
        "enabled": rules.enabled,
        "window_days": rules.window_days,
        "min_shared": rules.min_shared,
        "min_shared_undated": rules.min_shared_undated,
    })
    .to_string();
    diesel::delete(settings::table.find(MATCH_SETTING)).execute(conn)?;
    diesel::insert_into(settings::table)
        .values((settings::key.eq(MATCH_SETTING), settings::value.eq(value)))
        .execute(conn)?;
    Ok(())
}

/// Chunks of stored contents.
const CHUNK: usize = 1024 * 1024;

/// Keeps the bytes of `input` under `sha256`, once.
pub fn store_content(conn: &mut DbConnection, sha256: &str, input: &mut dyn Read) -> Result<()> {
    let stored: i64 = contents::table
        .filter(contents::sha256.eq(sha256))
        .count()
        .get_result(conn)?;
    if stored > 0 {
        return Ok(());
    }
    let mut buf = vec![0; CHUNK];
    for chunk in 0.. {
        let mut filled = 0;
        while filled < CHUNK {
            let n = input
                .read(&mut buf[filled..])
                .map_err(|e| Error::InvalidInput(format!("cannot read the input: {e}")))?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        if filled == 0 && chunk > 0 {
            break;
        }
        diesel::insert_into(contents::table)
            .values((
                contents::sha256.eq(sha256),
                contents::chunk.eq(chunk as i64),
                contents::bytes.eq(&buf[..filled]),
            ))
            .execute(conn)?;
        if filled < CHUNK {
            break;
        }
    }
    Ok(())
}

/// Writes the stored bytes of `sha256` to `out`; false when none are kept.
pub fn copy_content(conn: &mut DbConnection, sha256: &str, out: &mut dyn Write) -> Result<bool> {
    let chunks: i64 = contents::table
        .filter(contents::sha256.eq(sha256))
        .count()
        .get_result(conn)?;
    for chunk in 0..chunks {
        let bytes: Vec<u8> = contents::table
            .find((sha256, chunk))
            .select(contents::bytes)
            .first(conn)?;
        out.write_all(&bytes)
            .map_err(|e| Error::Internal(format!("cannot copy a stored document: {e}")))?;
    }
    Ok(chunks > 0)
}

/// The countries of `nodes` that have one.
pub fn countries_of(conn: &mut DbConnection, ids: &[i64]) -> Result<BTreeSet<String>> {
    let mut countries = BTreeSet::new();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        countries.extend(
            nodes::table
                .filter(nodes::id.eq_any(chunk))
                .select(nodes::country)
                .load::<Option<String>>(conn)?
                .into_iter()
                .flatten(),
        );
    }
    Ok(countries)
}

/// Schema version 4 kept one row per agreement and commitment, written from
/// the documents its evidence cites: each such document becomes a report of
/// it, with claims of the stored values, so that later documents match it
/// and re-extraction can replace them. A fact that cites no document keeps
/// no report: it stays as it is until a document reports it.
pub fn backfill(conn: &mut DbConnection) -> Result<()> {
    use super::models::{AgreementRow, CommitmentRow};
    use crate::consolidate::facts::{property as p, Claims};

    let cited =
        |conn: &mut DbConnection, agreements: bool| -> Result<BTreeMap<i64, BTreeSet<i64>>> {
            let rows: Vec<(Option<i64>, i64)> = if agreements {
                evidence::table
                    .filter(evidence::agreement_id.is_not_null())
                    .select((evidence::agreement_id, evidence::document_id))
                    .load(conn)?
            } else {
                evidence::table
                    .filter(evidence::commitment_id.is_not_null())
                    .select((evidence::commitment_id, evidence::document_id))
                    .load(conn)?
            };
            let mut by_fact: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
            for (fact, document) in rows {
                by_fact
                    .entry(fact.expect("filtered"))
                    .or_default()
                    .insert(document);
            }
            Ok(by_fact)
        };
    let agreement_documents = cited(conn, true)?;
    let commitment_documents = cited(conn, false)?;
    let published: HashMap<i64, Option<String>> = documents::table
        .select((documents::id, documents::published))
        .load::<(i64, Option<String>)>(conn)?
        .into_iter()
        .collect();
    let agreements: Vec<AgreementRow> = agreements::table
        .select(AgreementRow::as_select())
        .load(conn)?;
    let mut members: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
    for (agreement, role, node) in agreement_members::table
        .select((
            agreement_members::agreement_id,
            agreement_members::role,
            agreement_members::node_id,
        ))
        .load::<(i64, String, i64)>(conn)?
    {
        members.entry(agreement).or_default().push((role, node));
    }
    let mut places: HashMap<i64, Vec<(&'static str, i64)>> = HashMap::new();
    for (commitment, city) in commitment_cities::table
        .select((commitment_cities::commitment_id, commitment_cities::city_id))
        .load::<(i64, i64)>(conn)?
    {
        places.entry(commitment).or_default().push((p::CITY, city));
    }
    for (commitment, sector) in commitment_sectors::table
        .select((
            commitment_sectors::commitment_id,
            commitment_sectors::sector_id,
        ))
        .load::<(i64, i64)>(conn)?
    {
        places
            .entry(commitment)
            .or_default()
            .push((p::SECTOR, sector));
    }

    struct Backfilled {
        document: i64,
        local_id: String,
        agreement: Option<i64>,
        commitment: Option<i64>,
        date: Option<String>,
        stage: Stage,
        first: bool,
        claims: Claims,
    }
    let mut out: Vec<Backfilled> = Vec::new();
    let mut stage_of: HashMap<i64, (Stage, Option<String>)> = HashMap::new();
    for a in &agreements {
        let stage = Stage::of_kind(&a.kind);
        stage_of.insert(a.id, (stage, a.date.clone()));
        let mut claims = Claims::default();
        claims
            .put(p::KIND, Some(&a.kind))
            .put(p::DATE, a.date.as_ref())
            .put(p::VENUE, a.venue.as_ref())
            .put(p::COUNT, a.document_count)
            .put(p::TOTAL_JOBS, a.total_jobs)
            .money(
                p::TOTAL_INVESTMENT,
                a.total_investment_amount,
                a.total_investment_currency.as_deref(),
            )
            .put(p::TOTAL_HORIZON, a.total_horizon.as_ref());
        for (role, node) in members.get(&a.id).into_iter().flatten() {
            let property = match role.as_str() {
                "party" => p::PARTY,
                "signatory" => p::SIGNATORY,
                _ => p::CITY,
            };
            claims.nodes(property, [*node]);
        }
        for (n, &document) in agreement_documents
            .get(&a.id)
            .into_iter()
            .flatten()
            .enumerate()
        {
            out.push(Backfilled {
                document,
                local_id: format!("a{}", a.id),
                agreement: Some(a.id),
                commitment: None,
                date: a.date.clone().or_else(|| published[&document].clone()),
                stage,
                first: n == 0,
                claims: claims.clone(),
            });
        }
    }
    let commitments: Vec<CommitmentRow> = commitments::table
        .select(CommitmentRow::as_select())
        .load(conn)?;
    for c in &commitments {
        let mut claims = Claims::default();
        claims
            .put(p::OPERATOR, Some(c.operator_id))
            .put(p::JOBS, c.jobs)
            .put(p::JOBS_QUALIFIER, c.jobs_qualifier.as_ref())
            .put(p::EXISTING_JOBS, c.existing_jobs)
            .money(
                p::INVESTMENT,
                c.investment_amount,
                c.investment_currency.as_deref(),
            )
            .put(p::HORIZON, c.horizon.as_ref());
        for (property, node) in places.get(&c.id).into_iter().flatten() {
            claims.nodes(property, [*node]);
        }
        let documents = commitment_documents
            .get(&c.id)
            .or_else(|| c.agreement_id.and_then(|a| agreement_documents.get(&a)));
        let (stage, date) = c
            .agreement_id
            .and_then(|a| stage_of.get(&a).cloned())
            .unwrap_or((Stage::Signed, None));
        for (n, &document) in documents.into_iter().flatten().enumerate() {
            out.push(Backfilled {
                document,
                local_id: format!("c{}", c.id),
                agreement: c.agreement_id,
                commitment: Some(c.id),
                date: date.clone().or_else(|| published[&document].clone()),
                stage,
                first: n == 0,
                claims: claims.clone(),
            });
        }
    }

    let ids = allocate_report_ids(conn, out.len())?;
    let earlier = "reported by this document before schema version 5";
    let rows: Vec<NewReport> = out
        .iter()
        .zip(&ids)
        .map(|(b, &id)| NewReport {
            id,
            document_id: b.document,
            local_id: &b.local_id,
            agreement_id: b.agreement,
            commitment_id: b.commitment,
            date: b.date.as_deref(),
            stage: b.stage.as_str(),
            matched_because: (!b.first).then_some(earlier),
        })
        .collect();
    let claims: Vec<NewClaim> = out
        .iter()
        .zip(&ids)
        .flat_map(|(b, &id)| {
            b.claims.0.iter().map(move |(property, value)| NewClaim {
                report_id: id,
                property: (*property).to_owned(),
                value: value.clone(),
                span_start: None,
                span_end: None,
                row_number: None,
                column_name: None,
                quote: None,
            })
        })
        .collect();
    insert_reports(conn, &rows, &claims)?;
    use diesel::connection::SimpleConnection;
    conn.batch_execute(
        "UPDATE agreements SET source_count = (SELECT count(DISTINCT document_id) FROM reports \
           WHERE reports.agreement_id = agreements.id AND reports.commitment_id IS NULL) \
         WHERE EXISTS (SELECT 1 FROM reports WHERE reports.agreement_id = agreements.id);
         UPDATE commitments SET source_count = (SELECT count(DISTINCT document_id) FROM reports \
           WHERE reports.commitment_id = commitments.id), \
           promised_jobs = jobs, promised_investment_amount = investment_amount, \
           promised_investment_currency = investment_currency;",
    )?;
    // A commitment's status is the stage of its one event.
    let mut by_status: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for c in &commitments {
        let stage = c.agreement_id.and_then(|a| stage_of.get(&a)).map(|s| s.0);
        by_status
            .entry(stage.unwrap_or(Stage::Signed).as_str())
            .or_default()
            .push(c.id);
    }
    for (status, ids) in by_status {
        for chunk in ids.chunks(ROWS_PER_STATEMENT) {
            diesel::update(commitments::table.filter(commitments::id.eq_any(chunk)))
                .set(commitments::status.eq(status))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// A claim with its report and document, as the API shows it.
#[derive(Debug, Clone)]
pub struct ClaimRow {
    pub report_id: i64,
    pub property: String,
    pub value: String,
    pub span_start: Option<i64>,
    pub span_end: Option<i64>,
    pub row_number: Option<i64>,
    pub column_name: Option<String>,
    pub quote: Option<String>,
    /// The event of the report, its date and stage, and why it was matched.
    pub event: Option<i64>,
    pub date: Option<String>,
    pub stage: String,
    pub matched_because: Option<String>,
    pub document: super::models::DocumentRow,
}

/// Every claim of `subject`'s reports, report by report.
pub fn claim_rows(conn: &mut DbConnection, subject: Subject) -> Result<Vec<ClaimRow>> {
    use super::models::DocumentRow;
    let query = claims::table
        .inner_join(reports::table.inner_join(documents::table))
        .into_boxed();
    let query = match subject {
        Subject::Agreement(id) => query
            .filter(reports::agreement_id.eq(id))
            .filter(reports::commitment_id.is_null()),
        Subject::Commitment(id) => query.filter(reports::commitment_id.eq(id)),
    };
    type Row = (
        (i64, String, String),
        (
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<String>,
        ),
        (Option<i64>, Option<String>, String, Option<String>),
        DocumentRow,
    );
    let rows: Vec<Row> = query
        .order_by((reports::id, claims::id))
        .select((
            (claims::report_id, claims::property, claims::value),
            (
                claims::span_start,
                claims::span_end,
                claims::row_number,
                claims::column_name,
                claims::quote,
            ),
            (
                reports::agreement_id,
                reports::date,
                reports::stage,
                reports::matched_because,
            ),
            DocumentRow::as_select(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                (report_id, property, value),
                (span_start, span_end, row_number, column_name, quote),
                (event, date, stage, matched_because),
                document,
            )| ClaimRow {
                report_id,
                property,
                value,
                span_start,
                span_end,
                row_number,
                column_name,
                quote,
                event,
                date,
                stage,
                matched_because,
                document,
            },
        )
        .collect())
}

/// A stored document as re-extraction needs it.
#[derive(Debug, Clone, Queryable)]
pub struct StoredDocument {
    pub id: i64,
    pub sha256: String,
    pub importer: String,
    /// JSON of the import request.
    pub request: Option<String>,
}

/// The documents to extract again: all, or one importer's, or one.
pub fn stored_documents(
    conn: &mut DbConnection,
    importer: Option<&str>,
    document: Option<i64>,
) -> Result<Vec<StoredDocument>> {
    let mut query = documents::table.into_boxed();
    if let Some(importer) = importer {
        query = query.filter(documents::importer.eq(importer.to_owned()));
    }
    if let Some(id) = document {
        query = query.filter(documents::id.eq(id));
    }
    Ok(query
        .order_by(documents::id)
        .select((
            documents::id,
            documents::sha256,
            documents::importer,
            documents::request,
        ))
        .load(conn)?)
}

/// Each report of a document by local id: its subject and why it was matched.
pub fn reports_of_document(
    conn: &mut DbConnection,
    document: i64,
) -> Result<HashMap<String, (Subject, Option<String>)>> {
    Ok(document_reports(conn, document)?
        .into_iter()
        .map(|(_, local, subject, why)| (local, (subject, why)))
        .collect())
}

/// A document's report: (report id, local id, subject, why matched).
type DocumentReport = (i64, String, Subject, Option<String>);

fn document_reports(conn: &mut DbConnection, document: i64) -> Result<Vec<DocumentReport>> {
    type Row = (i64, String, Option<i64>, Option<i64>, Option<String>);
    let rows: Vec<Row> = reports::table
        .filter(reports::document_id.eq(document))
        .select((
            reports::id,
            reports::local_id,
            reports::agreement_id,
            reports::commitment_id,
            reports::matched_because,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, local, agreement, commitment, why)| {
            let subject = match (commitment, agreement) {
                (Some(c), _) => Subject::Commitment(c),
                (None, Some(a)) => Subject::Agreement(a),
                (None, None) => return None,
            };
            Some((id, local, subject, why))
        })
        .collect())
}

/// Removes what a document states, to write it again: its reports (and
/// claims), its evidence and the observations only it supports. Returns the
/// edges it cited, to be dropped if nothing cites them afterwards
/// ([`drop_uncited_edges`]). Nodes stay: other facts may name them.
pub fn forget_document_facts(conn: &mut DbConnection, document: i64) -> Result<Vec<i64>> {
    let edges: Vec<Option<i64>> = evidence::table
        .filter(evidence::document_id.eq(document))
        .filter(evidence::edge_id.is_not_null())
        .select(evidence::edge_id)
        .load(conn)?;
    let others = evidence::table
        .filter(evidence::document_id.ne(document))
        .filter(evidence::observation_id.is_not_null())
        .select(evidence::observation_id);
    let own = evidence::table
        .filter(evidence::document_id.eq(document))
        .select(evidence::observation_id);
    diesel::delete(
        observations::table
            .filter(observations::id.nullable().eq_any(own))
            .filter(observations::id.nullable().ne_all(others)),
    )
    .execute(conn)?;
    diesel::delete(reports::table.filter(reports::document_id.eq(document))).execute(conn)?;
    diesel::delete(evidence::table.filter(evidence::document_id.eq(document))).execute(conn)?;
    Ok(edges.into_iter().flatten().collect())
}

/// Deletes those of `edges` that no evidence cites.
pub fn drop_uncited_edges(conn: &mut DbConnection, edges: &[i64]) -> Result<()> {
    for chunk in edges.chunks(ROWS_PER_STATEMENT) {
        let cited = evidence::table
            .filter(evidence::edge_id.is_not_null())
            .select(evidence::edge_id);
        diesel::delete(
            edges::table
                .filter(edges::id.eq_any(chunk))
                .filter(edges::id.nullable().ne_all(cited)),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// Replaces what the batch says of its document (title, date ...).
pub fn update_document(
    conn: &mut DbConnection,
    id: i64,
    document: &pledgegraph_importer::Document,
) -> Result<()> {
    diesel::update(documents::table.find(id))
        .set((
            documents::title.eq(&document.title),
            documents::url.eq(&document.url),
            documents::published.eq(&document.published),
            documents::language.eq(&document.language),
            documents::publisher.eq(&document.publisher),
        ))
        .execute(conn)?;
    Ok(())
}
