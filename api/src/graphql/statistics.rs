//! Official statistics in the graph: indicators, series of points,
//! countries, and the pledges of a sector beside the figures that put them
//! in proportion.

use std::collections::BTreeMap;

use async_graphql::{Context, InputObject, Object, Result, SimpleObject};

use super::common::{self, loaders, store, Entity, Money};
use super::filters::{ObservationFilter, ObservationOrder};
use super::paging::{connection, List, PageArgs};
use super::types::Observation;
use crate::error::Error;
use crate::store::filter as f;
use crate::store::models::ObservationRow;
use crate::store::read::{self, IndicatorOf, IndicatorRow};

/// An indicator, as the observations describe it.
#[derive(SimpleObject, Clone)]
pub struct IndicatorSummary {
    pub code: String,
    pub name: Option<String>,
    pub unit: Option<String>,
    /// Series: observations of one geography, subject and dimensions.
    pub series_count: i64,
    pub observation_count: i64,
}

impl From<IndicatorRow> for IndicatorSummary {
    fn from(row: IndicatorRow) -> Self {
        IndicatorSummary {
            code: row.code,
            name: row.name,
            unit: row.unit,
            series_count: row.series,
            observation_count: row.observations,
        }
    }
}

/// One dimension a series must have: `{key: "FREQ", value: "A"}`.
#[derive(InputObject, Clone)]
pub struct DimensionInput {
    pub key: String,
    pub value: String,
}

#[derive(SimpleObject, Clone)]
pub struct Point {
    pub period: String,
    pub value: f64,
}

/// The observations of one indicator that differ only by period, in order.
#[derive(Clone)]
pub struct Series {
    rows: Vec<ObservationRow>,
}

#[Object]
impl Series {
    async fn indicator(&self) -> super::types::Indicator {
        let first = &self.rows[0];
        super::types::Indicator {
            code: first.indicator_code.clone(),
            name: first.indicator_name.clone(),
        }
    }
    async fn geography(&self) -> Option<&str> {
        self.rows[0].geography.as_deref()
    }
    /// The sector, city or company the series is about.
    async fn subject(&self, ctx: &Context<'_>) -> Result<Option<Entity>> {
        match self.rows[0].subject_id {
            Some(id) => Ok(common::node(ctx, id).await?.map(Entity::of)),
            None => Ok(None),
        }
    }
    async fn unit(&self) -> Option<&str> {
        self.rows[0].unit.as_deref()
    }
    async fn dimensions(&self) -> Vec<common::Attribute> {
        common::attributes(&self.rows[0].dimensions)
    }
    /// Oldest first.
    async fn points(&self) -> Vec<Point> {
        self.rows
            .iter()
            .map(|row| Point {
                period: row.period.clone(),
                value: row.value,
            })
            .collect()
    }
    /// The observations behind the points, with their attributes and sources.
    async fn observations(&self) -> Vec<Observation> {
        self.rows.iter().cloned().map(Observation).collect()
    }
}

/// Most points `series` reads in one answer.
const MAX_POINTS: i64 = 50_000;

/// The series of `indicator`, rows grouped by series, keeping those with
/// every dimension asked for.
pub async fn series(
    ctx: &Context<'_>,
    indicator: String,
    geography: Option<String>,
    subjects: Option<Vec<i64>>,
    dimensions: Vec<DimensionInput>,
) -> Result<Vec<Series>> {
    let rows = store(ctx)
        .run(move |conn| {
            read::series_points(
                conn,
                &indicator,
                geography.as_deref(),
                subjects.as_deref(),
                MAX_POINTS + 1,
            )
        })
        .await?;
    if rows.len() as i64 > MAX_POINTS {
        return Err(Error::InvalidInput(format!(
            "series: more than {MAX_POINTS} points; narrow the query with geography, sector or dimensions, \
             or page through observations"
        ))
        .into());
    }
    let mut series: Vec<Series> = Vec::new();
    for row in rows {
        if !dimensions.is_empty() {
            let own: BTreeMap<String, String> =
                serde_json::from_str(&row.dimensions).unwrap_or_default();
            if !dimensions.iter().all(|d| own.get(&d.key) == Some(&d.value)) {
                continue;
            }
        }
        match series.last_mut() {
            Some(last) if last.rows[0].series == row.series => last.rows.push(row),
            _ => series.push(Series { rows: vec![row] }),
        }
    }
    Ok(series)
}

/// One page of the observations `filter` selects.
pub async fn observation_page(
    ctx: &Context<'_>,
    filter: ObservationFilter,
    order_by: Option<ObservationOrder>,
    args: PageArgs,
) -> Result<List<Observation>> {
    let filter = filter.resolve(ctx, order_by).await?;
    observations_where(ctx, filter, args).await
}

/// One page of the observations a store filter selects.
pub async fn observations_where(
    ctx: &Context<'_>,
    filter: f::ObservationFilter,
    args: PageArgs,
) -> Result<List<Observation>> {
    let page = store(ctx)
        .run(move |conn| read::observations_page(conn, &filter, |total| args.window(total)))
        .await?;
    let offset = args.window(page.total).offset as usize;
    Ok(connection(
        page.rows.into_iter().map(Observation).collect(),
        offset,
        page.total,
    ))
}

/// A country, as the statistics about it name it (ISO 3166-1 alpha-2).
pub struct Country {
    pub code: String,
}

#[Object]
impl Country {
    async fn code(&self) -> &str {
        &self.code
    }

    /// The indicators with figures for this country.
    async fn indicators(&self, ctx: &Context<'_>) -> Result<Vec<IndicatorSummary>> {
        let code = self.code.clone();
        let rows = store(ctx)
            .run(move |conn| read::indicators(conn, Some(&code)))
            .await?;
        Ok(rows.into_iter().map(IndicatorSummary::from).collect())
    }

    /// Figures for this country; `filter.geography` is this country.
    #[allow(clippy::too_many_arguments)]
    async fn observations(
        &self,
        ctx: &Context<'_>,
        filter: Option<ObservationFilter>,
        order_by: Option<ObservationOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Observation>> {
        let mut filter = filter.unwrap_or_default();
        filter.geography = Some(self.code.clone());
        let args = PageArgs::new(after, before, first, last)?;
        observation_page(ctx, filter, order_by, args).await
    }

    /// The series of `indicator` for this country.
    async fn series(
        &self,
        ctx: &Context<'_>,
        indicator: String,
        #[graphql(default)] dimensions: Vec<DimensionInput>,
    ) -> Result<Vec<Series>> {
        series(ctx, indicator, Some(self.code.clone()), None, dimensions).await
    }
}

/// `MA`, `ma`, or a statistics aggregate code (`WLD`), as stored.
pub fn country_code(code: &str) -> Result<String> {
    let code = code.trim().to_ascii_uppercase();
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::InvalidInput(format!(
            "country: {code:?} is not a code (ISO 3166-1 alpha-2 such as MA, or an aggregate such as WLD)"
        ))
        .into());
    }
    Ok(code)
}

/// What the pledges of one measure (jobs, or money in one currency) are
/// beside the latest official figure of the same kind.
#[derive(SimpleObject, Clone)]
pub struct Proportion {
    /// What the commitments in the sector and its sub-sectors add up to.
    pub committed: f64,
    /// The latest figure it compares with, if the statistics have one.
    pub figure: Option<Observation>,
    /// `committed / figure.value`, when both are there and comparable.
    pub ratio: Option<f64>,
    /// Whether the figure comes from official statistics (a statistics
    /// document) rather than a figure a release quotes. Official figures
    /// are preferred; a quoted one stands in when there is none.
    pub official: bool,
}

/// A sector's pledges beside its official statistics.
#[derive(SimpleObject, Clone)]
pub struct PledgesInContext {
    /// Jobs committed beside the latest employment figure for the sector.
    pub jobs: Proportion,
    /// Investment committed, per currency, beside the latest investment or
    /// export figure in that currency.
    pub investment: Vec<Proportion>,
    pub commitment_count: i64,
}

/// Whether an indicator counts people employed: said by its code or name,
/// and not a share.
fn is_employment(indicator: &IndicatorOf) -> bool {
    let unit = indicator
        .unit
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if unit.contains('%') || unit.starts_with("pc") || unit.contains("percent") {
        return false;
    }
    words(indicator).iter().any(|w| {
        w.starts_with("employ")
            || w.starts_with("emploi")
            || w == "emp"
            || w == "jobs"
            || w == "effectifs"
    })
}

/// Whether an indicator is an amount of investment or exports.
fn is_investment_or_exports(indicator: &IndicatorOf) -> bool {
    words(indicator).iter().any(|w| {
        w.starts_with("invest")
            || w.starts_with("export")
            || matches!(w.as_str(), "fdi" | "ide" | "exp")
    })
}

fn words(indicator: &IndicatorOf) -> Vec<String> {
    let name = indicator.name.as_deref().unwrap_or_default();
    format!("{} {name}", indicator.code)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The latest figure about `sector` of one of `indicators` (in `unit`, when
/// given): official statistics first, else a quoted figure; and whether it
/// is official.
async fn latest_figure(
    ctx: &Context<'_>,
    sector: i64,
    indicators: Vec<String>,
    unit: Option<String>,
) -> Result<(Option<ObservationRow>, bool)> {
    if indicators.is_empty() {
        return Ok((None, false));
    }
    Ok(store(ctx)
        .run(move |conn| {
            let unit = unit.as_deref();
            Ok(
                match read::latest_about(conn, sector, &indicators, unit, true)? {
                    Some(row) => (Some(row), true),
                    None => (
                        read::latest_about(conn, sector, &indicators, unit, false)?,
                        false,
                    ),
                },
            )
        })
        .await?)
}

/// The codes of the indicators `keep` accepts.
fn codes(indicators: &[IndicatorOf], keep: impl Fn(&IndicatorOf) -> bool) -> Vec<String> {
    let mut codes: Vec<String> = indicators
        .iter()
        .filter(|i| keep(i))
        .map(|i| i.code.clone())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

pub async fn pledges_in_context(ctx: &Context<'_>, sector: i64) -> Result<PledgesInContext> {
    // Summed in SQL, each commitment once, with the other sectors asked.
    let totals = loaders(ctx).sector_tree_totals.load_one(sector).await?;
    let totals = common::CommitmentTotals::from(totals.unwrap_or_default());
    let indicators = store(ctx)
        .run(move |conn| read::indicators_about(conn, sector))
        .await?;

    let (employment, official) =
        latest_figure(ctx, sector, codes(&indicators, is_employment), None).await?;
    let jobs = Proportion {
        committed: totals.jobs as f64,
        ratio: employment
            .as_ref()
            .filter(|o| o.value > 0.0)
            .map(|o| totals.jobs as f64 / o.value),
        figure: employment.map(Observation),
        official,
    };
    let mut investment = Vec::with_capacity(totals.investment.len());
    for Money { amount, currency } in &totals.investment {
        let in_currency = |i: &IndicatorOf| {
            is_investment_or_exports(i) && i.unit.as_deref() == Some(currency.as_str())
        };
        let (figure, official) = latest_figure(
            ctx,
            sector,
            codes(&indicators, in_currency),
            Some(currency.clone()),
        )
        .await?;
        investment.push(Proportion {
            committed: *amount,
            ratio: figure
                .as_ref()
                .filter(|o| o.value > 0.0)
                .map(|o| amount / o.value),
            figure: figure.map(Observation),
            official,
        });
    }
    Ok(PledgesInContext {
        jobs,
        investment,
        commitment_count: totals.commitment_count,
    })
}
