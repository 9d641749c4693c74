//! Rows as read from the database.

use diesel::prelude::*;

use super::schema::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = nodes)]
pub struct NodeRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub folded: String,
    pub country: Option<String>,
    pub attributes: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = aliases)]
pub struct AliasRow {
    pub node_id: i64,
    pub alias: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = edges)]
pub struct EdgeRow {
    pub id: i64,
    pub kind: String,
    pub from_id: i64,
    pub to_id: i64,
    pub title: Option<String>,
}

/// A document without its text, which can be large and is read on demand.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = documents)]
pub struct DocumentRow {
    pub id: i64,
    pub kind: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    pub sha256: String,
    pub importer: String,
    pub imported_at: String,
    /// JSON array of strings.
    pub warnings: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = agreements)]
pub struct AgreementRow {
    pub id: i64,
    pub kind: String,
    pub date: Option<String>,
    pub venue: Option<String>,
    pub document_count: Option<i64>,
    pub total_jobs: Option<i64>,
    pub total_investment_amount: Option<f64>,
    pub total_investment_currency: Option<String>,
    pub total_horizon: Option<String>,
    /// How many documents report it.
    pub source_count: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = agreement_members)]
pub struct MemberRow {
    pub agreement_id: i64,
    pub node_id: i64,
    pub role: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = commitments)]
pub struct CommitmentRow {
    pub id: i64,
    pub operator_id: i64,
    pub agreement_id: Option<i64>,
    pub jobs: Option<i64>,
    pub jobs_qualifier: Option<String>,
    pub existing_jobs: Option<i64>,
    pub investment_amount: Option<f64>,
    pub investment_currency: Option<String>,
    pub horizon: Option<String>,
    /// How many documents report it.
    pub source_count: i64,
    /// announced, signed, revised, under_construction, opened, abandoned.
    pub status: String,
    /// The figures of the first report, beside the latest above.
    pub promised_jobs: Option<i64>,
    pub promised_investment_amount: Option<f64>,
    pub promised_investment_currency: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = observations)]
pub struct ObservationRow {
    pub id: i64,
    pub indicator_code: String,
    pub indicator_name: Option<String>,
    pub subject_id: Option<i64>,
    pub geography: Option<String>,
    pub period: String,
    pub value: f64,
    pub unit: Option<String>,
    pub qualifier: Option<String>,
    pub dimensions: String,
    pub period_start: String,
    pub series: String,
    pub attributes: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = evidence)]
pub struct EvidenceRow {
    pub id: i64,
    pub document_id: i64,
    pub span_start: Option<i64>,
    pub span_end: Option<i64>,
    pub row_number: Option<i64>,
    pub column_name: Option<String>,
    pub series_key: Option<String>,
    pub quote: Option<String>,
}

/// Which fact a piece of evidence supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    Node(i64),
    Edge(i64),
    Agreement(i64),
    Commitment(i64),
    Observation(i64),
}
