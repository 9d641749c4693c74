use async_graphql::{Context, Object, Result, SimpleObject, ID};

use super::claim::{claims_of, conflicts_of};
use super::{City, Claim, Commitment, Conflict, Evidence, Person};
use crate::graphql::common::{self, loaders, money, nested, CommitmentTotals, Entity, Money};
use crate::graphql::ids;
use crate::graphql::paging::{List, PageArgs};
use crate::store::models::{AgreementRow, Fact, NodeRow};
use crate::store::read::CommitmentsOf;
use crate::store::reports::Subject;

/// The totals a source states for an agreement as a whole.
#[derive(SimpleObject, Clone)]
pub struct StatedTotals {
    pub jobs: Option<i64>,
    pub investment: Option<Money>,
    pub horizon: Option<String>,
    pub cities: Vec<City>,
}

/// A signed or announced act: a memorandum of understanding, an investment
/// agreement, a convention, a launch. One agreement however many documents
/// report the event (see `matchedBecause`).
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
    /// How many documents report it.
    async fn source_count(&self) -> i64 {
        self.0.source_count
    }
    /// Why each later document's report was taken for this event, in the
    /// order they were imported.
    async fn matched_because(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        let claims = claims_of(ctx, Subject::Agreement(self.0.id)).await?;
        let mut reports = std::collections::BTreeMap::new();
        for claim in claims {
            if let Some(why) = claim.0.matched_because {
                reports.entry(claim.0.report_id).or_insert(why);
            }
        }
        Ok(reports.into_values().collect())
    }
    /// Every value each document states of it.
    async fn claims(&self, ctx: &Context<'_>) -> Result<Vec<Claim>> {
        claims_of(ctx, Subject::Agreement(self.0.id)).await
    }
    /// Where the documents disagree.
    async fn conflicts(&self, ctx: &Context<'_>) -> Result<Vec<Conflict>> {
        conflicts_of(ctx, Subject::Agreement(self.0.id)).await
    }
    /// What the consolidated figures make doubtful: commitments whose jobs
    /// or money do not add up to the stated totals.
    async fn warnings(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        let parts = common::totals(ctx, CommitmentsOf::Agreement, self.0.id).await?;
        let mut warnings = Vec::new();
        if let Some(total) = self.0.total_jobs {
            if parts.commitment_count > 0 && parts.jobs != total {
                warnings.push(format!(
                    "the commitments' jobs add up to {}, but the stated total is {total}",
                    parts.jobs
                ));
            }
        }
        if let (Some(total), Some(currency)) = (
            self.0.total_investment_amount,
            self.0.total_investment_currency.as_deref(),
        ) {
            let sum = parts.investment.iter().find(|m| m.currency == currency);
            if let Some(sum) = sum.filter(|s| (s.amount - total).abs() > 0.5) {
                warnings.push(format!(
                    "the commitments' investment adds up to {} {currency}, but the stated total is {total} {currency}",
                    sum.amount
                ));
            }
        }
        Ok(warnings)
    }
}
