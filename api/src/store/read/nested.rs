//! Nested lists paged in SQL: the commitments of a city, the agreements of
//! a ministry, the operators of a sector, the observations about a city.
//! One statement reads a page of every asked parent's list, another counts
//! them; no parent's whole list leaves the database. Rows are numbered per
//! parent with `ROW_NUMBER()` (SQLite 3.25+ and PostgreSQL) and the page is
//! cut on that number.

use std::hash::Hash;

use diesel::dsl::{count_star, sql};
use diesel::expression::SqlLiteral;
use diesel::helper_types::AsSelect;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::query_dsl::LoadQuery;
use diesel::sql_types::BigInt;

use super::{CommitmentsOf, Db};
use crate::error::Result;
use crate::store::connection::DbConnection;
use crate::store::filter::Window;
use crate::store::models::{AgreementRow, CommitmentRow, NodeRow, ObservationRow};
use crate::store::schema::*;

/// The parents that ask for one window of their lists.
pub type WindowOf = (Window, Vec<i64>);

/// A kind of nested list: whose rows, in which order.
pub trait Nested: Copy + Eq + Hash + Send + Sync + 'static {
    type Row: Clone + Send + Sync + 'static;

    /// For each window, the rows of its parents' lists at positions
    /// `offset..offset + limit` (0-based), as `(parent, position, row)`.
    fn page(
        self,
        conn: &mut DbConnection,
        windows: &[WindowOf],
    ) -> Result<Vec<(i64, i64, Self::Row)>>;

    /// How many rows each parent's list holds; parents with none are left out.
    fn counts(self, conn: &mut DbConnection, parents: &[i64]) -> Result<Vec<(i64, i64)>>;
}

/// `inner` cut to the asked windows. `inner` selects `nested_parent`, the
/// row, then `nested_rank` (see [`ranked_by`]). A window function cannot be
/// filtered on in the query that computes it, and diesel has no subquery
/// in FROM: hence this wrapper.
struct Ranked<Q> {
    inner: Q,
    /// `(after, up to, parents)`: ranks are 1-based, the window is `(after, up to]`.
    windows: Vec<(i64, i64, Vec<i64>)>,
}

impl<Q: Query> Query for Ranked<Q> {
    type SqlType = Q::SqlType;
}

impl<Q> QueryId for Ranked<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q> RunQueryDsl<DbConnection> for Ranked<Q> {}

impl<Q: QueryFragment<Db>> QueryFragment<Db> for Ranked<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Db>) -> QueryResult<()> {
        out.push_sql("SELECT * FROM (");
        self.inner.walk_ast(out.reborrow())?;
        out.push_sql(") AS nested WHERE ");
        for (i, (after, upto, parents)) in self.windows.iter().enumerate() {
            if i > 0 {
                out.push_sql(" OR ");
            }
            out.push_sql("(nested.nested_parent IN (");
            for (j, parent) in parents.iter().enumerate() {
                if j > 0 {
                    out.push_sql(", ");
                }
                out.push_bind_param::<BigInt, _>(parent)?;
            }
            out.push_sql(") AND nested.nested_rank > ");
            out.push_bind_param::<BigInt, _>(after)?;
            out.push_sql(" AND nested.nested_rank <= ");
            out.push_bind_param::<BigInt, _>(upto)?;
            out.push_sql(")");
        }
        out.push_sql(" ORDER BY nested.nested_parent, nested.nested_rank");
        Ok(())
    }
}

/// The parent column of a nested list's query, named for [`Ranked`].
/// `parent` and `order` below are SQL over the tables of that query.
fn parent_column(parent: &str) -> SqlLiteral<BigInt> {
    sql::<BigInt>(&format!("{parent} AS nested_parent"))
}

/// The row's 1-based position in its parent's list.
fn ranked_by(parent: &str, order: &str) -> SqlLiteral<BigInt> {
    sql::<BigInt>(&format!(
        "ROW_NUMBER() OVER (PARTITION BY {parent} ORDER BY {order}) AS nested_rank"
    ))
}

/// Every parent of the windows, once.
fn parents_of(windows: &[WindowOf]) -> Vec<i64> {
    let mut all: Vec<i64> = windows
        .iter()
        .flat_map(|(_, p)| p.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Runs `inner` cut to `windows`: `(parent, 0-based position, row)`.
fn ranked<'q, Q, R>(
    conn: &mut DbConnection,
    inner: Q,
    windows: &[WindowOf],
) -> Result<Vec<(i64, i64, R)>>
where
    Ranked<Q>: LoadQuery<'q, DbConnection, (i64, R, i64)>,
{
    let windows = windows
        .iter()
        .map(|(w, parents)| (w.offset, w.offset.saturating_add(w.limit), parents.clone()))
        .collect();
    let rows = Ranked { inner, windows }.load::<(i64, R, i64)>(conn)?;
    Ok(rows
        .into_iter()
        .map(|(parent, row, rank)| (parent, rank - 1, row))
        .collect())
}

/// Counts by parent, without the rows whose parent is null.
fn keyed(rows: Vec<(Option<i64>, i64)>) -> Vec<(i64, i64)> {
    rows.into_iter()
        .filter_map(|(parent, n)| Some((parent?, n)))
        .collect()
}

/// Commitments come in id order, whatever the parent.
const BY_ID: &str = "commitments.id";

impl Nested for CommitmentsOf {
    type Row = CommitmentRow;

    fn page(
        self,
        conn: &mut DbConnection,
        windows: &[WindowOf],
    ) -> Result<Vec<(i64, i64, CommitmentRow)>> {
        let all = parents_of(windows);
        let row = CommitmentRow::as_select();
        with_parent!(self, |source, parent, name| {
            let q = source.filter(parent.eq_any(&all)).select((
                parent_column(name),
                row,
                ranked_by(name, BY_ID),
            ));
            ranked(conn, q, windows)
        })
    }

    fn counts(self, conn: &mut DbConnection, parents: &[i64]) -> Result<Vec<(i64, i64)>> {
        let rows: Vec<(Option<i64>, i64)> = with_parent!(self, |source, parent, _name| {
            source
                .filter(parent.eq_any(parents))
                .group_by(parent)
                .select((parent.nullable(), count_star()))
                .load(conn)?
        });
        Ok(keyed(rows))
    }
}

/// The agreements a node takes part in, latest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgreementsOf {
    /// Agreements it is party to.
    Party,
    /// Agreements a person signed or announced.
    Signatory,
}

impl AgreementsOf {
    fn role(self) -> &'static str {
        match self {
            AgreementsOf::Party => "party",
            AgreementsOf::Signatory => "signatory",
        }
    }
}

impl Nested for AgreementsOf {
    type Row = AgreementRow;

    fn page(
        self,
        conn: &mut DbConnection,
        windows: &[WindowOf],
    ) -> Result<Vec<(i64, i64, AgreementRow)>> {
        let parent = "agreement_members.node_id";
        let q = agreement_members::table
            .inner_join(agreements::table)
            .filter(agreement_members::node_id.eq_any(parents_of(windows)))
            .filter(agreement_members::role.eq(self.role()))
            .select((
                parent_column(parent),
                AgreementRow::as_select(),
                ranked_by(parent, "agreements.date DESC, agreements.id"),
            ));
        ranked(conn, q, windows)
    }

    fn counts(self, conn: &mut DbConnection, parents: &[i64]) -> Result<Vec<(i64, i64)>> {
        let rows = agreement_members::table
            .inner_join(agreements::table)
            .filter(agreement_members::node_id.eq_any(parents))
            .filter(agreement_members::role.eq(self.role()))
            .group_by(agreement_members::node_id)
            .select((agreement_members::node_id.nullable(), count_star()))
            .load(conn)?;
        Ok(keyed(rows))
    }
}

/// The companies a company owns directly, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subsidiaries;

impl Nested for Subsidiaries {
    type Row = NodeRow;

    fn page(
        self,
        conn: &mut DbConnection,
        windows: &[WindowOf],
    ) -> Result<Vec<(i64, i64, NodeRow)>> {
        let parent = "edges.to_id";
        let q = edges::table
            .inner_join(nodes::table.on(nodes::id.eq(edges::from_id)))
            .filter(edges::to_id.eq_any(parents_of(windows)))
            .filter(edges::kind.eq("subsidiary_of"))
            .select((
                parent_column(parent),
                NodeRow::as_select(),
                ranked_by(parent, "nodes.name, nodes.id"),
            ));
        ranked(conn, q, windows)
    }

    fn counts(self, conn: &mut DbConnection, parents: &[i64]) -> Result<Vec<(i64, i64)>> {
        let rows = edges::table
            .inner_join(nodes::table.on(nodes::id.eq(edges::from_id)))
            .filter(edges::to_id.eq_any(parents))
            .filter(edges::kind.eq("subsidiary_of"))
            .group_by(edges::to_id)
            .select((edges::to_id.nullable(), count_star()))
            .load(conn)?;
        Ok(keyed(rows))
    }
}

/// The observations about a subject, latest period first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObservationsAbout;

impl Nested for ObservationsAbout {
    type Row = ObservationRow;

    fn page(
        self,
        conn: &mut DbConnection,
        windows: &[WindowOf],
    ) -> Result<Vec<(i64, i64, ObservationRow)>> {
        let parent = "observations.subject_id";
        // The order of `observations_page` for a period order, descending.
        let order = "observations.period_start DESC, observations.period DESC, observations.id";
        let q = observations::table
            .filter(observations::subject_id.eq_any(parents_of(windows)))
            .select((
                parent_column(parent),
                ObservationRow::as_select(),
                ranked_by(parent, order),
            ));
        ranked(conn, q, windows)
    }

    fn counts(self, conn: &mut DbConnection, parents: &[i64]) -> Result<Vec<(i64, i64)>> {
        let rows = observations::table
            .filter(observations::subject_id.eq_any(parents))
            .group_by(observations::subject_id)
            .select((observations::subject_id, count_star()))
            .load(conn)?;
        Ok(keyed(rows))
    }
}

/// The companies tied to a place: those with a site in a city (or active
/// in a sector) and the operators of the commitments made there, each
/// once, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OperatorsOf {
    City,
    Sector,
}

const CITY_SITES: &[&str] = &["located_in", "headquartered_in"];
const SECTOR_SITES: &[&str] = &["active_in"];

/// The companies at the `from` end of `kinds` edges to each parent.
fn sites<'a>(parents: &'a [i64], kinds: &'static [&'static str]) -> impl QueryFragment<Db> + 'a {
    edges::table
        .inner_join(nodes::table.on(nodes::id.eq(edges::from_id)))
        .filter(edges::to_id.eq_any(parents))
        .filter(edges::kind.eq_any(kinds))
        .select((parent_column("edges.to_id"), NodeRow::as_select()))
}

/// The operators of the commitments made in each city.
fn city_operators(parents: &[i64]) -> impl QueryFragment<Db> + '_ {
    commitments::table
        .inner_join(commitment_cities::table)
        .inner_join(nodes::table.on(nodes::id.eq(commitments::operator_id)))
        .filter(commitment_cities::city_id.eq_any(parents))
        .select((
            parent_column("commitment_cities.city_id"),
            NodeRow::as_select(),
        ))
}

/// The operators of the commitments made in each sector.
fn sector_operators(parents: &[i64]) -> impl QueryFragment<Db> + '_ {
    commitments::table
        .inner_join(commitment_sectors::table)
        .inner_join(nodes::table.on(nodes::id.eq(commitments::operator_id)))
        .filter(commitment_sectors::sector_id.eq_any(parents))
        .select((
            parent_column("commitment_sectors.sector_id"),
            NodeRow::as_select(),
        ))
}

/// The rows of `a UNION b` (each once) numbered per parent by name, for
/// [`Ranked`]; both select `nested_parent` and a node. Written out because
/// the multi-backend connection offers no typed UNION; compound members
/// take no parentheses, for SQLite.
struct RankedUnion<A, B> {
    a: A,
    b: B,
}

impl<A, B> Query for RankedUnion<A, B> {
    type SqlType = (BigInt, AsSelect<NodeRow, Db>, BigInt);
}

impl<A: QueryFragment<Db>, B: QueryFragment<Db>> QueryFragment<Db> for RankedUnion<A, B> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Db>) -> QueryResult<()> {
        out.push_sql("SELECT u.*, ");
        out.push_sql("ROW_NUMBER() OVER (PARTITION BY u.nested_parent ORDER BY u.name, u.id)");
        out.push_sql(" AS nested_rank FROM (");
        self.a.walk_ast(out.reborrow())?;
        out.push_sql(" UNION ");
        self.b.walk_ast(out.reborrow())?;
        out.push_sql(") AS u");
        Ok(())
    }
}

/// How many rows `a UNION b` holds for each parent.
struct CountedUnion<A, B> {
    a: A,
    b: B,
}

impl<A, B> Query for CountedUnion<A, B> {
    type SqlType = (BigInt, BigInt);
}

impl<A, B> QueryId for CountedUnion<A, B> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<A, B> RunQueryDsl<DbConnection> for CountedUnion<A, B> {}

impl<A: QueryFragment<Db>, B: QueryFragment<Db>> QueryFragment<Db> for CountedUnion<A, B> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Db>) -> QueryResult<()> {
        out.push_sql("SELECT u.nested_parent, COUNT(*) FROM (");
        self.a.walk_ast(out.reborrow())?;
        out.push_sql(" UNION ");
        self.b.walk_ast(out.reborrow())?;
        out.push_sql(") AS u GROUP BY u.nested_parent");
        Ok(())
    }
}

impl Nested for OperatorsOf {
    type Row = NodeRow;

    fn page(
        self,
        conn: &mut DbConnection,
        windows: &[WindowOf],
    ) -> Result<Vec<(i64, i64, NodeRow)>> {
        let all = parents_of(windows);
        match self {
            OperatorsOf::City => {
                let (a, b) = (sites(&all, CITY_SITES), city_operators(&all));
                ranked(conn, RankedUnion { a, b }, windows)
            }
            OperatorsOf::Sector => {
                let (a, b) = (sites(&all, SECTOR_SITES), sector_operators(&all));
                ranked(conn, RankedUnion { a, b }, windows)
            }
        }
    }

    fn counts(self, conn: &mut DbConnection, parents: &[i64]) -> Result<Vec<(i64, i64)>> {
        Ok(match self {
            OperatorsOf::City => {
                let (a, b) = (sites(parents, CITY_SITES), city_operators(parents));
                CountedUnion { a, b }.load(conn)?
            }
            OperatorsOf::Sector => {
                let (a, b) = (sites(parents, SECTOR_SITES), sector_operators(parents));
                CountedUnion { a, b }.load(conn)?
            }
        })
    }
}
