//! The root query.

use async_graphql::{Context, Object, OutputType, Result, ID};

use super::common::{self, loaders, store, Entity, EntityKind, Node};
use super::filters::*;
use super::ids;
use super::paging::{connection, List, PageArgs};
use super::statistics;
use super::stats::{self, StatsGroup, StatsGroupBy};
use super::types::*;
use crate::error::Error;
use crate::store::filter as f;
use crate::store::models::NodeRow;
use crate::store::read;
use crate::text::fold;

pub struct Query;

/// Most ids `nodes(ids:)` takes at once.
const MAX_NODES: usize = 100;

async fn entity_list<T: OutputType>(
    ctx: &Context<'_>,
    kinds: Vec<&'static str>,
    filter: Option<EntityFilter>,
    order: Option<EntityOrder>,
    args: PageArgs,
    wrap: fn(NodeRow) -> T,
) -> Result<List<T>> {
    let filter = filter
        .unwrap_or_default()
        .resolve(ctx, kinds, order)
        .await?;
    let page = store(ctx)
        .run(move |conn| read::nodes_page(conn, &filter, |total| args.window(total)))
        .await?;
    let offset = args.window(page.total).offset as usize;
    Ok(connection(
        page.rows.into_iter().map(wrap).collect(),
        offset,
        page.total,
    ))
}

async fn node_by_id(ctx: &Context<'_>, id: &ID) -> Result<Option<Node>> {
    let (type_name, number) = ids::decode(id)?;
    let entity_kind = [
        EntityKind::Ministry,
        EntityKind::Agency,
        EntityKind::Organization,
        EntityKind::Person,
        EntityKind::Company,
        EntityKind::City,
        EntityKind::Sector,
    ]
    .into_iter()
    .find(|k| k.type_name() == type_name);
    if let Some(kind) = entity_kind {
        let row = common::node(ctx, number).await?;
        return Ok(row
            .filter(|r| EntityKind::of_row(r) == kind)
            .map(|r| Entity::of(r).into()));
    }
    let store = store(ctx);
    Ok(match type_name.as_str() {
        "Agreement" => loaders(ctx)
            .agreements
            .load_one(number)
            .await?
            .map(|a| Node::Agreement(Agreement(a))),
        "Commitment" => store
            .run(move |conn| read::commitments_by_ids(conn, &[number]))
            .await?
            .pop()
            .map(|c| Node::Commitment(Commitment(c))),
        "Document" => store
            .run(move |conn| read::documents_by_ids(conn, &[number]))
            .await?
            .pop()
            .map(|d| Node::Document(Document(d))),
        "Observation" => store
            .run(move |conn| read::observations_by_ids(conn, &[number]))
            .await?
            .pop()
            .map(|o| Node::Observation(Observation(o))),
        _ => {
            return Err(
                Error::InvalidInput(format!("{:?} is not an ID of this API", id.as_str())).into(),
            )
        }
    })
}

/// Declares the root query: the entity lists named in `lists`, which differ
/// only in kind and role, then the fields written out in full.
macro_rules! query_root {
    (
        lists { $( $(#[$doc:meta])* $field:ident: $ty:ident = $kind:literal, $role:expr; )* }
        $($rest:tt)*
    ) => {
        #[Object]
        impl Query {
            $(
                $(#[$doc])*
                #[allow(clippy::too_many_arguments)]
                async fn $field(
                    &self,
                    ctx: &Context<'_>,
                    filter: Option<EntityFilter>,
                    order_by: Option<EntityOrder>,
                    after: Option<String>,
                    before: Option<String>,
                    first: Option<i32>,
                    last: Option<i32>,
                ) -> Result<List<$ty>> {
                    let args = PageArgs::new(after, before, first, last)?;
                    let role: Option<CompanyRole> = $role;
                    let filter = match role {
                        Some(role) => Some(EntityFilter { role: Some(role), ..filter.unwrap_or_default() }),
                        None => filter,
                    };
                    entity_list(ctx, vec![$kind], filter, order_by, args, $ty).await
                }
            )*
            $($rest)*
        }
    };
}

query_root! {
    lists {
        ministries: Ministry = "ministry", None;
        /// Public bodies other than ministries.
        agencies: Agency = "agency", None;
        /// Federations, associations, chambers.
        organizations: Organization = "organization", None;
        people: Person = "person", None;
        /// Companies; `filter.role` keeps operators or parent companies.
        companies: Company = "company", None;
        /// Companies that made at least one commitment.
        operators: Company = "company", Some(CompanyRole::Operator);
        /// Companies that own at least one other.
        parent_companies: Company = "company", Some(CompanyRole::Parent);
        cities: City = "city", None;
        sectors: Sector = "sector", None;
    }

    /// Any node by its global ID.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        node_by_id(ctx, &id).await
    }

    /// Nodes by global ID, in the order asked (null where none), at most 100.
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(Error::InvalidInput(format!(
                "nodes takes at most {MAX_NODES} ids, got {}",
                ids.len()
            ))
            .into());
        }
        // Concurrent, so that entity lookups share one DataLoader batch.
        futures_util::future::try_join_all(ids.iter().map(|id| node_by_id(ctx, id))).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn agreements(
        &self,
        ctx: &Context<'_>,
        filter: Option<AgreementFilter>,
        order_by: Option<AgreementOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Agreement>> {
        let args = PageArgs::new(after, before, first, last)?;
        let filter = filter.unwrap_or_default().resolve(order_by)?;
        let page = store(ctx)
            .run(move |conn| read::agreements_page(conn, &filter, |total| args.window(total)))
            .await?;
        let offset = args.window(page.total).offset as usize;
        Ok(connection(
            page.rows.into_iter().map(Agreement).collect(),
            offset,
            page.total,
        ))
    }

    #[allow(clippy::too_many_arguments)]
    async fn commitments(
        &self,
        ctx: &Context<'_>,
        filter: Option<CommitmentFilter>,
        order_by: Option<CommitmentOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Commitment>> {
        let args = PageArgs::new(after, before, first, last)?;
        let filter = filter.unwrap_or_default().resolve(ctx, order_by).await?;
        let page = store(ctx)
            .run(move |conn| read::commitments_page(conn, &filter, |total| args.window(total)))
            .await?;
        let offset = args.window(page.total).offset as usize;
        Ok(connection(
            page.rows.into_iter().map(Commitment).collect(),
            offset,
            page.total,
        ))
    }

    #[allow(clippy::too_many_arguments)]
    async fn documents(
        &self,
        ctx: &Context<'_>,
        filter: Option<DocumentFilter>,
        order_by: Option<DocumentOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Document>> {
        let args = PageArgs::new(after, before, first, last)?;
        let filter = filter.unwrap_or_default().resolve(order_by)?;
        let page = store(ctx)
            .run(move |conn| read::documents_page(conn, &filter, |total| args.window(total)))
            .await?;
        let offset = args.window(page.total).offset as usize;
        Ok(connection(
            page.rows.into_iter().map(Document).collect(),
            offset,
            page.total,
        ))
    }

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
        let args = PageArgs::new(after, before, first, last)?;
        statistics::observation_page(ctx, filter.unwrap_or_default(), order_by, args).await
    }

    /// Every indicator with observations, by code.
    async fn indicators(&self, ctx: &Context<'_>) -> Result<Vec<statistics::IndicatorSummary>> {
        let rows = store(ctx).run(|conn| read::indicators(conn, None)).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The series of `indicator` (in `geography`, about `sector` and its
    /// sub-sectors, with every one of `dimensions`), each with its points
    /// oldest first.
    async fn series(
        &self,
        ctx: &Context<'_>,
        indicator: String,
        geography: Option<String>,
        sector: Option<ID>,
        #[graphql(default)] dimensions: Vec<statistics::DimensionInput>,
    ) -> Result<Vec<statistics::Series>> {
        let subjects = match &sector {
            Some(id) => Some(subtree(ctx, "part_of", ids::decode_as(id, &["Sector"])?).await?),
            None => None,
        };
        statistics::series(ctx, indicator, geography, subjects, dimensions).await
    }

    /// A country's figures, by ISO 3166-1 alpha-2 code (`MA`), or an
    /// aggregate's by the code its source uses (`WLD`).
    async fn country(&self, code: String) -> Result<statistics::Country> {
        Ok(statistics::Country {
            code: statistics::country_code(&code)?,
        })
    }

    /// Entities whose name or alias contains `text` (case and accents
    /// ignored), closest matches first: exact, then prefix, then anywhere.
    async fn search(
        &self,
        ctx: &Context<'_>,
        text: String,
        types: Option<Vec<EntityKind>>,
        #[graphql(default = 20)] first: i32,
    ) -> Result<Vec<Entity>> {
        let limit = PageArgs::new(None, None, Some(first), None)?
            .window(i64::MAX)
            .limit;
        // Bounded before anything reads it: a LIKE pattern has a size limit.
        let text = bounded("text", Some(text))?.unwrap_or_default();
        let folded = fold(&text);
        if folded.is_empty() {
            return Err(Error::InvalidInput("search: text has no letter or digit".into()).into());
        }
        let kinds: Vec<&'static str> = types
            .unwrap_or_default()
            .into_iter()
            .map(EntityKind::as_str)
            .collect();
        let rows = store(ctx)
            .run(move |conn| read::search(conn, &folded, &kinds, limit))
            .await?;
        Ok(rows.into_iter().map(Entity::of).collect())
    }

    /// Commitments grouped, with what each group adds up to, largest first.
    async fn commitment_stats(
        &self,
        ctx: &Context<'_>,
        filter: Option<CommitmentFilter>,
        group_by: StatsGroupBy,
    ) -> Result<Vec<StatsGroup>> {
        let filter: f::CommitmentFilter = filter.unwrap_or_default().resolve(ctx, None).await?;
        stats::commitment_stats(ctx, filter, group_by).await
    }
}
