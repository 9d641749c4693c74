//! What each document states of an agreement or a commitment: claims,
//! conflicts between them and a commitment's timeline.

use std::collections::BTreeMap;

use async_graphql::{Context, Enum, Object, Result, SimpleObject};

use super::{Agreement, Document};
use crate::consolidate::facts::{parse_money, property as p};
use crate::consolidate::{conflicts, Stage};
use crate::graphql::common::{self, loaders, store, Entity, Money};
use crate::store::reports::{self as r, ClaimRow, Subject};

/// How far a promise has come: the stage of the latest event reported.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum CommitmentStatus {
    /// Announced, not signed.
    Announced,
    /// Signed: a memorandum, a convention, a contract.
    Signed,
    /// A later report changed the promised jobs or money.
    Revised,
    /// Works have started.
    UnderConstruction,
    /// Inaugurated or in operation.
    Opened,
    /// Given up or cancelled.
    Abandoned,
}

impl CommitmentStatus {
    pub fn of(stage: Stage) -> CommitmentStatus {
        match stage {
            Stage::Announced => CommitmentStatus::Announced,
            Stage::Signed => CommitmentStatus::Signed,
            Stage::Revised => CommitmentStatus::Revised,
            Stage::UnderConstruction => CommitmentStatus::UnderConstruction,
            Stage::Opened => CommitmentStatus::Opened,
            Stage::Abandoned => CommitmentStatus::Abandoned,
        }
    }

    pub fn parse(s: &str) -> CommitmentStatus {
        CommitmentStatus::of(Stage::parse(s).unwrap_or(Stage::Signed))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentStatus::Announced => Stage::Announced,
            CommitmentStatus::Signed => Stage::Signed,
            CommitmentStatus::Revised => Stage::Revised,
            CommitmentStatus::UnderConstruction => Stage::UnderConstruction,
            CommitmentStatus::Opened => Stage::Opened,
            CommitmentStatus::Abandoned => Stage::Abandoned,
        }
        .as_str()
    }
}

/// Properties whose values are nodes of the graph.
const NODE_PROPERTIES: [&str; 5] = [p::PARTY, p::SIGNATORY, p::OPERATOR, p::CITY, p::SECTOR];

/// One value that one document states of an agreement or a commitment.
#[derive(Clone)]
pub struct Claim(pub ClaimRow);

#[Object]
impl Claim {
    /// `kind`, `date`, `venue`, `count`, `total_jobs`, `total_investment`,
    /// `total_horizon`, `party`, `signatory`, `operator`, `jobs`,
    /// `jobs_qualifier`, `existing_jobs`, `investment`, `horizon`, `city`
    /// or `sector`.
    async fn property(&self) -> &str {
        &self.0.property
    }
    /// The value as stated: a number, a date, a word, `"<amount>
    /// <currency>"` for money, the name for a node.
    async fn value(&self, ctx: &Context<'_>) -> Result<String> {
        Ok(match self.node_id() {
            Some(id) => common::node(ctx, id)
                .await?
                .map(|n| n.name)
                .unwrap_or_else(|| self.0.value.clone()),
            None => self.0.value.clone(),
        })
    }
    /// For a party, signatory, operator, city or sector: the node.
    async fn node(&self, ctx: &Context<'_>) -> Result<Option<Entity>> {
        match self.node_id() {
            Some(id) => Ok(common::node(ctx, id).await?.map(Entity::of)),
            None => Ok(None),
        }
    }
    /// For money: the amount and currency.
    async fn money(&self) -> Option<Money> {
        let is_money = matches!(
            self.0.property.as_str(),
            p::INVESTMENT | p::TOTAL_INVESTMENT
        );
        is_money
            .then(|| parse_money(&self.0.value))
            .flatten()
            .map(|(amount, currency)| Money { amount, currency })
    }
    async fn document(&self) -> Document {
        Document(self.0.document.clone())
    }
    /// The text of the document that states it.
    async fn quote(&self) -> Option<&str> {
        self.0.quote.as_deref()
    }
    /// Byte offsets of the quote in the document's text.
    async fn span_start(&self) -> Option<i64> {
        self.0.span_start
    }
    async fn span_end(&self) -> Option<i64> {
        self.0.span_end
    }
    /// For a table: the row (1 is the first after the header) and column.
    async fn row(&self) -> Option<i64> {
        self.0.row_number
    }
    async fn column(&self) -> Option<&str> {
        self.0.column_name.as_deref()
    }
    /// When the reported event took place, as the document says (else its
    /// publication date).
    async fn date(&self) -> Option<&str> {
        self.0.date.as_deref()
    }
    /// The stage of the event that reports it.
    async fn stage(&self) -> CommitmentStatus {
        CommitmentStatus::parse(&self.0.stage)
    }
    /// The event the document reports it in.
    async fn event(&self, ctx: &Context<'_>) -> Result<Option<Agreement>> {
        match self.0.event {
            Some(id) => Ok(loaders(ctx).agreements.load_one(id).await?.map(Agreement)),
            None => Ok(None),
        }
    }
    /// Why the document's report was taken for one an earlier document
    /// made; none for the first report.
    async fn matched_because(&self) -> Option<&str> {
        self.0.matched_because.as_deref()
    }
}

impl Claim {
    fn node_id(&self) -> Option<i64> {
        NODE_PROPERTIES
            .contains(&self.0.property.as_str())
            .then(|| self.0.value.parse().ok())
            .flatten()
    }
}

/// One of the values sources disagree on, with the claims that state it.
#[derive(SimpleObject, Clone)]
pub struct ConflictingValue {
    pub value: String,
    pub claims: Vec<Claim>,
}

/// Where the documents reporting one event state different values for one
/// property: every value with its claims, the chosen one first (the
/// issuing body over the press, then the most documents, then the latest).
#[derive(SimpleObject, Clone)]
pub struct Conflict {
    pub property: String,
    /// The value the consolidated fact takes.
    pub chosen: String,
    pub values: Vec<ConflictingValue>,
}

/// One document's report of a commitment, in time order.
#[derive(SimpleObject, Clone)]
pub struct TimelineEntry {
    /// When the event took place (else the document's publication).
    pub date: Option<String>,
    pub stage: CommitmentStatus,
    pub jobs: Option<i64>,
    pub investment: Option<Money>,
    pub document: Document,
    /// Where the document says it.
    pub quote: Option<String>,
    pub matched_because: Option<String>,
}

/// The claims of `subject`.
pub async fn claims_of(ctx: &Context<'_>, subject: Subject) -> Result<Vec<Claim>> {
    let rows = store(ctx)
        .run(move |conn| r::claim_rows(conn, subject))
        .await?;
    Ok(rows.into_iter().map(Claim).collect())
}

/// Where the reports of `subject` disagree within one event.
pub async fn conflicts_of(ctx: &Context<'_>, subject: Subject) -> Result<Vec<Conflict>> {
    let (reports, rows) = store(ctx)
        .run(move |conn| Ok((r::reports_of(conn, subject)?, r::claim_rows(conn, subject)?)))
        .await?;
    Ok(conflicts(&reports)
        .into_iter()
        .map(|conflict| {
            let values: Vec<ConflictingValue> = conflict
                .values
                .iter()
                .map(|(value, reports)| ConflictingValue {
                    value: value.clone(),
                    claims: rows
                        .iter()
                        .filter(|c| {
                            reports.contains(&c.report_id)
                                && c.property == conflict.property
                                && &c.value == value
                        })
                        .cloned()
                        .map(Claim)
                        .collect(),
                })
                .collect();
            Conflict {
                property: conflict.property.clone(),
                chosen: values[0].value.clone(),
                values,
            }
        })
        .collect())
}

/// A commitment's reports in time order.
pub async fn timeline_of(ctx: &Context<'_>, commitment: i64) -> Result<Vec<TimelineEntry>> {
    let rows = store(ctx)
        .run(move |conn| r::claim_rows(conn, Subject::Commitment(commitment)))
        .await?;
    let mut by_report: BTreeMap<i64, TimelineEntry> = BTreeMap::new();
    for row in rows {
        let entry = by_report
            .entry(row.report_id)
            .or_insert_with(|| TimelineEntry {
                date: row.date.clone().or_else(|| row.document.published.clone()),
                stage: CommitmentStatus::parse(&row.stage),
                jobs: None,
                investment: None,
                document: Document(row.document.clone()),
                quote: row.quote.clone(),
                matched_because: row.matched_because.clone(),
            });
        match row.property.as_str() {
            p::JOBS => entry.jobs = row.value.parse().ok(),
            p::INVESTMENT => {
                entry.investment =
                    parse_money(&row.value).map(|(amount, currency)| Money { amount, currency })
            }
            _ => {}
        }
    }
    let mut entries: Vec<TimelineEntry> = by_report.into_values().collect();
    // Undated entries keep their import order, after the dated ones.
    entries.sort_by(|a, b| match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    Ok(entries)
}
