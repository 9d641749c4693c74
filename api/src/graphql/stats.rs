//! `commitmentStats`: commitments grouped by city, sector, operator, group,
//! ministry, year or horizon, with what each group adds up to.

use std::collections::HashMap;

use async_graphql::{Context, Enum, Result, SimpleObject};

use super::common::{self, store, CommitmentTotals, Entity};
use crate::store::filter;
use crate::store::read::{self, StatsKey};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum StatsGroupBy {
    City,
    Sector,
    Operator,
    /// The operator's ultimate parent (the operator itself when nobody owns it).
    Parent,
    /// The ministries party to the commitment's agreement.
    Ministry,
    /// The year of the commitment's agreement.
    Year,
    Horizon,
}

/// One group of commitments. A commitment with several cities (or sectors,
/// or ministries) counts in each of them; one with none is in the group
/// whose `key` and `node` are null.
#[derive(SimpleObject)]
pub struct StatsGroup {
    /// The year or horizon, or the database id of the node.
    pub key: Option<String>,
    /// The city, sector, company or ministry of the group.
    pub node: Option<Entity>,
    #[graphql(flatten)]
    pub totals: CommitmentTotals,
}

impl StatsGroupBy {
    fn key(self) -> StatsKey {
        match self {
            StatsGroupBy::City => StatsKey::City,
            StatsGroupBy::Sector => StatsKey::Sector,
            StatsGroupBy::Operator => StatsKey::Operator,
            StatsGroupBy::Parent => StatsKey::Parent,
            StatsGroupBy::Ministry => StatsKey::Ministry,
            StatsGroupBy::Year => StatsKey::Year,
            StatsGroupBy::Horizon => StatsKey::Horizon,
        }
    }
}

/// The groups, summed in SQL (see `read::commitment_stats`), with their
/// nodes, largest first.
pub async fn commitment_stats(
    ctx: &Context<'_>,
    filter: filter::CommitmentFilter,
    by: StatsGroupBy,
) -> Result<Vec<StatsGroup>> {
    let key = by.key();
    let sums = store(ctx)
        .run(move |conn| read::commitment_stats(conn, &filter, key))
        .await?;
    let by_node = !matches!(by, StatsGroupBy::Year | StatsGroupBy::Horizon);
    let mut nodes: HashMap<i64, _> = if by_node {
        let ids: Vec<i64> = sums
            .iter()
            .filter_map(|(key, _)| key.as_deref()?.parse().ok())
            .collect();
        common::nodes(ctx, &ids)
            .await?
            .into_iter()
            .map(|n| (n.id, n))
            .collect()
    } else {
        HashMap::new()
    };
    let mut groups: Vec<StatsGroup> = sums
        .into_iter()
        .map(|(key, totals)| StatsGroup {
            node: key
                .as_deref()
                .filter(|_| by_node)
                .and_then(|k| k.parse().ok())
                .and_then(|id| nodes.remove(&id))
                .map(Entity::of),
            key,
            totals: totals.into(),
        })
        .collect();
    // Largest first; ties in key order, so the answer is stable.
    groups.sort_by(|a, b| {
        b.totals
            .jobs
            .cmp(&a.totals.jobs)
            .then_with(|| a.key.cmp(&b.key))
    });
    Ok(groups)
}
