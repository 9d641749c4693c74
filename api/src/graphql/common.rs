//! Types and helpers shared by the node types.

use std::collections::BTreeMap;

use async_graphql::{Context, Enum, Interface, OutputType, Result, SimpleObject, ID};

use super::loaders::{Loaders, PageKey, Paged};
use super::paging::{connection, probed, CountSource, List, PageArgs};
use super::types::*;
use crate::store::models::{Fact, NodeRow};
use crate::store::read::{CommitmentPlaces, CommitmentsOf, Totals};
use crate::store::Store;

pub fn loaders<'a>(ctx: &Context<'a>) -> &'a Loaders {
    ctx.data_unchecked::<Loaders>()
}

pub fn store<'a>(ctx: &Context<'a>) -> &'a Store {
    ctx.data_unchecked::<Store>()
}

/// A key and its value: node attributes, observation dimensions.
#[derive(SimpleObject, Clone)]
pub struct Attribute {
    pub key: String,
    pub value: String,
}

/// Parses a stored JSON object of strings into attributes, in key order.
pub fn attributes(json: &str) -> Vec<Attribute> {
    serde_json::from_str::<BTreeMap<String, String>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|(key, value)| Attribute { key, value })
        .collect()
}

/// An amount in one currency (ISO 4217), in units of that currency.
#[derive(SimpleObject, Clone, Debug, PartialEq)]
pub struct Money {
    pub amount: f64,
    pub currency: String,
}

pub fn money(amount: Option<f64>, currency: Option<&str>) -> Option<Money> {
    Some(Money {
        amount: amount?,
        currency: currency?.to_owned(),
    })
}

/// What a set of commitments adds up to. Investment is summed per currency:
/// amounts in different currencies are never added together.
#[derive(SimpleObject, Clone, Debug, Default)]
pub struct CommitmentTotals {
    pub commitment_count: i64,
    /// Sum of the jobs of the commitments that state them.
    pub jobs: i64,
    pub existing_jobs: i64,
    pub investment: Vec<Money>,
}

impl From<Totals> for CommitmentTotals {
    fn from(totals: Totals) -> CommitmentTotals {
        CommitmentTotals {
            commitment_count: totals.count,
            jobs: totals.jobs,
            existing_jobs: totals.existing_jobs,
            investment: totals
                .investment
                .into_iter()
                .map(|(currency, amount)| Money { amount, currency })
                .collect(),
        }
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum EntityKind {
    Ministry,
    Agency,
    Organization,
    Person,
    Company,
    City,
    Sector,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Ministry => "ministry",
            EntityKind::Agency => "agency",
            EntityKind::Organization => "organization",
            EntityKind::Person => "person",
            EntityKind::Company => "company",
            EntityKind::City => "city",
            EntityKind::Sector => "sector",
        }
    }

    pub fn type_name(self) -> &'static str {
        match self {
            EntityKind::Ministry => "Ministry",
            EntityKind::Agency => "Agency",
            EntityKind::Organization => "Organization",
            EntityKind::Person => "Person",
            EntityKind::Company => "Company",
            EntityKind::City => "City",
            EntityKind::Sector => "Sector",
        }
    }

    pub fn of_row(row: &NodeRow) -> EntityKind {
        match row.kind.as_str() {
            "ministry" => EntityKind::Ministry,
            "agency" => EntityKind::Agency,
            "organization" => EntityKind::Organization,
            "person" => EntityKind::Person,
            "city" => EntityKind::City,
            "sector" => EntityKind::Sector,
            _ => EntityKind::Company,
        }
    }
}

/// Something with a Relay global ID.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Ministry(Ministry),
    Agency(Agency),
    Organization(Organization),
    Person(Person),
    Company(Company),
    City(City),
    Sector(Sector),
    Agreement(Agreement),
    Commitment(Commitment),
    Document(Document),
    Observation(Observation),
}

/// A named node of the graph: an organisation, a person, a place or a sector.
#[derive(Interface)]
#[graphql(
    field(name = "id", ty = "ID"),
    field(name = "name", ty = "String"),
    field(name = "kind", ty = "EntityKind"),
    field(name = "country", ty = "Option<String>"),
    field(name = "aliases", ty = "Vec<String>")
)]
pub enum Entity {
    Ministry(Ministry),
    Agency(Agency),
    Organization(Organization),
    Person(Person),
    Company(Company),
    City(City),
    Sector(Sector),
}

impl Entity {
    pub fn of(row: NodeRow) -> Entity {
        match EntityKind::of_row(&row) {
            EntityKind::Ministry => Entity::Ministry(Ministry(row)),
            EntityKind::Agency => Entity::Agency(Agency(row)),
            EntityKind::Organization => Entity::Organization(Organization(row)),
            EntityKind::Person => Entity::Person(Person(row)),
            EntityKind::Company => Entity::Company(Company(row)),
            EntityKind::City => Entity::City(City(row)),
            EntityKind::Sector => Entity::Sector(Sector(row)),
        }
    }
}

impl From<Entity> for Node {
    fn from(entity: Entity) -> Node {
        match entity {
            Entity::Ministry(x) => Node::Ministry(x),
            Entity::Agency(x) => Node::Agency(x),
            Entity::Organization(x) => Node::Organization(x),
            Entity::Person(x) => Node::Person(x),
            Entity::Company(x) => Node::Company(x),
            Entity::City(x) => Node::City(x),
            Entity::Sector(x) => Node::Sector(x),
        }
    }
}

/// Nodes by id, in the order of `ids`; ids that no longer exist are skipped.
pub async fn nodes(ctx: &Context<'_>, ids: &[i64]) -> Result<Vec<NodeRow>> {
    let mut found = loaders(ctx).nodes.load_many(ids.iter().copied()).await?;
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

pub async fn node(ctx: &Context<'_>, id: i64) -> Result<Option<NodeRow>> {
    Ok(loaders(ctx).nodes.load_one(id).await?)
}

/// What the commitments reached from a node or agreement add up to,
/// summed in SQL with those of the other parents the request asks about.
pub async fn totals(ctx: &Context<'_>, of: CommitmentsOf, id: i64) -> Result<CommitmentTotals> {
    let totals = loaders(ctx).totals.load_one((of, id)).await?;
    Ok(totals.unwrap_or_default().into())
}

/// The cities (or sectors) of a company's commitments, each once, by name.
pub async fn commitment_places(
    ctx: &Context<'_>,
    places: CommitmentPlaces,
    company: i64,
) -> Result<Vec<NodeRow>> {
    let key = (places, company);
    let rows = loaders(ctx).commitment_places.load_one(key).await?;
    Ok(rows.unwrap_or_default())
}

/// One page of `parent`'s `list`, cut in SQL: the page's rows (and one
/// more, for `hasNextPage`) are all that is read; the list is counted only
/// when `totalCount` is asked, or when the page is counted from the end.
pub async fn nested<L: Paged, T: OutputType>(
    ctx: &Context<'_>,
    list: L,
    parent: i64,
    args: PageArgs,
    wrap: fn(L::Row) -> T,
) -> Result<List<T>> {
    let Some(window) = args.probe() else {
        return counted(ctx, list, parent, args, wrap).await;
    };
    let key = PageKey {
        list,
        parent,
        window,
    };
    let rows = L::loaders(loaders(ctx)).pages.load_one(key).await?;
    let rows = rows.unwrap_or_default();
    if rows.is_empty() && window.offset > 0 {
        // Past the end: whether anything comes before the page takes the length.
        return counted(ctx, list, parent, args, wrap).await;
    }
    let rows = rows.into_iter().map(wrap).collect();
    Ok(probed(rows, window, Box::new(NestedCount { list, parent })))
}

/// A page of a nested list whose length is read first.
async fn counted<L: Paged, T: OutputType>(
    ctx: &Context<'_>,
    list: L,
    parent: i64,
    args: PageArgs,
    wrap: fn(L::Row) -> T,
) -> Result<List<T>> {
    let loaders = L::loaders(loaders(ctx));
    let total = loaders.counts.load_one((list, parent)).await?.unwrap_or(0);
    let window = args.window(total);
    let rows = if window.limit > 0 {
        let key = PageKey {
            list,
            parent,
            window,
        };
        loaders.pages.load_one(key).await?.unwrap_or_default()
    } else {
        Vec::new()
    };
    let rows = rows.into_iter().map(wrap).collect();
    Ok(connection(rows, window.offset as usize, total))
}

/// The length of one parent's nested list, read through the request's loader.
struct NestedCount<L> {
    list: L,
    parent: i64,
}

#[async_trait::async_trait]
impl<L: Paged> CountSource for NestedCount<L> {
    async fn count(&self, ctx: &Context<'_>) -> Result<i64> {
        let counts = &L::loaders(loaders(ctx)).counts;
        Ok(counts
            .load_one((self.list, self.parent))
            .await?
            .unwrap_or(0))
    }
}

/// The evidence for a fact, latest document first.
pub async fn sources(ctx: &Context<'_>, fact: Fact) -> Result<Vec<Evidence>> {
    Ok(loaders(ctx)
        .evidence
        .load_one(fact)
        .await?
        .unwrap_or_default()
        .into_iter()
        .map(|(row, document)| Evidence { row, document })
        .collect())
}

/// The first and last publication dates among the documents supporting a fact.
pub async fn seen(ctx: &Context<'_>, fact: Fact) -> Result<(Option<String>, Option<String>)> {
    let evidence = loaders(ctx)
        .evidence
        .load_one(fact)
        .await?
        .unwrap_or_default();
    let dates = evidence.iter().filter_map(|(_, d)| d.published.clone());
    Ok((dates.clone().min(), dates.max()))
}

/// Keeps the first of each id, in order.
pub fn distinct_nodes(rows: impl IntoIterator<Item = NodeRow>) -> Vec<NodeRow> {
    let mut seen = std::collections::HashSet::new();
    rows.into_iter().filter(|row| seen.insert(row.id)).collect()
}
