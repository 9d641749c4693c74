//! What sets of commitments add up to, summed in SQL: the totals of a
//! city, a company, an agreement or a ministry, of a sector with its
//! sub-sectors, and of the groups of `commitmentStats`. No commitment row
//! leaves the database: each statement answers one row per group and
//! currency, and the few currencies of a group are added up here.
//!
//! Sums are cast explicitly: PostgreSQL's SUM of BIGINT is NUMERIC, and one
//! diesel type must read both backends.

use std::collections::{BTreeMap, HashMap};
use std::marker::PhantomData;

use diesel::dsl::sql;
use diesel::expression::{SqlLiteral, TypedExpressionType};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Double, Nullable, Text};

use super::commitments::filtered;
use super::{ancestors, descendants, CommitmentsOf, Db};
use crate::error::Result;
use crate::store::connection::DbConnection;
use crate::store::filter::CommitmentFilter;
use crate::store::models::NodeRow;
use crate::store::schema::*;

/// What a set of commitments adds up to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub count: i64,
    /// Sum of the jobs of the commitments that state them.
    pub jobs: i64,
    pub existing_jobs: i64,
    /// Investment per currency, in currency order: amounts in different
    /// currencies are never added together.
    pub investment: Vec<(String, f64)>,
}

/// One group's sums over its commitments in one currency (or with none):
/// `(key, currency, count, jobs, existing jobs, investment)`.
type Part<K> = (
    K,
    Option<String>,
    i64,
    Option<i64>,
    Option<i64>,
    Option<f64>,
);

const CURRENCY: &str = "commitments.investment_currency";
const COUNT: &str = "COUNT(*)";
const JOBS: &str = "CAST(SUM(commitments.jobs) AS BIGINT)";
const EXISTING_JOBS: &str = "CAST(SUM(commitments.existing_jobs) AS BIGINT)";
const INVESTMENT: &str = "CAST(SUM(commitments.investment_amount) AS DOUBLE PRECISION)";

type Sums<K> = (
    SqlLiteral<K>,
    SqlLiteral<Nullable<Text>>,
    SqlLiteral<BigInt>,
    SqlLiteral<Nullable<BigInt>>,
    SqlLiteral<Nullable<BigInt>>,
    SqlLiteral<Nullable<Double>>,
);

/// The select clause of a [`Part`], grouped on `key` (SQL over the query's
/// tables). Literals: the group key may span tables, which diesel's typed
/// GROUP BY does not allow here.
fn sums<K: TypedExpressionType>(key: &str) -> Sums<K> {
    (
        sql::<K>(key),
        sql::<Nullable<Text>>(CURRENCY),
        sql::<BigInt>(COUNT),
        sql::<Nullable<BigInt>>(JOBS),
        sql::<Nullable<BigInt>>(EXISTING_JOBS),
        sql::<Nullable<Double>>(INVESTMENT),
    )
}

/// The GROUP BY of [`sums`].
fn grouped_on<K: TypedExpressionType>(key: &str) -> (SqlLiteral<K>, SqlLiteral<Nullable<Text>>) {
    (sql::<K>(key), sql::<Nullable<Text>>(CURRENCY))
}

/// Adds up the parts of each key, as the commitments themselves would be:
/// missing jobs count 0, an amount counts only with its currency.
fn fold<K: Ord>(parts: impl IntoIterator<Item = Part<K>>) -> BTreeMap<K, Totals> {
    let mut sums: BTreeMap<K, (Totals, BTreeMap<String, f64>)> = BTreeMap::new();
    for (key, currency, count, jobs, existing, amount) in parts {
        let (totals, money) = sums.entry(key).or_default();
        totals.count += count;
        totals.jobs += jobs.unwrap_or(0);
        totals.existing_jobs += existing.unwrap_or(0);
        if let (Some(currency), Some(amount)) = (currency, amount) {
            *money.entry(currency).or_default() += amount;
        }
    }
    sums.into_iter()
        .map(|(key, (mut totals, money))| {
            totals.investment = money.into_iter().collect();
            (key, totals)
        })
        .collect()
}

/// What the commitments of each parent add up to, as `(parent, totals)`;
/// parents without commitments are left out.
pub fn commitment_totals(
    conn: &mut DbConnection,
    of: CommitmentsOf,
    parents: &[i64],
) -> Result<Vec<(i64, Totals)>> {
    let parts: Vec<Part<i64>> = with_parent!(of, |source, parent, name| {
        source
            .filter(parent.eq_any(parents))
            .select(sums::<BigInt>(name))
            .group_by(grouped_on::<BigInt>(name))
            .load(conn)?
    });
    Ok(fold(parts).into_iter().collect())
}

/// Pairs of (root, sector) one statement of [`sector_tree_totals`] takes:
/// two bound parameters each, well under every backend's limit.
const PAIRS_PER_STATEMENT: usize = 10_000;

/// For each root sector, what the commitments in it and its sub-sectors
/// add up to, each commitment once however many of the sectors it names.
pub fn sector_tree_totals(conn: &mut DbConnection, roots: &[i64]) -> Result<Vec<(i64, Totals)>> {
    let trees = descendants(conn, "part_of", roots)?;
    let mut parts: Vec<Part<i64>> = Vec::new();
    let mut pairs: Vec<(i64, i64)> = Vec::new();
    // A root's pairs stay in one statement, which counts each commitment once.
    for (root, sectors) in trees {
        if !pairs.is_empty() && pairs.len() + sectors.len() > PAIRS_PER_STATEMENT {
            let batch = std::mem::take(&mut pairs);
            parts.extend(TreeSums { pairs: batch }.load::<Part<i64>>(conn)?);
        }
        pairs.extend(sectors.into_iter().map(|sector| (root, sector)));
    }
    if !pairs.is_empty() {
        parts.extend(TreeSums { pairs }.load::<Part<i64>>(conn)?);
    }
    Ok(fold(parts).into_iter().collect())
}

/// The sums of the distinct commitments in each root's sectors, given as
/// `(root, sector)` pairs in a VALUES list (columns `column1`, `column2` on
/// both backends). Written out: diesel has no VALUES table nor subquery in
/// FROM.
struct TreeSums {
    pairs: Vec<(i64, i64)>,
}

impl Query for TreeSums {
    type SqlType = (
        BigInt,
        Nullable<Text>,
        BigInt,
        Nullable<BigInt>,
        Nullable<BigInt>,
        Nullable<Double>,
    );
}

impl QueryId for TreeSums {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl RunQueryDsl<DbConnection> for TreeSums {}

impl QueryFragment<Db> for TreeSums {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Db>) -> QueryResult<()> {
        push_sums(&mut out, "tree.root");
        out.push_sql(" FROM (SELECT DISTINCT pairs.column1 AS root, ");
        out.push_sql("commitment_sectors.commitment_id AS commitment FROM (VALUES ");
        for (i, (root, sector)) in self.pairs.iter().enumerate() {
            out.push_sql(if i == 0 { "(" } else { ", (" });
            out.push_bind_param::<BigInt, _>(root)?;
            out.push_sql(", ");
            out.push_bind_param::<BigInt, _>(sector)?;
            out.push_sql(")");
        }
        out.push_sql(") AS pairs INNER JOIN commitment_sectors");
        out.push_sql(" ON commitment_sectors.sector_id = pairs.column2) AS tree");
        out.push_sql(" INNER JOIN commitments ON commitments.id = tree.commitment");
        out.push_sql(" GROUP BY tree.root, ");
        out.push_sql(CURRENCY);
        Ok(())
    }
}

/// What commitments are grouped by in `commitment_stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsKey {
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

/// Statements stay under every backend's limit on bound parameters.
const CHUNK: usize = 5_000;

/// The commitments `f` matches, grouped by `by`, with what each group adds
/// up to, in key order. A commitment with several cities (sectors,
/// ministries) is in each of their groups; one with none is in the group
/// whose key is null. Node keys are database ids, in decimal.
pub fn commitment_stats(
    conn: &mut DbConnection,
    f: &CommitmentFilter,
    by: StatsKey,
) -> Result<Vec<(Option<String>, Totals)>> {
    let parts = match by {
        StatsKey::Operator => operator_parts(conn, f)?
            .into_iter()
            .map(|(operator, c, n, j, e, i)| (Some(operator.to_string()), c, n, j, e, i))
            .collect(),
        StatsKey::Parent => parent_parts(conn, f)?,
        _ => {
            let (key, join) = key_and_join(by);
            GroupSums::<Nullable<Text>>::new(f, key, join).load(conn)?
        }
    };
    Ok(fold(parts).into_iter().collect())
}

/// The group key of `by`, and the join from `commitments` it reads.
fn key_and_join(by: StatsKey) -> (&'static str, &'static str) {
    match by {
        StatsKey::City => (
            "CAST(commitment_cities.city_id AS TEXT)",
            " LEFT JOIN commitment_cities ON commitment_cities.commitment_id = commitments.id",
        ),
        StatsKey::Sector => (
            "CAST(commitment_sectors.sector_id AS TEXT)",
            " LEFT JOIN commitment_sectors ON commitment_sectors.commitment_id = commitments.id",
        ),
        // The ministry test is in the join condition, so that a commitment
        // whose parties include no ministry is in the null group alone.
        StatsKey::Ministry => (
            "CAST(agreement_members.node_id AS TEXT)",
            " LEFT JOIN agreement_members ON agreement_members.agreement_id = commitments.agreement_id \
             AND agreement_members.role = 'party' \
             AND agreement_members.node_id IN (SELECT nodes.id FROM nodes WHERE nodes.kind = 'ministry')",
        ),
        // Dates are validated as YYYY[-MM[-DD]]: the year is their first four characters.
        StatsKey::Year => (
            "CASE WHEN LENGTH(agreements.date) >= 4 THEN SUBSTR(agreements.date, 1, 4) END",
            " LEFT JOIN agreements ON agreements.id = commitments.agreement_id",
        ),
        StatsKey::Horizon => ("commitments.horizon", ""),
        StatsKey::Operator | StatsKey::Parent => ("commitments.operator_id", ""),
    }
}

/// Sums per operator of the commitments `f` matches.
fn operator_parts(conn: &mut DbConnection, f: &CommitmentFilter) -> Result<Vec<Part<i64>>> {
    let (key, join) = key_and_join(StatsKey::Operator);
    Ok(GroupSums::<BigInt>::new(f, key, join).load(conn)?)
}

/// Sums per ultimate parent: summed per operator in SQL, then per top of
/// each operator's chain, which [`ancestors`] walks.
fn parent_parts(
    conn: &mut DbConnection,
    f: &CommitmentFilter,
) -> Result<Vec<Part<Option<String>>>> {
    let parts = operator_parts(conn, f)?;
    let mut operators: Vec<i64> = parts.iter().map(|part| part.0).collect();
    operators.sort_unstable();
    operators.dedup();
    let mut top: HashMap<i64, i64> = HashMap::new();
    for chunk in operators.chunks(CHUNK) {
        for (id, chain) in ancestors(conn, "subsidiary_of", chunk)? {
            top.insert(id, chain.last().copied().unwrap_or(id));
        }
    }
    Ok(parts
        .into_iter()
        .map(|(operator, c, n, j, e, i)| {
            let parent = top.get(&operator).copied().unwrap_or(operator);
            (Some(parent.to_string()), c, n, j, e, i)
        })
        .collect())
}

/// The commitments a filter matches, as the subquery of [`GroupSums`].
type Matching = commitments::BoxedQuery<'static, Db, BigInt>;

/// Sums per `key` (of SQL type `K`) and currency of the commitments
/// `matching` selects, joined by `join`. Written out: the filter is a boxed
/// query, and the multi-backend connection renders a typed statement only
/// when all its parts suit each backend, which a boxed subquery does not.
struct GroupSums<K> {
    key: &'static str,
    join: &'static str,
    matching: Matching,
    _key: PhantomData<K>,
}

impl<K> GroupSums<K> {
    fn new(f: &CommitmentFilter, key: &'static str, join: &'static str) -> Self {
        GroupSums {
            key,
            join,
            matching: filtered(f).select(commitments::id),
            _key: PhantomData,
        }
    }
}

impl<K> Query for GroupSums<K> {
    type SqlType = (
        K,
        Nullable<Text>,
        BigInt,
        Nullable<BigInt>,
        Nullable<BigInt>,
        Nullable<Double>,
    );
}

impl<K> QueryId for GroupSums<K> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<K> RunQueryDsl<DbConnection> for GroupSums<K> {}

impl<K> QueryFragment<Db> for GroupSums<K> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Db>) -> QueryResult<()> {
        push_sums(&mut out, self.key);
        out.push_sql(" FROM commitments");
        out.push_sql(self.join);
        out.push_sql(" WHERE commitments.id IN (");
        <Matching as QueryFragment<Db>>::walk_ast(&self.matching, out.reborrow())?;
        out.push_sql(") GROUP BY ");
        out.push_sql(self.key);
        out.push_sql(", ");
        out.push_sql(CURRENCY);
        Ok(())
    }
}

/// `SELECT key, currency, count, sums`: the columns of a [`Part`].
fn push_sums(out: &mut AstPass<'_, '_, Db>, key: &str) {
    out.push_sql("SELECT ");
    out.push_sql(key);
    for column in [CURRENCY, COUNT, JOBS, EXISTING_JOBS, INVESTMENT] {
        out.push_sql(", ");
        out.push_sql(column);
    }
}

/// What a company's commitments name: their cities or their sectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommitmentPlaces {
    Cities,
    Sectors,
}

/// The cities (or sectors) of each operator's commitments, each once, by
/// name, as `(operator, node)` in operator order.
pub fn places_of_operators(
    conn: &mut DbConnection,
    places: CommitmentPlaces,
    operators: &[i64],
) -> Result<Vec<(i64, NodeRow)>> {
    let order = (commitments::operator_id, nodes::name, nodes::id);
    Ok(match places {
        CommitmentPlaces::Cities => commitment_cities::table
            .inner_join(commitments::table)
            .inner_join(nodes::table.on(nodes::id.eq(commitment_cities::city_id)))
            .filter(commitments::operator_id.eq_any(operators))
            .select((commitments::operator_id, NodeRow::as_select()))
            .distinct()
            .order_by(order)
            .load(conn)?,
        CommitmentPlaces::Sectors => commitment_sectors::table
            .inner_join(commitments::table)
            .inner_join(nodes::table.on(nodes::id.eq(commitment_sectors::sector_id)))
            .filter(commitments::operator_id.eq_any(operators))
            .select((commitments::operator_id, NodeRow::as_select()))
            .distinct()
            .order_by(order)
            .load(conn)?,
    })
}
