use async_graphql::{Context, Result};

use super::company::neighbours;
use super::{Commitment, Company, Observation};
use crate::graphql::common::{self, commitments_of, distinct_nodes, CommitmentTotals};
use crate::graphql::paging::{page_of, List, PageArgs};
use crate::graphql::statistics::observations_where;
use crate::store::filter::{self, ObservationFilter};
use crate::store::models::{CommitmentRow, NodeRow};
use crate::store::read::{CommitmentsOf, Direction};

/// The operators of `commitments` and the companies reached by `kinds`
/// edges pointing at `node`, by name.
async fn operators(
    ctx: &Context<'_>,
    node: i64,
    kinds: &[&'static str],
    commitments: &[CommitmentRow],
) -> Result<Vec<NodeRow>> {
    let mut rows = Vec::new();
    for kind in kinds {
        rows.extend(neighbours(ctx, Direction::In, kind, node).await?);
    }
    let operator_ids: Vec<i64> = commitments.iter().map(|c| c.operator_id).collect();
    rows.extend(common::nodes(ctx, &operator_ids).await?);
    let mut rows = distinct_nodes(rows);
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rows)
}

/// A page of the observations about `node`, latest first.
async fn observations_about(
    ctx: &Context<'_>,
    node: i64,
    args: PageArgs,
) -> Result<List<Observation>> {
    let filter = ObservationFilter {
        subjects: Some(vec![node]),
        direction: filter::Direction::Desc,
        ..Default::default()
    };
    observations_where(ctx, filter, args).await
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
            let commitments = commitments_of(ctx, CommitmentsOf::City, self.0.id).await?;
            let rows = operators(ctx, self.0.id, &["located_in", "headquartered_in"], &commitments).await?;
            Ok(page_of(rows.into_iter().map(Company).collect(), &args))
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
            let rows = commitments_of(ctx, CommitmentsOf::City, self.0.id).await?;
            Ok(page_of(rows.into_iter().map(Commitment).collect(), &args))
        }

        /// What the commitments made here add up to.
        async fn totals(&self, ctx: &Context<'_>) -> Result<CommitmentTotals> {
            let rows = commitments_of(ctx, CommitmentsOf::City, self.0.id).await?;
            Ok(CommitmentTotals::of(&rows))
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
            let commitments = commitments_of(ctx, CommitmentsOf::Sector, self.0.id).await?;
            let rows = operators(ctx, self.0.id, &["active_in"], &commitments).await?;
            Ok(page_of(rows.into_iter().map(Company).collect(), &args))
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
            let rows = commitments_of(ctx, CommitmentsOf::Sector, self.0.id).await?;
            Ok(page_of(rows.into_iter().map(Commitment).collect(), &args))
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
