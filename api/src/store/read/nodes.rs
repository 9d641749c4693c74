use diesel::prelude::*;

use super::{contains_pattern, Db, Page, LIKE_ESCAPE};
use crate::error::Result;
use crate::store::connection::DbConnection;
use crate::store::filter::{CompanyRole, Direction, NodeFilter, NodeOrder, Window};
use crate::store::models::{AliasRow, NodeRow};
use crate::store::schema::*;

const SITE_EDGES: [&str; 2] = ["located_in", "headquartered_in"];

fn filtered(f: &NodeFilter) -> nodes::BoxedQuery<'static, Db> {
    let mut q = nodes::table.into_boxed();
    if !f.kinds.is_empty() {
        q = q.filter(nodes::kind.eq_any(f.kinds.clone()));
    }
    if let Some(name) = &f.name_contains {
        // Escaped although folded text has no '%' or '_': the store does not
        // rely on what its callers did to the text.
        let pattern = contains_pattern(name);
        q = q.filter(
            nodes::folded
                .like(pattern.clone())
                .escape(LIKE_ESCAPE)
                .or(nodes::id.eq_any(
                    aliases::table
                        .filter(aliases::folded.like(pattern).escape(LIKE_ESCAPE))
                        .select(aliases::node_id),
                )),
        );
    }
    if let Some(country) = &f.country {
        q = q.filter(nodes::country.eq(country.clone()));
    }
    if let Some(ids) = &f.ids {
        q = q.filter(nodes::id.eq_any(ids.clone()));
    }
    if let Some(city) = f.city {
        q = q.filter(
            nodes::id
                .eq_any(
                    edges::table
                        .filter(edges::to_id.eq(city).and(edges::kind.eq_any(SITE_EDGES)))
                        .select(edges::from_id),
                )
                .or(nodes::id.eq_any(
                    commitments::table
                        .inner_join(commitment_cities::table)
                        .filter(commitment_cities::city_id.eq(city))
                        .select(commitments::operator_id),
                )),
        );
    }
    if let Some(sectors) = &f.sectors {
        q = q.filter(
            nodes::id
                .eq_any(
                    edges::table
                        .filter(
                            edges::to_id
                                .eq_any(sectors.clone())
                                .and(edges::kind.eq("active_in")),
                        )
                        .select(edges::from_id),
                )
                .or(nodes::id.eq_any(
                    commitments::table
                        .inner_join(commitment_sectors::table)
                        .filter(commitment_sectors::sector_id.eq_any(sectors.clone()))
                        .select(commitments::operator_id),
                )),
        );
    }
    if let Some(ministry) = f.ministry {
        q = q.filter(
            nodes::id.eq_any(
                commitments::table
                    .filter(commitments::agreement_id.eq_any(party_agreements!(ministry)))
                    .select(commitments::operator_id),
            ),
        );
    }
    if let Some(document) = f.document {
        q = q.filter(
            nodes::id.nullable().eq_any(
                evidence::table
                    .filter(evidence::document_id.eq(document))
                    .select(evidence::node_id),
            ),
        );
    }
    match f.role {
        Some(CompanyRole::Operator) => {
            q = q.filter(nodes::id.eq_any(commitments::table.select(commitments::operator_id)))
        }
        Some(CompanyRole::Parent) => {
            q = q.filter(
                nodes::id.eq_any(
                    edges::table
                        .filter(edges::kind.eq("subsidiary_of"))
                        .select(edges::to_id),
                ),
            )
        }
        None => {}
    }
    q
}

pub fn nodes_page(
    conn: &mut DbConnection,
    f: &NodeFilter,
    window: impl FnOnce(i64) -> Window,
) -> Result<Page<NodeRow>> {
    let total = filtered(f).count().get_result(conn)?;
    let window = window(total);
    let mut q = filtered(f);
    q = match (f.order, f.direction) {
        (NodeOrder::Name, Direction::Asc) => q.order_by(nodes::name.asc()),
        (NodeOrder::Name, Direction::Desc) => q.order_by(nodes::name.desc()),
        (NodeOrder::Id, Direction::Asc) => q.order_by(nodes::id.asc()),
        (NodeOrder::Id, Direction::Desc) => q.order_by(nodes::id.desc()),
    };
    let rows = q
        .then_order_by(nodes::id.asc())
        .offset(window.offset)
        .limit(window.limit)
        .select(NodeRow::as_select())
        .load(conn)?;
    Ok(Page { rows, total })
}

pub fn nodes_by_ids(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<NodeRow>> {
    Ok(nodes::table
        .filter(nodes::id.eq_any(ids))
        .select(NodeRow::as_select())
        .load(conn)?)
}

pub fn aliases_of(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<AliasRow>> {
    Ok(aliases::table
        .filter(aliases::node_id.eq_any(ids))
        .order_by(aliases::id)
        .select(AliasRow::as_select())
        .load(conn)?)
}

/// Nodes whose name or an alias contains `folded`, at most `limit` of them,
/// the closest matches first: exact, then prefix, then anywhere.
pub fn search(
    conn: &mut DbConnection,
    folded: &str,
    kinds: &[&'static str],
    limit: i64,
) -> Result<Vec<NodeRow>> {
    let f = NodeFilter {
        kinds: kinds.to_vec(),
        name_contains: Some(folded.to_owned()),
        ..NodeFilter::default()
    };
    // Candidates are ranked after loading; a generous window keeps the best
    // of them even when many names contain the text.
    let mut rows = filtered(&f)
        .order_by(nodes::name)
        .limit(limit.saturating_mul(20).max(200))
        .select(NodeRow::as_select())
        .load(conn)?;
    let rank = |row: &NodeRow| {
        if row.folded == folded {
            0
        } else if row.folded.starts_with(folded) {
            1
        } else if row.folded.contains(folded) {
            2
        } else {
            3 // matched through an alias
        }
    };
    rows.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name)));
    rows.truncate(limit as usize);
    Ok(rows)
}
