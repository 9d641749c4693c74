use async_graphql::{Context, Enum, Object, Result, ID};

use super::{Agreement, City, Company, Evidence, Sector};
use crate::graphql::common::{self, loaders, money, Money};
use crate::graphql::ids;
use crate::store::models::{CommitmentRow, Fact};

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

/// What one operator promises: jobs, money, places, a horizon.
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
    /// The agreement it was made in, if any.
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
}
