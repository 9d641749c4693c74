//! The root query.

use async_graphql::{Context, Object, OutputType, Result, ID};

use super::common::{self, loaders, store, Entity, EntityKind, Node};
use super::filters::*;
use super::ids;
use super::paging::{connection, List, PageArgs};
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

#[Object]
impl Query {
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
        let mut found = Vec::with_capacity(ids.len());
        for id in &ids {
            found.push(node_by_id(ctx, id).await?);
        }
        Ok(found)
    }

    #[allow(clippy::too_many_arguments)]
    async fn ministries(
        &self,
        ctx: &Context<'_>,
        filter: Option<EntityFilter>,
        order_by: Option<EntityOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Ministry>> {
        let args = PageArgs::new(after, before, first, last)?;
        entity_list(ctx, vec!["ministry"], filter, order_by, args, Ministry).await
    }

    /// Public bodies other than ministries.
    #[allow(clippy::too_many_arguments)]
    async fn agencies(
        &self,
        ctx: &Context<'_>,
        filter: Option<EntityFilter>,
        order_by: Option<EntityOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Agency>> {
        let args = PageArgs::new(after, before, first, last)?;
        entity_list(ctx, vec!["agency"], filter, order_by, args, Agency).await
    }

    /// Federations, associations, chambers.
    #[allow(clippy::too_many_arguments)]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        filter: Option<EntityFilter>,
        order_by: Option<EntityOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Organization>> {
        let args = PageArgs::new(after, before, first, last)?;
        entity_list(
            ctx,
            vec!["organization"],
            filter,
            order_by,
            args,
            Organization,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn people(
        &self,
        ctx: &Context<'_>,
        filter: Option<EntityFilter>,
        order_by: Option<EntityOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Person>> {
        let args = PageArgs::new(after, before, first, last)?;
        entity_list(ctx, vec!["person"], filter, order_by, args, Person).await
    }

    /// Companies; `filter.role` keeps operators or parent companies.
    #[allow(clippy::too_many_arguments)]
    async fn companies(
        &self,
        ctx: &Context<'_>,
        filter: Option<EntityFilter>,
        order_by: Option<EntityOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Company>> {
        let args = PageArgs::new(after, before, first, last)?;
        entity_list(ctx, vec!["company"], filter, order_by, args, Company).await
    }

    /// Companies that made at least one commitment.
    #[allow(clippy::too_many_arguments)]
    async fn operators(
        &self,
        ctx: &Context<'_>,
        filter: Option<EntityFilter>,
        order_by: Option<EntityOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Company>> {
        let args = PageArgs::new(after, before, first, last)?;
        let filter = EntityFilter {
            role: Some(CompanyRole::Operator),
            ..filter.unwrap_or_default()
        };
        entity_list(ctx, vec!["company"], Some(filter), order_by, args, Company).await
    }

    /// Companies that own at least one other.
    #[allow(clippy::too_many_arguments)]
    async fn parent_companies(
        &self,
        ctx: &Context<'_>,
        filter: Option<EntityFilter>,
        order_by: Option<EntityOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Company>> {
        let args = PageArgs::new(after, before, first, last)?;
        let filter = EntityFilter {
            role: Some(CompanyRole::Parent),
            ..filter.unwrap_or_default()
        };
        entity_list(ctx, vec!["company"], Some(filter), order_by, args, Company).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn cities(
        &self,
        ctx: &Context<'_>,
        filter: Option<EntityFilter>,
        order_by: Option<EntityOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<City>> {
        let args = PageArgs::new(after, before, first, last)?;
        entity_list(ctx, vec!["city"], filter, order_by, args, City).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn sectors(
        &self,
        ctx: &Context<'_>,
        filter: Option<EntityFilter>,
        order_by: Option<EntityOrder>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<List<Sector>> {
        let args = PageArgs::new(after, before, first, last)?;
        entity_list(ctx, vec!["sector"], filter, order_by, args, Sector).await
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
        let filter = filter.unwrap_or_default().resolve(order_by);
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
        let filter = filter.unwrap_or_default().resolve(ctx, order_by).await?;
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
