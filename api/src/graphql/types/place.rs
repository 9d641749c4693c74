use async_graphql::{Context, Result};

use super::company::neighbours;
use super::{Commitment, Company, Observation};
use crate::graphql::common::{self, nested, CommitmentTotals};
use crate::graphql::paging::{List, PageArgs};
use crate::store::read::{CommitmentsOf, Direction, ObservationsAbout, OperatorsOf};

/// A page of the observations about `node`, latest first.
async fn observations_about(
    ctx: &Context<'_>,
    node: i64,
    args: PageArgs,
) -> Result<List<Observation>> {
    nested(ctx, ObservationsAbout, node, args, Observation).await
}

entity_object!(
    /// A city or town.
    City {
        /// Companies with a site or a commitment here.
        async fn operators(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Company>> {
            let args = PageArgs::new(after, before, first, last)?;
            nested(ctx, OperatorsOf::City, self.0.id, args, Company).await
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
            nested(ctx, CommitmentsOf::City, self.0.id, args, Commitment).await
        }

        /// What the commitments made here add up to.
        async fn totals(&self, ctx: &Context<'_>) -> Result<CommitmentTotals> {
            common::totals(ctx, CommitmentsOf::City, self.0.id).await
        }

        /// Official statistics and quoted figures about this city.
        async fn observations(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Observation>> {
            observations_about(ctx, self.0.id, PageArgs::new(after, before, first, last)?).await
        }
    }
);

entity_object!(
    /// An economic sector, in a taxonomy (`parent`, `children`).
    Sector {
        async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Sector>> {
            let rows = neighbours(ctx, Direction::Out, "part_of", self.0.id).await?;
            Ok(rows.into_iter().next().map(Sector))
        }

        async fn children(&self, ctx: &Context<'_>) -> Result<Vec<Sector>> {
            let rows = neighbours(ctx, Direction::In, "part_of", self.0.id).await?;
            Ok(rows.into_iter().map(Sector).collect())
        }

        /// Companies active in this sector or committed in it.
        async fn operators(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Company>> {
            let args = PageArgs::new(after, before, first, last)?;
            nested(ctx, OperatorsOf::Sector, self.0.id, args, Company).await
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
            nested(ctx, CommitmentsOf::Sector, self.0.id, args, Commitment).await
        }

        /// The sector's pledges beside its official statistics: jobs
        /// committed in it and its sub-sectors against the latest
        /// employment figure, investment against the latest investment or
        /// export figure in the same currency.
        async fn pledges_in_context(&self, ctx: &Context<'_>) -> Result<crate::graphql::statistics::PledgesInContext> {
            crate::graphql::statistics::pledges_in_context(ctx, self.0.id).await
        }

        /// Official statistics and quoted figures about this sector.
        async fn observations(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Observation>> {
            observations_about(ctx, self.0.id, PageArgs::new(after, before, first, last)?).await
        }
    }
);
