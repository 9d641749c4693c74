//! Writing graph facts. Every function takes the connection of a transaction
//! opened by the caller with [`write_transaction`], so that an import is all
//! or nothing and writers take turns.
//!
//! Writes are set-based: a batch of thousands of rows costs a handful of
//! statements, not one per row, which is what makes a large import fast on
//! PostgreSQL, where every statement is a round trip. Ids of new rows are
//! allocated up front ([`allocate_ids`]) so that rows referring to each
//! other can be inserted together.
//!
//! Nodes, aliases and edges are inserted with `ON CONFLICT DO NOTHING` on
//! their unique keys, and a row another writer stored first stands in for
//! the one that was skipped: whatever the interleaving of writers, one
//! identity is one row.

use std::collections::{BTreeMap, HashMap, HashSet};

use diesel::prelude::*;
use diesel::sql_types::BigInt;

use pledgegraph_importer::activity;

use super::connection::{locked_transaction, DbConnection, Lock};
use super::models::Fact;
use super::schema::*;
use crate::error::{Error, Result};

/// Rows per multi-row statement: at most 12 columns each, well under
/// SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
pub(super) const ROWS_PER_STATEMENT: usize = 1_000;

/// Runs a multi-row insert on whichever backend `conn` is: the
/// multi-connection itself cannot, each backend can.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        for chunk in $rows.chunks(ROWS_PER_STATEMENT) {
            match &mut *$conn {
                DbConnection::Sqlite(conn) => {
                    diesel::insert_into($table).values(chunk).execute(conn)?
                }
                DbConnection::Postgresql(conn) => {
                    diesel::insert_into($table).values(chunk).execute(conn)?
                }
            };
        }
    };
}

/// [`insert_rows!`] that skips rows a unique key already holds; evaluates
/// to the number of rows inserted.
macro_rules! insert_new_rows {
    ($conn:expr, $table:expr, $rows:expr) => {{
        let mut inserted = 0;
        for chunk in $rows.chunks(ROWS_PER_STATEMENT) {
            inserted += match &mut *$conn {
                DbConnection::Sqlite(conn) => diesel::insert_into($table)
                    .values(chunk)
                    .on_conflict_do_nothing()
                    .execute(conn)?,
                DbConnection::Postgresql(conn) => diesel::insert_into($table)
                    .values(chunk)
                    .on_conflict_do_nothing()
                    .execute(conn)?,
            };
        }
        inserted
    }};
}
pub(super) use insert_rows;

/// Runs `f` as one write of the graph: a transaction holding the write lock
/// from its start (see `connection::locked_transaction`), so that every
/// writer, on any server, resolves against the nodes the previous one made.
/// The wait for the lock is bounded by the store's busy timeout, past which
/// the write answers `DATABASE_BUSY`.
pub fn write_transaction<T>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T>,
) -> Result<T> {
    locked_transaction(conn, Lock::Write, f)
}

/// [`write_transaction`] that keeps its writes only when `f` says so.
pub fn write_transaction_keeping<T>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<(T, bool)>,
) -> Result<T> {
    super::connection::locked_transaction_keeping(conn, Lock::Write, f)
}

pub fn to_json(map: &BTreeMap<String, String>) -> String {
    serde_json::to_string(map).expect("a map of strings always serialises")
}

/// The tables whose new rows get their ids from [`allocate_ids`].
#[derive(Debug, Clone, Copy)]
pub enum IdTable {
    Nodes,
    Edges,
    Commitments,
    Observations,
    Reports,
}

impl IdTable {
    fn name(self) -> &'static str {
        match self {
            IdTable::Nodes => "nodes",
            IdTable::Edges => "edges",
            IdTable::Commitments => "commitments",
            IdTable::Observations => "observations",
            IdTable::Reports => "reports",
        }
    }
}

#[derive(QueryableByName)]
struct AllocatedId {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// `count` fresh ids for `table`, in one statement. PostgreSQL draws them
/// from the identity sequence, so concurrent writers never collide; SQLite
/// continues after the largest id, which is safe because the caller's
/// [`write_transaction`] holds the database's only write lock.
pub fn allocate_ids(conn: &mut DbConnection, table: IdTable, count: usize) -> Result<Vec<i64>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    match conn {
        DbConnection::Postgresql(conn) => {
            let query = format!(
                "SELECT nextval(pg_get_serial_sequence('{}', 'id')) AS id \
                 FROM generate_series(1, $1)",
                table.name()
            );
            let ids: Vec<AllocatedId> = diesel::sql_query(query)
                .bind::<BigInt, _>(count as i64)
                .load(conn)?;
            Ok(ids.into_iter().map(|row| row.id).collect())
        }
        DbConnection::Sqlite(conn) => {
            let query = format!("SELECT COALESCE(MAX(id), 0) AS id FROM {}", table.name());
            let last = diesel::sql_query(query).get_result::<AllocatedId>(conn)?.id;
            Ok((last + 1..=last + count as i64).collect())
        }
    }
}

/// A node that has a name or alias with one of the keys asked for.
#[derive(Debug, Clone)]
pub struct KnownNode {
    pub id: i64,
    /// The matching key that found it.
    pub key: String,
    /// Found through an alias rather than the name.
    pub by_alias: bool,
    pub name: String,
    pub country: Option<String>,
    pub attributes: String,
}

/// A stored sector that carries an activity code.
#[derive(Queryable)]
pub struct CodedSector {
    pub id: i64,
    pub name: String,
    pub country: Option<String>,
    /// JSON object.
    pub attributes: String,
}

/// Sectors that carry an activity code (`isic`, `nace`) among their
/// attributes: few enough to match in memory.
pub fn coded_sectors(conn: &mut DbConnection) -> Result<Vec<CodedSector>> {
    Ok(nodes::table
        .filter(nodes::kind.eq("sector"))
        .filter(
            nodes::attributes
                .like("%\"isic\"%")
                .or(nodes::attributes.like("%\"nace\"%")),
        )
        .order_by(nodes::id)
        .select((nodes::id, nodes::name, nodes::country, nodes::attributes))
        .load(conn)?)
}

/// The nodes of `kind` whose name or one of whose aliases has a matching
/// key (see `text::match_key`) among `keys`.
pub fn find_nodes(conn: &mut DbConnection, kind: &str, keys: &[String]) -> Result<Vec<KnownNode>> {
    type Row = (i64, String, String, Option<String>, String);
    let mut found = Vec::new();
    for chunk in keys.chunks(ROWS_PER_STATEMENT) {
        let by_name: Vec<Row> = nodes::table
            .filter(nodes::kind.eq(kind).and(nodes::match_key.eq_any(chunk)))
            .select((
                nodes::id,
                nodes::match_key,
                nodes::name,
                nodes::country,
                nodes::attributes,
            ))
            .load(conn)?;
        let by_alias: Vec<Row> = aliases::table
            .inner_join(nodes::table)
            .filter(nodes::kind.eq(kind).and(aliases::match_key.eq_any(chunk)))
            .select((
                nodes::id,
                aliases::match_key,
                nodes::name,
                nodes::country,
                nodes::attributes,
            ))
            .load(conn)?;
        for (rows, by_alias) in [(by_name, false), (by_alias, true)] {
            found.extend(
                rows.into_iter()
                    .map(|(id, key, name, country, attributes)| KnownNode {
                        id,
                        key,
                        by_alias,
                        name,
                        country,
                        attributes,
                    }),
            );
        }
    }
    Ok(found)
}

/// The aliases of `nodes`, as `(node, alias)`.
pub fn aliases_of(conn: &mut DbConnection, nodes: &[i64]) -> Result<Vec<(i64, String)>> {
    let mut found = Vec::new();
    for chunk in nodes.chunks(ROWS_PER_STATEMENT) {
        found.extend(
            aliases::table
                .filter(aliases::node_id.eq_any(chunk))
                .select((aliases::node_id, aliases::alias))
                .load::<(i64, String)>(conn)?,
        );
    }
    Ok(found)
}

/// The activity code a sector is named by: the first of its `isic` and
/// `nace` attributes that is a code, normalised. None for other kinds.
pub fn activity_of(kind: &str, attributes: &BTreeMap<String, String>) -> Option<String> {
    if kind != "sector" {
        return None;
    }
    [activity::ISIC, activity::NACE]
        .into_iter()
        .find_map(|scheme| activity::normalise(attributes.get(scheme)?))
}

/// `nodes.identity_key` of a node created as `kind`, with this matching key
/// (`text::match_key` of its name), country and activity code: what
/// resolution treats as one node. Country case is ignored, as resolution
/// ignores it. None for an empty key: resolution never matches such names,
/// so nothing makes them one node.
pub fn node_identity(
    kind: &str,
    match_key: &str,
    country: Option<&str>,
    activity: Option<&str>,
) -> Option<String> {
    if match_key.is_empty() {
        return None;
    }
    let country = country.unwrap_or_default().to_ascii_uppercase();
    let mut identity = format!("{kind}|{match_key}|{country}");
    if let Some(code) = activity {
        identity.push('|');
        identity.push_str(code);
    }
    Some(identity)
}

#[derive(Insertable)]
#[diesel(table_name = nodes)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewNode<'a> {
    pub id: i64,
    pub kind: &'a str,
    pub name: &'a str,
    pub folded: String,
    pub match_key: String,
    pub country: Option<&'a str>,
    pub attributes: String,
    /// See [`node_identity`].
    pub identity_key: Option<String>,
}

/// Inserts the nodes whose identity no stored node has. Returns the others
/// as (the id allocated to the row, the id of the node that holds its
/// identity): another writer stored it first, or, within the batch, an
/// earlier row.
pub fn insert_nodes(conn: &mut DbConnection, rows: &[NewNode]) -> Result<Vec<(i64, i64)>> {
    let inserted = insert_new_rows!(conn, nodes::table, rows);
    if inserted == rows.len() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
    let mut stored = HashSet::new();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        stored.extend(
            nodes::table
                .filter(nodes::id.eq_any(chunk))
                .select(nodes::id)
                .load::<i64>(conn)?,
        );
    }
    let skipped: Vec<&NewNode> = rows
        .iter()
        .filter(|row| !stored.contains(&row.id))
        .collect();
    let identities: Vec<&str> = skipped
        .iter()
        .filter_map(|row| row.identity_key.as_deref())
        .collect();
    let mut holder: HashMap<String, i64> = HashMap::new();
    for chunk in identities.chunks(ROWS_PER_STATEMENT) {
        holder.extend(
            nodes::table
                .filter(nodes::identity_key.eq_any(chunk))
                .select((nodes::identity_key.assume_not_null(), nodes::id))
                .load::<(String, i64)>(conn)?,
        );
    }
    skipped
        .into_iter()
        .map(|row| {
            let holder = row.identity_key.as_ref().and_then(|key| holder.get(key));
            let holder = holder.ok_or_else(|| {
                Error::Internal(format!(
                    "node {:?} was neither inserted nor found by its identity",
                    row.name
                ))
            })?;
            Ok((row.id, *holder))
        })
        .collect()
}

/// What a merge may add to: a stored node's name, country and attributes.
#[derive(Queryable)]
pub struct NodeDetails {
    pub id: i64,
    pub name: String,
    pub country: Option<String>,
    /// JSON object.
    pub attributes: String,
}

/// The details of stored nodes.
pub fn node_details(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<NodeDetails>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        found.extend(
            nodes::table
                .filter(nodes::id.eq_any(chunk))
                .select((nodes::id, nodes::name, nodes::country, nodes::attributes))
                .load(conn)?,
        );
    }
    Ok(found)
}

/// Replaces a node's country and attributes (the caller merged them).
pub fn update_node(
    conn: &mut DbConnection,
    id: i64,
    country: Option<&str>,
    attributes: &str,
) -> Result<()> {
    diesel::update(nodes::table.find(id))
        .set((nodes::country.eq(country), nodes::attributes.eq(attributes)))
        .execute(conn)?;
    Ok(())
}

#[derive(Insertable)]
#[diesel(table_name = aliases)]
// One multi-row statement on SQLite too, which `ON CONFLICT` needs.
#[diesel(treat_none_as_default_value = false)]
pub struct NewAlias<'a> {
    pub node_id: i64,
    pub alias: &'a str,
    pub folded: String,
    pub match_key: String,
}

/// Inserts the aliases a node does not have yet.
pub fn insert_aliases(conn: &mut DbConnection, rows: &[NewAlias]) -> Result<()> {
    insert_new_rows!(conn, aliases::table, rows);
    Ok(())
}

/// An edge as stored.
#[derive(Debug, Clone, Queryable)]
pub struct KnownEdge {
    pub id: i64,
    pub kind: String,
    pub from: i64,
    pub to: i64,
    pub title: Option<String>,
}

/// The edges leaving any of `from`.
pub fn edges_from(conn: &mut DbConnection, from: &[i64]) -> Result<Vec<KnownEdge>> {
    let mut found = Vec::new();
    for chunk in from.chunks(ROWS_PER_STATEMENT) {
        found.extend(
            edges::table
                .filter(edges::from_id.eq_any(chunk))
                .select((
                    edges::id,
                    edges::kind,
                    edges::from_id,
                    edges::to_id,
                    edges::title,
                ))
                .load::<KnownEdge>(conn)?,
        );
    }
    Ok(found)
}

#[derive(Insertable)]
#[diesel(table_name = edges)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewEdge<'a> {
    pub id: i64,
    pub kind: &'a str,
    pub from_id: i64,
    pub to_id: i64,
    pub title: Option<&'a str>,
}

/// Inserts the edges whose (kind, from, to) is not stored yet. Returns the
/// others as (the id allocated to the row, the stored edge's id).
pub fn insert_edges(conn: &mut DbConnection, rows: &[NewEdge]) -> Result<Vec<(i64, i64)>> {
    let inserted = insert_new_rows!(conn, edges::table, rows);
    if inserted == rows.len() {
        return Ok(Vec::new());
    }
    let from: Vec<i64> = rows.iter().map(|row| row.from_id).collect();
    let stored: HashMap<(String, i64, i64), i64> = edges_from(conn, &from)?
        .into_iter()
        .map(|edge| ((edge.kind, edge.from, edge.to), edge.id))
        .collect();
    let mut skipped = Vec::new();
    for row in rows {
        match stored.get(&(row.kind.to_owned(), row.from_id, row.to_id)) {
            Some(&id) if id != row.id => skipped.push((row.id, id)),
            Some(_) => {}
            None => {
                return Err(Error::Internal(format!(
                    "edge {} {}->{} was neither inserted nor found",
                    row.kind, row.from_id, row.to_id
                )))
            }
        }
    }
    Ok(skipped)
}

/// Gives an edge the title it lacks (one it has is kept).
pub fn set_edge_title(conn: &mut DbConnection, id: i64, title: &str) -> Result<()> {
    diesel::update(edges::table.find(id).filter(edges::title.is_null()))
        .set(edges::title.eq(title))
        .execute(conn)?;
    Ok(())
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
    /// JSON: how the importer was asked to read the input.
    pub request: Option<&'a str>,
}

/// The document with this sha256, if it was imported before.
pub fn find_document(conn: &mut DbConnection, sha256: &str) -> Result<Option<i64>> {
    Ok(documents::table
        .filter(documents::sha256.eq(sha256))
        .select(documents::id)
        .first(conn)
        .optional()?)
}

/// Records what an import found doubtful about a document.
pub fn set_document_warnings(conn: &mut DbConnection, id: i64, warnings: &[String]) -> Result<()> {
    let json = serde_json::to_string(warnings).expect("strings always serialise");
    diesel::update(documents::table.find(id))
        .set(documents::warnings.eq(json))
        .execute(conn)?;
    Ok(())
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
            documents::request.eq(doc.request),
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

#[derive(Insertable)]
#[diesel(table_name = agreement_members)]
pub struct NewMember<'a> {
    pub agreement_id: i64,
    pub node_id: i64,
    /// `party`, `signatory` or `city`.
    pub role: &'a str,
}

/// The agreement is new: the caller passes each member once.
pub fn insert_members(conn: &mut DbConnection, rows: &[NewMember]) -> Result<()> {
    insert_rows!(conn, agreement_members::table, rows);
    Ok(())
}

#[derive(Insertable)]
#[diesel(table_name = commitments)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewCommitment<'a> {
    pub id: i64,
    pub operator_id: i64,
    pub agreement_id: Option<i64>,
    pub jobs: Option<i64>,
    pub jobs_qualifier: Option<&'a str>,
    pub existing_jobs: Option<i64>,
    pub investment_amount: Option<f64>,
    pub investment_currency: Option<&'a str>,
    pub horizon: Option<&'a str>,
    pub source_count: i64,
    pub status: &'a str,
    pub promised_jobs: Option<i64>,
    pub promised_investment_amount: Option<f64>,
    pub promised_investment_currency: Option<&'a str>,
}

impl<'a> NewCommitment<'a> {
    /// The row of a commitment of `operator` assembled from its reports.
    pub fn of_facts(
        id: i64,
        operator_id: i64,
        facts: &'a crate::consolidate::facts::CommitmentFacts,
    ) -> Self {
        let money = |m: &'a Option<(f64, String)>| m.as_ref().map(|(a, c)| (*a, c.as_str()));
        NewCommitment {
            id,
            operator_id,
            agreement_id: facts.agreement_id,
            jobs: facts.jobs,
            jobs_qualifier: facts.jobs_qualifier.as_deref(),
            existing_jobs: facts.existing_jobs,
            investment_amount: money(&facts.investment).map(|m| m.0),
            investment_currency: money(&facts.investment).map(|m| m.1),
            horizon: facts.horizon.as_deref(),
            source_count: facts.source_count,
            status: facts
                .status
                .unwrap_or(crate::consolidate::Stage::Signed)
                .as_str(),
            promised_jobs: facts.promised_jobs,
            promised_investment_amount: money(&facts.promised_investment).map(|m| m.0),
            promised_investment_currency: money(&facts.promised_investment).map(|m| m.1),
        }
    }
}

#[derive(Insertable)]
#[diesel(table_name = commitment_cities)]
pub struct CommitmentCity {
    pub commitment_id: i64,
    pub city_id: i64,
}

#[derive(Insertable)]
#[diesel(table_name = commitment_sectors)]
pub struct CommitmentSector {
    pub commitment_id: i64,
    pub sector_id: i64,
}

/// Commitments with their cities and sectors (each pair given once).
pub fn insert_commitments(
    conn: &mut DbConnection,
    rows: &[NewCommitment],
    cities: &[CommitmentCity],
    sectors: &[CommitmentSector],
) -> Result<()> {
    insert_rows!(conn, commitments::table, rows);
    insert_rows!(conn, commitment_cities::table, cities);
    insert_rows!(conn, commitment_sectors::table, sectors);
    Ok(())
}

#[derive(Insertable)]
#[diesel(table_name = observations)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewObservation<'a> {
    pub id: i64,
    pub indicator_code: &'a str,
    pub indicator_name: Option<&'a str>,
    pub subject_id: Option<i64>,
    pub geography: Option<&'a str>,
    pub period: &'a str,
    pub value: f64,
    pub unit: Option<&'a str>,
    pub qualifier: Option<&'a str>,
    pub dimensions: String,
    pub period_start: String,
    pub series: String,
    pub attributes: String,
}

/// What tells an observation's series apart within its indicator; the
/// schema upgrade to version 3 computes the same in SQL.
pub fn series_of(geography: Option<&str>, subject: Option<i64>, dimensions: &str) -> String {
    let subject = subject.map(|id| id.to_string()).unwrap_or_default();
    format!("{}|{subject}|{dimensions}", geography.unwrap_or_default())
}

pub fn insert_observations(conn: &mut DbConnection, rows: &[NewObservation]) -> Result<()> {
    insert_rows!(conn, observations::table, rows);
    Ok(())
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
pub struct NewEvidence<'a> {
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

impl<'a> NewEvidence<'a> {
    /// `document` supports `fact` at `place`, in the words of `quote`.
    pub fn new(document: i64, fact: Fact, place: Place<'a>, quote: Option<&'a str>) -> Self {
        let (node_id, edge_id, agreement_id, commitment_id, observation_id) = match fact {
            Fact::Node(id) => (Some(id), None, None, None, None),
            Fact::Edge(id) => (None, Some(id), None, None, None),
            Fact::Agreement(id) => (None, None, Some(id), None, None),
            Fact::Commitment(id) => (None, None, None, Some(id), None),
            Fact::Observation(id) => (None, None, None, None, Some(id)),
        };
        let (span_start, span_end, row_number, column_name, series_key) = match place {
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
            quote,
        }
    }
}

pub fn insert_evidence(conn: &mut DbConnection, rows: &[NewEvidence]) -> Result<()> {
    insert_rows!(conn, evidence::table, rows);
    Ok(())
}
