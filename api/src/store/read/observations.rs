use diesel::prelude::*;
use pledgegraph_importer::DocumentKind;

use super::{Db, Page};
use crate::error::Result;
use crate::store::connection::DbConnection;
use crate::store::filter::{Direction, ObservationFilter, ObservationOrder, Window};
use crate::store::models::ObservationRow;
use crate::store::schema::*;

fn filtered(f: &ObservationFilter) -> observations::BoxedQuery<'static, Db> {
    let mut q = observations::table.into_boxed();
    if let Some(indicator) = &f.indicator {
        q = q.filter(observations::indicator_code.eq(indicator.clone()));
    }
    if let Some(subjects) = &f.subjects {
        q = q.filter(observations::subject_id.eq_any(subjects.clone()));
    }
    if let Some(geography) = &f.geography {
        q = q.filter(observations::geography.eq(geography.clone()));
    }
    if let Some(from) = &f.starts_from {
        q = q.filter(observations::period_start.ge(from.clone()));
    }
    if let Some(to) = &f.starts_to {
        q = q.filter(observations::period_start.le(to.clone()));
    }
    if let Some(document) = f.document {
        q = q.filter(
            observations::id.nullable().eq_any(
                evidence::table
                    .filter(evidence::document_id.eq(document))
                    .select(evidence::observation_id),
            ),
        );
    }
    q
}

pub fn observations_page(
    conn: &mut DbConnection,
    f: &ObservationFilter,
    window: impl FnOnce(i64) -> Window,
) -> Result<Page<ObservationRow>> {
    let total = filtered(f).count().get_result(conn)?;
    let window = window(total);
    let mut q = filtered(f);
    q = match (f.order, f.direction) {
        (ObservationOrder::Period, Direction::Asc) => {
            q.order_by((observations::period_start.asc(), observations::period.asc()))
        }
        (ObservationOrder::Period, Direction::Desc) => q.order_by((
            observations::period_start.desc(),
            observations::period.desc(),
        )),
        (ObservationOrder::Value, Direction::Asc) => q.order_by(observations::value.asc()),
        (ObservationOrder::Value, Direction::Desc) => q.order_by(observations::value.desc()),
    };
    let rows = q
        .then_order_by(observations::id.asc())
        .offset(window.offset)
        .limit(window.limit)
        .select(ObservationRow::as_select())
        .load(conn)?;
    Ok(Page { rows, total })
}

pub fn observations_by_ids(conn: &mut DbConnection, ids: &[i64]) -> Result<Vec<ObservationRow>> {
    Ok(observations::table
        .filter(observations::id.eq_any(ids))
        .select(ObservationRow::as_select())
        .load(conn)?)
}

/// An indicator as one subject's observations name it.
#[derive(Debug, Clone)]
pub struct IndicatorOf {
    pub code: String,
    pub name: Option<String>,
    pub unit: Option<String>,
}

/// The indicators with observations about `subject`, each with the name
/// and unit of one of its observations. The codes come from the index
/// alone; a subject of official statistics can have hundreds of thousands
/// of observations.
pub fn indicators_about(conn: &mut DbConnection, subject: i64) -> Result<Vec<IndicatorOf>> {
    let codes: Vec<String> = observations::table
        .filter(observations::subject_id.eq(subject))
        .select(observations::indicator_code)
        .distinct()
        .load(conn)?;
    let mut found = Vec::with_capacity(codes.len());
    for code in codes {
        let (name, unit) = observations::table
            .filter(observations::subject_id.eq(subject))
            .filter(observations::indicator_code.eq(&code))
            .select((observations::indicator_name, observations::unit))
            .first(conn)?;
        found.push(IndicatorOf { code, name, unit });
    }
    Ok(found)
}

/// The latest observation about `subject` of one of `indicators` (in
/// `unit`, when given); with `official`, only those a statistics document
/// supports.
pub fn latest_about(
    conn: &mut DbConnection,
    subject: i64,
    indicators: &[String],
    unit: Option<&str>,
    official: bool,
) -> Result<Option<ObservationRow>> {
    let mut q = observations::table
        .filter(observations::subject_id.eq(subject))
        .filter(observations::indicator_code.eq_any(indicators.to_vec()))
        .into_boxed();
    if let Some(unit) = unit {
        q = q.filter(observations::unit.eq(unit.to_owned()));
    }
    if official {
        // Correlated, so that only the candidate rows are looked up.
        q = q.filter(diesel::dsl::exists(
            evidence::table
                .inner_join(documents::table)
                .filter(evidence::observation_id.eq(observations::id.nullable()))
                .filter(documents::kind.eq(DocumentKind::Statistics.as_str())),
        ));
    }
    Ok(
        q.order_by((observations::period_start.desc(), observations::id.desc()))
            .select(ObservationRow::as_select())
            .first(conn)
            .optional()?,
    )
}

/// An indicator as the observations describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    pub code: String,
    pub name: Option<String>,
    pub unit: Option<String>,
    pub series: i64,
    pub observations: i64,
}

/// Every indicator with observations (of `geography`, when given), by code.
pub fn indicators(conn: &mut DbConnection, geography: Option<&str>) -> Result<Vec<IndicatorRow>> {
    use diesel::dsl::{count, max};
    let columns = (
        observations::indicator_code,
        max(observations::indicator_name),
        max(observations::unit),
        count(observations::series).aggregate_distinct(),
        count(observations::id),
    );
    type Row = (String, Option<String>, Option<String>, i64, i64);
    let rows: Vec<Row> = match geography {
        Some(geography) => observations::table
            .filter(observations::geography.eq(geography))
            .group_by(observations::indicator_code)
            .select(columns)
            .order_by(observations::indicator_code)
            .load(conn)?,
        None => observations::table
            .group_by(observations::indicator_code)
            .select(columns)
            .order_by(observations::indicator_code)
            .load(conn)?,
    };
    Ok(rows
        .into_iter()
        .map(|(code, name, unit, series, observations)| IndicatorRow {
            code,
            name,
            unit,
            series,
            observations,
        })
        .collect())
}

/// The observations of one indicator (in `geography` and about `subjects`,
/// when given) by series, then by period: what `series` groups into lines.
/// At most `limit` rows.
pub fn series_points(
    conn: &mut DbConnection,
    indicator: &str,
    geography: Option<&str>,
    subjects: Option<&[i64]>,
    limit: i64,
) -> Result<Vec<ObservationRow>> {
    let mut q = observations::table
        .filter(observations::indicator_code.eq(indicator.to_owned()))
        .into_boxed();
    if let Some(geography) = geography {
        q = q.filter(observations::geography.eq(geography.to_owned()));
    }
    if let Some(subjects) = subjects {
        q = q.filter(observations::subject_id.eq_any(subjects.to_vec()));
    }
    Ok(q.order_by((
        observations::series,
        observations::period_start,
        observations::period,
        observations::id,
    ))
    .limit(limit)
    .select(ObservationRow::as_select())
    .load(conn)?)
}
