//! Walking typed edges: neighbours in one statement, and transitive closures
//! one statement per level.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use crate::error::Result;
use crate::store::connection::DbConnection;
use crate::store::models::{EdgeRow, NodeRow};
use crate::store::schema::*;

/// Which end of an edge the given ids are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    /// Edges leaving the node (a company's parent, a person's posts).
    Out,
    /// Edges arriving at the node (a group's subsidiaries, a ministry's ministers).
    In,
}

/// Edges of `kinds` at each node, with the node at the other end.
pub fn neighbours(
    conn: &mut DbConnection,
    direction: Direction,
    kinds: &[&'static str],
    ids: &[i64],
) -> Result<Vec<(EdgeRow, NodeRow)>> {
    let rows = match direction {
        Direction::Out => edges::table
            .inner_join(nodes::table.on(nodes::id.eq(edges::to_id)))
            .filter(edges::from_id.eq_any(ids))
            .filter(edges::kind.eq_any(kinds))
            .order_by(nodes::name)
            .select((EdgeRow::as_select(), NodeRow::as_select()))
            .load(conn)?,
        Direction::In => edges::table
            .inner_join(nodes::table.on(nodes::id.eq(edges::from_id)))
            .filter(edges::to_id.eq_any(ids))
            .filter(edges::kind.eq_any(kinds))
            .order_by(nodes::name)
            .select((EdgeRow::as_select(), NodeRow::as_select()))
            .load(conn)?,
    };
    Ok(rows)
}

/// Deepest chains a walk follows; real ownership and taxonomies are far
/// shallower, and the bound guards against cycles in bad data.
const MAX_DEPTH: usize = 64;

/// For each root, every node reachable from it by following `kind` edges
/// against their direction (from parent to child), the root first: all
/// companies under a group, a sector and all its sub-sectors. One statement
/// per level, for all roots at once.
pub fn descendants(
    conn: &mut DbConnection,
    kind: &'static str,
    roots: &[i64],
) -> Result<HashMap<i64, Vec<i64>>> {
    let mut children_of: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut asked: HashSet<i64> = HashSet::new();
    let mut frontier = roots.to_vec();
    for _ in 0..MAX_DEPTH {
        frontier.retain(|id| asked.insert(*id));
        if frontier.is_empty() {
            break;
        }
        let links: Vec<(i64, i64)> = edges::table
            .filter(edges::kind.eq(kind))
            .filter(edges::to_id.eq_any(&frontier))
            .order_by(edges::from_id)
            .select((edges::to_id, edges::from_id))
            .load(conn)?;
        frontier = links.iter().map(|(_, child)| *child).collect();
        for (parent, child) in links {
            children_of.entry(parent).or_default().push(child);
        }
    }
    Ok(roots
        .iter()
        .map(|&root| {
            let mut seen = HashSet::from([root]);
            let mut all = vec![root];
            let mut at = 0;
            while at < all.len() {
                for &child in children_of.get(&all[at]).into_iter().flatten() {
                    if seen.insert(child) {
                        all.push(child);
                    }
                }
                at += 1;
            }
            (root, all)
        })
        .collect())
}

/// For each of `ids`, the chain of ancestors along `kind` edges, nearest
/// first, as `(node, ancestors)`. Where a node has several parents the one
/// with the lowest id is followed.
pub fn ancestors(
    conn: &mut DbConnection,
    kind: &'static str,
    ids: &[i64],
) -> Result<Vec<(i64, Vec<i64>)>> {
    let mut parent_of: HashMap<i64, i64> = HashMap::new();
    let mut frontier: Vec<i64> = ids.to_vec();
    let mut asked: HashSet<i64> = HashSet::new();
    for _ in 0..MAX_DEPTH {
        frontier.retain(|id| asked.insert(*id));
        if frontier.is_empty() {
            break;
        }
        let links: Vec<(i64, i64)> = edges::table
            .filter(edges::kind.eq(kind))
            .filter(edges::from_id.eq_any(&frontier))
            .order_by(edges::to_id)
            .select((edges::from_id, edges::to_id))
            .load(conn)?;
        frontier.clear();
        for (child, parent) in links {
            parent_of.entry(child).or_insert_with(|| {
                frontier.push(parent);
                parent
            });
        }
    }
    Ok(ids
        .iter()
        .map(|&id| {
            let mut chain = Vec::new();
            let mut at = id;
            while let Some(&parent) = parent_of.get(&at) {
                if parent == id || chain.contains(&parent) || chain.len() >= MAX_DEPTH {
                    break;
                }
                chain.push(parent);
                at = parent;
            }
            (id, chain)
        })
        .collect())
}
