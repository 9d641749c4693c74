use diesel::prelude::*;

use super::{contains_pattern, Db, Page, LIKE_ESCAPE};
use crate::error::Result;
use crate::store::connection::DbConnection;
use crate::store::filter::{AgreementFilter, AgreementOrder, Direction, Window};
use crate::store::models::{AgreementRow, MemberRow, NodeRow};
use crate::store::schema::*;

fn filtered(f: &AgreementFilter) -> agreements::BoxedQuery<'static, Db> {
    let mut q = agreements::table.into_boxed();
    if let Some(kind) = &f.kind {
        q = q.filter(agreements::kind.eq(kind.clone()));
    }
    if let Some(venue) = &f.venue_contains {
        q = q.filter(
            agreements::venue
                .like(contains_pattern(venue))
                .escape(LIKE_ESCAPE),
        );
    }
    if let Some(from) = &f.date.from {
        q = q.filter(agreements::date.ge(from.clone()));
    }
    if let Some(to) = f.date.upper_exclusive() {
        q = q.filter(agreements::date.lt(to));
    }
    if let Some(member) = f.member {
        q = q.filter(
            agreements::id.eq_any(
                agreement_members::table
                    .filter(agreement_members::node_id.eq(member))
                    .filter(agreement_members::role.eq_any(["party", "signatory"]))
                    .select(agreement_members::agreement_id),
            ),
        );
    }
    if let Some(city) = f.city {
        q = q.filter(
            agreements::id
                .eq_any(
                    agreement_members::table
                        .filter(agreement_members::node_id.eq(city))
                        .filter(agreement_members::role.eq("city"))
                        .select(agreement_members::agreement_id),
                )
                .or(agreements::id.nullable().eq_any(
                    commitments::table
                        .inner_join(commitment_cities::table)
                        .filter(commitment_cities::city_id.eq(city))
                        .select(commitments::agreement_id),
                )),
        );
    }
    if let Some(document) = f.document {
        q = q.filter(
            agreements::id.nullable().eq_any(
                evidence::table
                    .filter(evidence::document_id.eq(document))
                    .select(evidence::agreement_id),
            ),
        );
    }
    q
}

pub fn agreements_page(
    conn: &mut DbConnection,
    f: &AgreementFilter,
    window: impl FnOnce(i64) -> Window,
) -> Result<Page<AgreementRow>> {
    let total = filtered(f).count().get_result(conn)?;
    let window = window(total);
    let mut q = filtered(f);
    q = match (f.order, f.direction) {
        (AgreementOrder::Date, Direction::Asc) => q.order_by(agreements::date.asc()),
        (AgreementOrder::Date, Direction::Desc) => q.order_by(agreements::date.desc()),
        (AgreementOrder::Id, Direction::Asc) => q.order_by(agreements::id.asc()),
        (AgreementOrder::Id, Direction::Desc) => q.order_by(agreements::id.desc()),
        (AgreementOrder::Jobs, Direction::Asc) => q.order_by(agreements::total_jobs.asc()),
        (AgreementOrder::Jobs, Direction::Desc) => q.order_by(agreements::total_jobs.desc()),
    };
    let rows = q
        .then_order_by(agreements::id.asc())
        .offset(window.offset)
        .limit(window.limit)
        .select(AgreementRow::as_select())
        .load(conn)?;
    Ok(Page { rows, total })
}

pub fn agreements_by_ids(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<AgreementRow>> {
    Ok(agreements::table
        .filter(agreements::id.eq_any(ids))
        .select(AgreementRow::as_select())
        .load(conn)?)
}

/// The parties, signatories and cities of each agreement, with their nodes.
pub fn members_of_agreements(
    conn: &mut DbConnection,
    ids: &[i64],
) -> Result<Vec<(MemberRow, NodeRow)>> {
    Ok(agreement_members::table
        .inner_join(nodes::table)
        .filter(agreement_members::agreement_id.eq_any(ids))
        .order_by(nodes::name)
        .select((MemberRow::as_select(), NodeRow::as_select()))
        .load(conn)?)
}
