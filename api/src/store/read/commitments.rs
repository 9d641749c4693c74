use diesel::prelude::*;

use super::{contains_pattern, Db, Page, LIKE_ESCAPE};
use crate::error::Result;
use crate::store::connection::DbConnection;
use crate::store::filter::{CommitmentFilter, CommitmentOrder, Direction, Window};
use crate::store::models::{CommitmentRow, NodeRow};
use crate::store::schema::*;

/// The commitments `f` matches; also the subquery the stats group.
pub(super) fn filtered(f: &CommitmentFilter) -> commitments::BoxedQuery<'static, Db> {
    let mut q = commitments::table.into_boxed();
    if let Some(operators) = &f.operators {
        q = q.filter(commitments::operator_id.eq_any(operators.clone()));
    }
    if let Some(name) = &f.operator_name {
        q = q.filter(
            commitments::operator_id.eq_any(
                nodes::table
                    .filter(
                        nodes::folded
                            .like(contains_pattern(name))
                            .escape(LIKE_ESCAPE),
                    )
                    .select(nodes::id),
            ),
        );
    }
    if let Some(country) = &f.country {
        q = q.filter(
            commitments::operator_id.eq_any(
                nodes::table
                    .filter(nodes::country.eq(country.clone()))
                    .select(nodes::id),
            ),
        );
    }
    if let Some(city) = f.city {
        q = q.filter(
            commitments::id.eq_any(
                commitment_cities::table
                    .filter(commitment_cities::city_id.eq(city))
                    .select(commitment_cities::commitment_id),
            ),
        );
    }
    if let Some(sectors) = &f.sectors {
        q = q.filter(
            commitments::id.eq_any(
                commitment_sectors::table
                    .filter(commitment_sectors::sector_id.eq_any(sectors.clone()))
                    .select(commitment_sectors::commitment_id),
            ),
        );
    }
    if let Some(ministry) = f.ministry {
        q = q.filter(commitments::agreement_id.eq_any(party_agreements!(ministry)));
    }
    if let Some(agreement) = f.agreement {
        q = q.filter(commitments::agreement_id.eq(agreement));
    }
    if !f.agreement_date.is_empty() {
        // Open ends: every date sorts at or after "" and before "~".
        q = q.filter(
            commitments::agreement_id.eq_any(
                agreements::table
                    .filter(agreements::date.ge(f.agreement_date.from.clone().unwrap_or_default()))
                    .filter(
                        agreements::date.lt(f
                            .agreement_date
                            .upper_exclusive()
                            .unwrap_or_else(|| "~".into())),
                    )
                    .select(agreements::id.nullable()),
            ),
        );
    }
    if let Some(from) = &f.horizon.from {
        q = q.filter(commitments::horizon.ge(from.clone()));
    }
    if let Some(to) = f.horizon.upper_exclusive() {
        q = q.filter(commitments::horizon.lt(to));
    }
    if let Some(min) = f.min_sources {
        q = q.filter(commitments::source_count.ge(min));
    }
    if let Some(statuses) = &f.statuses {
        q = q.filter(commitments::status.eq_any(statuses.clone()));
    }
    if let Some(document) = f.document {
        q = q.filter(
            commitments::id.nullable().eq_any(
                evidence::table
                    .filter(evidence::document_id.eq(document))
                    .select(evidence::commitment_id),
            ),
        );
    }
    q
}

pub fn commitments_page(
    conn: &mut DbConnection,
    f: &CommitmentFilter,
    window: impl FnOnce(i64) -> Window,
) -> Result<Page<CommitmentRow>> {
    let total = filtered(f).count().get_result(conn)?;
    let window = window(total);
    let mut q = filtered(f);
    q = match (f.order, f.direction) {
        (CommitmentOrder::Id, Direction::Asc) => q.order_by(commitments::id.asc()),
        (CommitmentOrder::Id, Direction::Desc) => q.order_by(commitments::id.desc()),
        (CommitmentOrder::Jobs, Direction::Asc) => q.order_by(commitments::jobs.asc()),
        (CommitmentOrder::Jobs, Direction::Desc) => q.order_by(commitments::jobs.desc()),
        (CommitmentOrder::Investment, Direction::Asc) => {
            q.order_by(commitments::investment_amount.asc())
        }
        (CommitmentOrder::Investment, Direction::Desc) => {
            q.order_by(commitments::investment_amount.desc())
        }
        (CommitmentOrder::Horizon, Direction::Asc) => q.order_by(commitments::horizon.asc()),
        (CommitmentOrder::Horizon, Direction::Desc) => q.order_by(commitments::horizon.desc()),
    };
    let rows = q
        .then_order_by(commitments::id.asc())
        .offset(window.offset)
        .limit(window.limit)
        .select(CommitmentRow::as_select())
        .load(conn)?;
    Ok(Page { rows, total })
}

pub fn commitments_by_ids(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<CommitmentRow>> {
    Ok(commitments::table
        .filter(commitments::id.eq_any(ids))
        .select(CommitmentRow::as_select())
        .load(conn)?)
}

/// How commitments are reached from a node or an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommitmentsOf {
    Operator,
    Agreement,
    City,
    Sector,
    /// Commitments under the agreements a ministry (or any party) is party to.
    Party,
}

/// The cities of each commitment, as `(commitment id, city)`.
pub fn cities_of_commitments(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<(i64, NodeRow)>> {
    Ok(commitment_cities::table
        .inner_join(nodes::table.on(nodes::id.eq(commitment_cities::city_id)))
        .filter(commitment_cities::commitment_id.eq_any(ids))
        .order_by(nodes::name)
        .select((commitment_cities::commitment_id, NodeRow::as_select()))
        .load(conn)?)
}

/// The sectors of each commitment, as `(commitment id, sector)`.
pub fn sectors_of_commitments(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<(i64, NodeRow)>> {
    Ok(commitment_sectors::table
        .inner_join(nodes::table.on(nodes::id.eq(commitment_sectors::sector_id)))
        .filter(commitment_sectors::commitment_id.eq_any(ids))
        .order_by(nodes::name)
        .select((commitment_sectors::commitment_id, NodeRow::as_select()))
        .load(conn)?)
}
