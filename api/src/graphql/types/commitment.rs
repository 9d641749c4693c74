use async_graphql::{Context, Enum, Object, Result, ID};

use super::claim::{claims_of, conflicts_of, timeline_of};
use super::{
    Agreement, City, Claim, CommitmentStatus, Company, Conflict, Evidence, Sector, TimelineEntry,
};
use crate::graphql::common::{self, loaders, money, Money};
use crate::graphql::ids;
use crate::store::models::{CommitmentRow, Fact};
use crate::store::reports::Subject;

/// How a figure is meant: exactly, at least (plus de), up to (jusqu'à), about (près de).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum Qualifier {
    Exact,
    AtLeast,
    UpTo,
    About,
}

impl Qualifier {
    pub fn parse(s: &str) -> Option<Qualifier> {
        match s {
            "exact" => Some(Qualifier::Exact),
            "at_least" => Some(Qualifier::AtLeast),
            "up_to" => Some(Qualifier::UpTo),
            "about" => Some(Qualifier::About),
            _ => None,
        }
    }
}

/// What one operator promises: jobs, money, places, a horizon. One
/// commitment however many documents report it: its figures are the latest
/// event's that states them (chosen among that event's reports: the issuing
/// body over the press, then the most documents, then the latest), its
/// promised figures the first event's.
#[derive(Clone)]
pub struct Commitment(pub CommitmentRow);

#[Object]
impl Commitment {
    pub async fn id(&self) -> ID {
        ids::encode("Commitment", self.0.id)
    }
    /// The company that commits.
    async fn operator(&self, ctx: &Context<'_>) -> Result<Option<Company>> {
        Ok(common::node(ctx, self.0.operator_id).await?.map(Company))
    }
    /// The agreement it was first reported in, if any.
    async fn agreement(&self, ctx: &Context<'_>) -> Result<Option<Agreement>> {
        match self.0.agreement_id {
            Some(id) => Ok(loaders(ctx).agreements.load_one(id).await?.map(Agreement)),
            None => Ok(None),
        }
    }
    /// New jobs promised.
    async fn jobs(&self) -> Option<i64> {
        self.0.jobs
    }
    async fn jobs_qualifier(&self) -> Option<Qualifier> {
        self.0.jobs_qualifier.as_deref().and_then(Qualifier::parse)
    }
    /// Jobs the operator already has.
    async fn existing_jobs(&self) -> Option<i64> {
        self.0.existing_jobs
    }
    async fn investment(&self) -> Option<Money> {
        money(
            self.0.investment_amount,
            self.0.investment_currency.as_deref(),
        )
    }
    async fn cities(&self, ctx: &Context<'_>) -> Result<Vec<City>> {
        let rows = loaders(ctx).commitment_cities.load_one(self.0.id).await?;
        Ok(rows.unwrap_or_default().into_iter().map(City).collect())
    }
    async fn sectors(&self, ctx: &Context<'_>) -> Result<Vec<Sector>> {
        let rows = loaders(ctx).commitment_sectors.load_one(self.0.id).await?;
        Ok(rows.unwrap_or_default().into_iter().map(Sector).collect())
    }
    /// When the promise is due: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    async fn horizon(&self) -> Option<&str> {
        self.0.horizon.as_deref()
    }
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<Evidence>> {
        common::sources(ctx, Fact::Commitment(self.0.id)).await
    }
    /// How many documents report it.
    async fn source_count(&self) -> i64 {
        self.0.source_count
    }
    /// How far it has come, from the latest event reported (see the README's
    /// status rules).
    async fn status(&self) -> CommitmentStatus {
        CommitmentStatus::parse(&self.0.status)
    }
    /// The jobs first promised, beside `jobs`, the latest reported.
    async fn promised_jobs(&self) -> Option<i64> {
        self.0.promised_jobs
    }
    /// The money first promised, beside `investment`, the latest reported.
    async fn promised_investment(&self) -> Option<Money> {
        money(
            self.0.promised_investment_amount,
            self.0.promised_investment_currency.as_deref(),
        )
    }
    /// Every document's report of it, in time order.
    async fn timeline(&self, ctx: &Context<'_>) -> Result<Vec<TimelineEntry>> {
        timeline_of(ctx, self.0.id).await
    }
    /// Every value each document states of it.
    async fn claims(&self, ctx: &Context<'_>) -> Result<Vec<Claim>> {
        claims_of(ctx, Subject::Commitment(self.0.id)).await
    }
    /// Where documents reporting the same event disagree.
    async fn conflicts(&self, ctx: &Context<'_>) -> Result<Vec<Conflict>> {
        conflicts_of(ctx, Subject::Commitment(self.0.id)).await
    }
}
