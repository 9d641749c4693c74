//! Writing graph facts. Every function takes the connection of a transaction
//! opened by the caller (`conn.transaction(...)`), so that an import is all
//! or nothing. Writes are idempotent where a fact can repeat: an alias, an
//! edge or a membership that exists already is left as it is.

use std::collections::BTreeMap;

use diesel::prelude::*;

use super::connection::DbConnection;
use super::models::Fact;
use super::schema::*;
use crate::error::Result;

fn to_json(map: &BTreeMap<String, String>) -> String {
    serde_json::to_string(map).expect("a map of strings always serialises")
}

/// The nodes of `kind` whose name, or one of whose aliases, has the
/// matching key `key` (see `text::match_key`), with their country: name
/// matches first, each in id order.
pub fn find_nodes(
    conn: &mut DbConnection,
    kind: &str,
    key: &str,
) -> Result<Vec<(i64, Option<String>)>> {
    let mut found: Vec<(i64, Option<String>)> = nodes::table
        .filter(nodes::kind.eq(kind).and(nodes::match_key.eq(key)))
        .select((nodes::id, nodes::country))
        .order_by(nodes::id)
        .load(conn)?;
    let by_alias: Vec<(i64, Option<String>)> = aliases::table
        .inner_join(nodes::table)
        .filter(nodes::kind.eq(kind).and(aliases::match_key.eq(key)))
        .select((nodes::id, nodes::country))
        .order_by(nodes::id)
        .load(conn)?;
    for candidate in by_alias {
        if !found.iter().any(|(id, _)| *id == candidate.0) {
            found.push(candidate);
        }
    }
    Ok(found)
}

pub struct NewNode<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub country: Option<&'a str>,
    pub attributes: &'a BTreeMap<String, String>,
}

pub fn insert_node(conn: &mut DbConnection, node: &NewNode) -> Result<i64> {
    Ok(diesel::insert_into(nodes::table)
        .values((
            nodes::kind.eq(node.kind),
            nodes::name.eq(node.name),
            nodes::folded.eq(crate::text::fold(node.name)),
            nodes::match_key.eq(crate::text::match_key(node.kind, node.name)),
            nodes::country.eq(node.country),
            nodes::attributes.eq(to_json(node.attributes)),
        ))
        .returning(nodes::id)
        .get_result(conn)?)
}

/// Adds the attributes (and country) the node lacks; what it has is kept.
/// Returns whether anything changed.
pub fn complete_node(
    conn: &mut DbConnection,
    id: i64,
    country: Option<&str>,
    attributes: &BTreeMap<String, String>,
) -> Result<bool> {
    let (old_country, old_attributes): (Option<String>, String) = nodes::table
        .find(id)
        .select((nodes::country, nodes::attributes))
        .first(conn)?;
    let mut merged: BTreeMap<String, String> =
        serde_json::from_str(&old_attributes).unwrap_or_default();
    let before = merged.len();
    for (key, value) in attributes {
        merged.entry(key.clone()).or_insert_with(|| value.clone());
    }
    let new_country = old_country.is_none() && country.is_some();
    if merged.len() == before && !new_country {
        return Ok(false);
    }
    diesel::update(nodes::table.find(id))
        .set((
            nodes::attributes.eq(to_json(&merged)),
            nodes::country.eq(old_country.as_deref().or(country)),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Records `alias` for the node unless it is the node's name or a known
/// alias. Spellings that fold alike are kept (Kenitra beside Kénitra):
/// matching uses the folded form, people read the spelling.
pub fn add_alias(conn: &mut DbConnection, node: i64, alias: &str) -> Result<()> {
    let alias = alias.trim();
    let folded = crate::text::fold(alias);
    if folded.is_empty() {
        return Ok(());
    }
    let (name, kind): (String, String) = nodes::table
        .find(node)
        .select((nodes::name, nodes::kind))
        .first(conn)?;
    let known = name == alias
        || aliases::table
            .filter(aliases::node_id.eq(node).and(aliases::alias.eq(alias)))
            .count()
            .get_result::<i64>(conn)?
            > 0;
    if !known {
        diesel::insert_into(aliases::table)
            .values((
                aliases::node_id.eq(node),
                aliases::alias.eq(alias),
                aliases::folded.eq(&folded),
                aliases::match_key.eq(crate::text::match_key(&kind, alias)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The edge `from -kind-> to`, created if new (then `true`); a title fills
/// one that was missing.
pub fn upsert_edge(
    conn: &mut DbConnection,
    kind: &str,
    from: i64,
    to: i64,
    title: Option<&str>,
) -> Result<(i64, bool)> {
    let existing: Option<(i64, Option<String>)> = edges::table
        .filter(
            edges::kind
                .eq(kind)
                .and(edges::from_id.eq(from))
                .and(edges::to_id.eq(to)),
        )
        .select((edges::id, edges::title))
        .first(conn)
        .optional()?;
    match existing {
        Some((id, None)) if title.is_some() => {
            diesel::update(edges::table.find(id))
                .set(edges::title.eq(title))
                .execute(conn)?;
            Ok((id, false))
        }
        Some((id, _)) => Ok((id, false)),
        None => {
            let id = diesel::insert_into(edges::table)
                .values((
                    edges::kind.eq(kind),
                    edges::from_id.eq(from),
                    edges::to_id.eq(to),
                    edges::title.eq(title),
                ))
                .returning(edges::id)
                .get_result(conn)?;
            Ok((id, true))
        }
    }
}

pub struct NewDocument<'a> {
    pub kind: &'a str,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    pub published: Option<&'a str>,
    pub language: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub sha256: &'a str,
    pub importer: &'a str,
    pub text: Option<&'a str>,
}

/// The document with this sha256, if it was imported before.
pub fn find_document(conn: &mut DbConnection, sha256: &str) -> Result<Option<i64>> {
    Ok(documents::table
        .filter(documents::sha256.eq(sha256))
        .select(documents::id)
        .first(conn)
        .optional()?)
}

pub fn insert_document(conn: &mut DbConnection, doc: &NewDocument) -> Result<i64> {
    Ok(diesel::insert_into(documents::table)
        .values((
            documents::kind.eq(doc.kind),
            documents::title.eq(doc.title),
            documents::url.eq(doc.url),
            documents::published.eq(doc.published),
            documents::language.eq(doc.language),
            documents::publisher.eq(doc.publisher),
            documents::sha256.eq(doc.sha256),
            documents::importer.eq(doc.importer),
            documents::imported_at.eq(crate::time::now_rfc3339()),
            documents::text.eq(doc.text),
        ))
        .returning(documents::id)
        .get_result(conn)?)
}

pub struct NewAgreement<'a> {
    pub kind: &'a str,
    pub date: Option<&'a str>,
    pub venue: Option<&'a str>,
    pub document_count: Option<i64>,
    pub total_jobs: Option<i64>,
    pub total_investment: Option<(f64, &'a str)>,
    pub total_horizon: Option<&'a str>,
}

pub fn insert_agreement(conn: &mut DbConnection, a: &NewAgreement) -> Result<i64> {
    Ok(diesel::insert_into(agreements::table)
        .values((
            agreements::kind.eq(a.kind),
            agreements::date.eq(a.date),
            agreements::venue.eq(a.venue),
            agreements::document_count.eq(a.document_count),
            agreements::total_jobs.eq(a.total_jobs),
            agreements::total_investment_amount.eq(a.total_investment.map(|m| m.0)),
            agreements::total_investment_currency.eq(a.total_investment.map(|m| m.1)),
            agreements::total_horizon.eq(a.total_horizon),
        ))
        .returning(agreements::id)
        .get_result(conn)?)
}

/// `role` is `party`, `signatory` or `city`.
pub fn add_member(conn: &mut DbConnection, agreement: i64, node: i64, role: &str) -> Result<()> {
    let exists = agreement_members::table
        .find((agreement, role, node))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if !exists {
        diesel::insert_into(agreement_members::table)
            .values((
                agreement_members::agreement_id.eq(agreement),
                agreement_members::node_id.eq(node),
                agreement_members::role.eq(role),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub struct NewCommitment<'a> {
    pub operator: i64,
    pub agreement: Option<i64>,
    pub jobs: Option<i64>,
    pub jobs_qualifier: Option<&'a str>,
    pub existing_jobs: Option<i64>,
    pub investment: Option<(f64, &'a str)>,
    pub horizon: Option<&'a str>,
    pub cities: &'a [i64],
    pub sectors: &'a [i64],
}

pub fn insert_commitment(conn: &mut DbConnection, c: &NewCommitment) -> Result<i64> {
    let id: i64 = diesel::insert_into(commitments::table)
        .values((
            commitments::operator_id.eq(c.operator),
            commitments::agreement_id.eq(c.agreement),
            commitments::jobs.eq(c.jobs),
            commitments::jobs_qualifier.eq(c.jobs_qualifier),
            commitments::existing_jobs.eq(c.existing_jobs),
            commitments::investment_amount.eq(c.investment.map(|m| m.0)),
            commitments::investment_currency.eq(c.investment.map(|m| m.1)),
            commitments::horizon.eq(c.horizon),
        ))
        .returning(commitments::id)
        .get_result(conn)?;
    let mut cities = c.cities.to_vec();
    cities.sort_unstable();
    cities.dedup();
    for city in cities {
        diesel::insert_into(commitment_cities::table)
            .values((
                commitment_cities::commitment_id.eq(id),
                commitment_cities::city_id.eq(city),
            ))
            .execute(conn)?;
    }
    let mut sectors = c.sectors.to_vec();
    sectors.sort_unstable();
    sectors.dedup();
    for sector in sectors {
        diesel::insert_into(commitment_sectors::table)
            .values((
                commitment_sectors::commitment_id.eq(id),
                commitment_sectors::sector_id.eq(sector),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

pub struct NewObservation<'a> {
    pub indicator_code: &'a str,
    pub indicator_name: Option<&'a str>,
    pub subject: Option<i64>,
    pub geography: Option<&'a str>,
    pub period: &'a str,
    pub value: f64,
    pub unit: Option<&'a str>,
    pub qualifier: Option<&'a str>,
    pub dimensions: &'a BTreeMap<String, String>,
}

pub fn insert_observation(conn: &mut DbConnection, o: &NewObservation) -> Result<i64> {
    Ok(diesel::insert_into(observations::table)
        .values((
            observations::indicator_code.eq(o.indicator_code),
            observations::indicator_name.eq(o.indicator_name),
            observations::subject_id.eq(o.subject),
            observations::geography.eq(o.geography),
            observations::period.eq(o.period),
            observations::value.eq(o.value),
            observations::unit.eq(o.unit),
            observations::qualifier.eq(o.qualifier),
            observations::dimensions.eq(to_json(o.dimensions)),
        ))
        .returning(observations::id)
        .get_result(conn)?)
}

/// Where in a document a fact is supported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place<'a> {
    Span { start: i64, end: i64 },
    Cell { row: i64, column: &'a str },
    Key(&'a str),
}

#[derive(Insertable)]
#[diesel(table_name = evidence)]
// NULL rather than DEFAULT for `None`: SQLite's multi-row insert has no DEFAULT.
#[diesel(treat_none_as_default_value = false)]
struct NewEvidence<'a> {
    document_id: i64,
    node_id: Option<i64>,
    edge_id: Option<i64>,
    agreement_id: Option<i64>,
    commitment_id: Option<i64>,
    observation_id: Option<i64>,
    span_start: Option<i64>,
    span_end: Option<i64>,
    row_number: Option<i64>,
    column_name: Option<&'a str>,
    series_key: Option<&'a str>,
    quote: Option<&'a str>,
}

/// Rows per evidence statement: 12 columns each, well under every
/// backend's limit on bound parameters.
const EVIDENCE_PER_STATEMENT: usize = 1_000;

/// Records where `document` supports `fact`: one row per place, with the
/// quote when there is one, in as few statements as the places allow.
pub fn add_evidence(
    conn: &mut DbConnection,
    document: i64,
    fact: Fact,
    places: &[(Place, Option<&str>)],
) -> Result<()> {
    let (node_id, edge_id, agreement_id, commitment_id, observation_id) = match fact {
        Fact::Node(id) => (Some(id), None, None, None, None),
        Fact::Edge(id) => (None, Some(id), None, None, None),
        Fact::Agreement(id) => (None, None, Some(id), None, None),
        Fact::Commitment(id) => (None, None, None, Some(id), None),
        Fact::Observation(id) => (None, None, None, None, Some(id)),
    };
    let rows: Vec<NewEvidence> = places
        .iter()
        .map(|(place, quote)| {
            let (span_start, span_end, row_number, column_name, series_key) = match *place {
                Place::Span { start, end } => (Some(start), Some(end), None, None, None),
                Place::Cell { row, column } => (None, None, Some(row), Some(column), None),
                Place::Key(key) => (None, None, None, None, Some(key)),
            };
            NewEvidence {
                document_id: document,
                node_id,
                edge_id,
                agreement_id,
                commitment_id,
                observation_id,
                span_start,
                span_end,
                row_number,
                column_name,
                series_key,
                quote: *quote,
            }
        })
        .collect();
    for chunk in rows.chunks(EVIDENCE_PER_STATEMENT) {
        let insert = diesel::insert_into(evidence::table).values(chunk);
        // Per backend: the multi-connection has no multi-row insert, each backend has.
        match conn {
            DbConnection::Sqlite(conn) => insert.execute(conn)?,
            DbConnection::Postgresql(conn) => insert.execute(conn)?,
        };
    }
    Ok(())
}
