use async_graphql::{Context, Object, Result, SimpleObject, ID};

use super::Evidence;
use crate::graphql::common::{self, attributes, Attribute, Entity};
use crate::graphql::ids;
use crate::store::models::{Fact, ObservationRow};

#[derive(SimpleObject, Clone)]
pub struct Indicator {
    pub code: String,
    pub name: Option<String>,
}

/// A measured figure: official statistics, or a figure a release quotes.
#[derive(Clone)]
pub struct Observation(pub ObservationRow);

#[Object]
impl Observation {
    pub async fn id(&self) -> ID {
        ids::encode("Observation", self.0.id)
    }
    async fn indicator(&self) -> Indicator {
        Indicator {
            code: self.0.indicator_code.clone(),
            name: self.0.indicator_name.clone(),
        }
    }
    /// The sector, city or company the figure is about.
    async fn subject(&self, ctx: &Context<'_>) -> Result<Option<Entity>> {
        match self.0.subject_id {
            Some(id) => Ok(common::node(ctx, id).await?.map(Entity::of)),
            None => Ok(None),
        }
    }
    /// ISO 3166-1 alpha-2 of the country measured; aggregates (`WLD`) and
    /// regions keep their source's code.
    async fn geography(&self) -> Option<&str> {
        self.0.geography.as_deref()
    }
    /// `YYYY`, `YYYY-Sn`, `YYYY-Qn`, `YYYY-MM`, `YYYY-Www` or `YYYY-MM-DD`.
    async fn period(&self) -> &str {
        &self.0.period
    }
    async fn value(&self) -> f64 {
        self.0.value
    }
    async fn unit(&self) -> Option<&str> {
        self.0.unit.as_deref()
    }
    async fn qualifier(&self) -> Option<super::Qualifier> {
        self.0
            .qualifier
            .as_deref()
            .and_then(super::Qualifier::parse)
    }
    /// Whatever else identifies the series.
    async fn dimensions(&self) -> Vec<Attribute> {
        attributes(&self.0.dimensions)
    }
    /// Status flags, confidentiality, notes: what the source says about the value.
    async fn attributes(&self) -> Vec<Attribute> {
        attributes(&self.0.attributes)
    }
    /// The first day of the period (`YYYY-MM-DD`).
    async fn period_start(&self) -> &str {
        &self.0.period_start
    }
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<Evidence>> {
        common::sources(ctx, Fact::Observation(self.0.id)).await
    }
}
