use async_graphql::{Context, Result};

use super::organization::party_to;
use super::{Agreement, City, Commitment, Sector};
use crate::graphql::common::{
    self, commitment_places, distinct_nodes, loaders, nested, CommitmentTotals,
};
use crate::graphql::loaders::{DescendantKey, EdgeKey};
use crate::graphql::paging::{connection, List, PageArgs};
use crate::store::models::NodeRow;
use crate::store::read::{CommitmentPlaces, CommitmentsOf, Direction, Subsidiaries};

/// The rows at the other end of `kind` edges at `node`.
pub(crate) async fn neighbours(
    ctx: &Context<'_>,
    direction: Direction,
    kind: &'static str,
    node: i64,
) -> Result<Vec<NodeRow>> {
    let key = EdgeKey {
        direction,
        kind,
        node,
    };
    let rows = loaders(ctx).edges.load_one(key).await?.unwrap_or_default();
    Ok(rows.into_iter().map(|(_, node)| node).collect())
}

entity_object!(
    /// A company: an operator that commits, a group that owns others, or both.
    Company {
        /// The company that owns it directly.
        async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Company>> {
            let parents = neighbours(ctx, Direction::Out, "subsidiary_of", self.0.id).await?;
            Ok(parents.into_iter().next().map(Company))
        }

        /// The top of its ownership chain; null when nobody owns it.
        async fn ultimate_parent(&self, ctx: &Context<'_>) -> Result<Option<Company>> {
            let chain = loaders(ctx).ancestors.load_one(self.0.id).await?.unwrap_or_default();
            match chain.last() {
                Some(&top) => Ok(common::node(ctx, top).await?.map(Company)),
                None => Ok(None),
            }
        }

        /// The companies it owns directly.
        async fn subsidiaries(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Company>> {
            let args = PageArgs::new(after, before, first, last)?;
            nested(ctx, Subsidiaries, self.0.id, args, Company).await
        }

        /// Every company under it, however deep.
        async fn all_subsidiaries(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Company>> {
            let args = PageArgs::new(after, before, first, last)?;
            let key = DescendantKey { kind: "subsidiary_of", root: self.0.id };
            let ids = loaders(ctx).descendants.load_one(key).await?.unwrap_or_default();
            // The walk gives ids alone; only the page's nodes are read.
            let under = ids.get(1..).unwrap_or_default();
            let (start, end) = args.bounds(under.len());
            let rows = common::nodes(ctx, &under[start..end]).await?;
            Ok(connection(rows.into_iter().map(Company).collect(), start, under.len() as i64))
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
            nested(ctx, CommitmentsOf::Operator, self.0.id, args, Commitment).await
        }

        /// Where it operates: its sites and the cities of its commitments.
        async fn cities(&self, ctx: &Context<'_>) -> Result<Vec<City>> {
            let mut rows = neighbours(ctx, Direction::Out, "located_in", self.0.id).await?;
            rows.extend(neighbours(ctx, Direction::Out, "headquartered_in", self.0.id).await?);
            rows.extend(commitment_places(ctx, CommitmentPlaces::Cities, self.0.id).await?);
            Ok(distinct_nodes(rows).into_iter().map(City).collect())
        }

        /// What it does: the sectors it is active in and those of its commitments.
        async fn sectors(&self, ctx: &Context<'_>) -> Result<Vec<Sector>> {
            let mut rows = neighbours(ctx, Direction::Out, "active_in", self.0.id).await?;
            rows.extend(commitment_places(ctx, CommitmentPlaces::Sectors, self.0.id).await?);
            Ok(distinct_nodes(rows).into_iter().map(Sector).collect())
        }

        /// Agreements it is party to, latest first.
        async fn agreements(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Agreement>> {
            party_to(ctx, self.0.id, PageArgs::new(after, before, first, last)?).await
        }

        /// What its own commitments add up to.
        async fn totals(&self, ctx: &Context<'_>) -> Result<CommitmentTotals> {
            common::totals(ctx, CommitmentsOf::Operator, self.0.id).await
        }
    }
);
