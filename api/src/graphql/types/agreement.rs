use async_graphql::{Context, Object, Result, SimpleObject, ID};

use super::{City, Commitment, Evidence, Person};
use crate::graphql::common::{self, loaders, money, nested, CommitmentTotals, Entity, Money};
use crate::graphql::ids;
use crate::graphql::paging::{List, PageArgs};
use crate::store::models::{AgreementRow, Fact, NodeRow};
use crate::store::read::CommitmentsOf;

/// The totals a source states for an agreement as a whole.
#[derive(SimpleObject, Clone)]
pub struct StatedTotals {
    pub jobs: Option<i64>,
    pub investment: Option<Money>,
    pub horizon: Option<String>,
    pub cities: Vec<City>,
}

/// A signed or announced act: a memorandum of understanding, an investment
/// agreement, a convention, a launch.
#[derive(Clone)]
pub struct Agreement(pub AgreementRow);

impl Agreement {
    async fn members(&self, ctx: &Context<'_>, role: &str) -> Result<Vec<NodeRow>> {
        let members = loaders(ctx)
            .members
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(members
            .into_iter()
            .filter(|(r, _)| r == role)
            .map(|(_, node)| node)
            .collect())
    }
}

#[Object]
impl Agreement {
    pub async fn id(&self) -> ID {
        ids::encode("Agreement", self.0.id)
    }
    /// `memorandum_of_understanding`, `investment_agreement`, `convention`, `announcement`...
    async fn kind(&self) -> &str {
        &self.0.kind
    }
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: as precise as the source.
    async fn date(&self) -> Option<&str> {
        self.0.date.as_deref()
    }
    async fn venue(&self) -> Option<&str> {
        self.0.venue.as_deref()
    }
    /// How many documents were signed, when the source says.
    async fn count(&self) -> Option<i64> {
        self.0.document_count
    }
    /// The organisations it binds: ministries, agencies, companies.
    async fn parties(&self, ctx: &Context<'_>) -> Result<Vec<Entity>> {
        Ok(self
            .members(ctx, "party")
            .await?
            .into_iter()
            .map(Entity::of)
            .collect())
    }
    /// The people who signed or announced it.
    async fn signatories(&self, ctx: &Context<'_>) -> Result<Vec<Person>> {
        Ok(self
            .members(ctx, "signatory")
            .await?
            .into_iter()
            .map(Person)
            .collect())
    }
    async fn commitments(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Commitment>> {
        let args = PageArgs::new(after, before, first, last)?;
        nested(ctx, CommitmentsOf::Agreement, self.0.id, args, Commitment).await
    }
    /// The figures the source gives for the whole agreement.
    async fn stated_totals(&self, ctx: &Context<'_>) -> Result<StatedTotals> {
        Ok(StatedTotals {
            jobs: self.0.total_jobs,
            investment: money(
                self.0.total_investment_amount,
                self.0.total_investment_currency.as_deref(),
            ),
            horizon: self.0.total_horizon.clone(),
            cities: self
                .members(ctx, "city")
                .await?
                .into_iter()
                .map(City)
                .collect(),
        })
    }
    /// The figures its commitments add up to, beside `statedTotals`.
    async fn computed_totals(&self, ctx: &Context<'_>) -> Result<CommitmentTotals> {
        common::totals(ctx, CommitmentsOf::Agreement, self.0.id).await
    }
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<Evidence>> {
        common::sources(ctx, Fact::Agreement(self.0.id)).await
    }
}
