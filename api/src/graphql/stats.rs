//! `commitmentStats`: commitments grouped by city, sector, operator, group,
//! ministry, year or horizon, with what each group adds up to.

use std::collections::HashMap;

use async_graphql::{Context, Enum, Result, SimpleObject};

use super::common::{self, store, CommitmentTotals, Entity};
use crate::store::models::CommitmentRow;
use crate::store::read;
use crate::store::{filter, DbConnection};

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

/// Statements stay under every backend's limit on bound parameters.
const CHUNK: usize = 5_000;

fn chunked<T>(
    conn: &mut DbConnection,
    ids: &[i64],
    mut load: impl FnMut(&mut DbConnection, &[i64]) -> crate::error::Result<Vec<T>>,
) -> crate::error::Result<Vec<T>> {
    let mut all = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        all.extend(load(conn, chunk)?);
    }
    Ok(all)
}

/// For each commitment, the keys of the groups it belongs to.
fn group_keys(
    conn: &mut DbConnection,
    by: StatsGroupBy,
    rows: &[CommitmentRow],
) -> crate::error::Result<HashMap<i64, Vec<String>>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut keys: HashMap<i64, Vec<String>> = HashMap::new();
    let mut add = |commitment: i64, key: String| keys.entry(commitment).or_default().push(key);
    match by {
        StatsGroupBy::City => {
            for (commitment, city) in chunked(conn, &ids, read::cities_of_commitments)? {
                add(commitment, city.id.to_string());
            }
        }
        StatsGroupBy::Sector => {
            for (commitment, sector) in chunked(conn, &ids, read::sectors_of_commitments)? {
                add(commitment, sector.id.to_string());
            }
        }
        StatsGroupBy::Operator => {
            for row in rows {
                add(row.id, row.operator_id.to_string());
            }
        }
        StatsGroupBy::Parent => {
            let mut operators: Vec<i64> = rows.iter().map(|r| r.operator_id).collect();
            operators.sort_unstable();
            operators.dedup();
            let top: HashMap<i64, i64> = chunked(conn, &operators, |conn, ids| {
                read::ancestors(conn, "subsidiary_of", ids)
            })?
            .into_iter()
            .map(|(id, chain)| (id, chain.last().copied().unwrap_or(id)))
            .collect();
            for row in rows {
                add(
                    row.id,
                    top.get(&row.operator_id)
                        .copied()
                        .unwrap_or(row.operator_id)
                        .to_string(),
                );
            }
        }
        StatsGroupBy::Ministry | StatsGroupBy::Year => {
            let mut agreement_ids: Vec<i64> = rows.iter().filter_map(|r| r.agreement_id).collect();
            agreement_ids.sort_unstable();
            agreement_ids.dedup();
            let mut of_agreement: HashMap<i64, Vec<String>> = HashMap::new();
            if by == StatsGroupBy::Ministry {
                for (member, node) in chunked(conn, &agreement_ids, read::members_of_agreements)? {
                    if member.role == "party" && node.kind == "ministry" {
                        of_agreement
                            .entry(member.agreement_id)
                            .or_default()
                            .push(node.id.to_string());
                    }
                }
            } else {
                for agreement in chunked(conn, &agreement_ids, read::agreements_by_ids)? {
                    if let Some(year) = agreement.date.as_deref().and_then(|d| d.get(..4)) {
                        of_agreement
                            .entry(agreement.id)
                            .or_default()
                            .push(year.to_owned());
                    }
                }
            }
            for row in rows {
                for key in row
                    .agreement_id
                    .and_then(|a| of_agreement.get(&a))
                    .into_iter()
                    .flatten()
                {
                    add(row.id, key.clone());
                }
            }
        }
        StatsGroupBy::Horizon => {
            for row in rows {
                if let Some(horizon) = &row.horizon {
                    add(row.id, horizon.clone());
                }
            }
        }
    }
    Ok(keys)
}

pub async fn commitment_stats(
    ctx: &Context<'_>,
    filter: filter::CommitmentFilter,
    by: StatsGroupBy,
) -> Result<Vec<StatsGroup>> {
    let (rows, keys) = store(ctx)
        .run(move |conn| {
            let rows = read::commitments_all(conn, &filter)?;
            let keys = group_keys(conn, by, &rows)?;
            Ok((rows, keys))
        })
        .await?;
    let mut members: HashMap<Option<String>, Vec<&CommitmentRow>> = HashMap::new();
    for row in &rows {
        match keys.get(&row.id) {
            Some(list) => {
                for key in list {
                    members.entry(Some(key.clone())).or_default().push(row);
                }
            }
            None => members.entry(None).or_default().push(row),
        }
    }
    let by_node = !matches!(by, StatsGroupBy::Year | StatsGroupBy::Horizon);
    let node_ids: Vec<i64> = members
        .keys()
        .flatten()
        .filter_map(|k| k.parse().ok())
        .collect();
    let mut nodes: HashMap<i64, _> = if by_node {
        common::nodes(ctx, &node_ids)
            .await?
            .into_iter()
            .map(|n| (n.id, n))
            .collect()
    } else {
        HashMap::new()
    };
    let mut groups: Vec<StatsGroup> = members
        .into_iter()
        .map(|(key, rows)| StatsGroup {
            node: key
                .as_deref()
                .filter(|_| by_node)
                .and_then(|k| k.parse().ok())
                .and_then(|id| nodes.remove(&id))
                .map(Entity::of),
            key,
            totals: CommitmentTotals::of(rows),
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
