use async_graphql::{Context, Object, Result};

use super::Agreement;
use crate::graphql::common::{loaders, nested, seen, Entity};
use crate::graphql::loaders::EdgeKey;
use crate::graphql::paging::{List, PageArgs};
use crate::store::models::{EdgeRow, Fact, NodeRow};
use crate::store::read::{AgreementsOf, Direction};

/// A post a person holds: minister of a ministry, head of an agency or a company.
#[derive(Clone)]
pub struct Post {
    pub edge: EdgeRow,
    pub person: NodeRow,
    pub organization: NodeRow,
}

#[Object]
impl Post {
    async fn person(&self) -> Person {
        Person(self.person.clone())
    }
    /// The ministry, agency, organisation or company.
    async fn organization(&self) -> Entity {
        Entity::of(self.organization.clone())
    }
    /// `minister_of` or `heads`.
    async fn kind(&self) -> &str {
        &self.edge.kind
    }
    /// The title as the sources give it (ministre déléguée chargée de ...).
    async fn title(&self) -> Option<&str> {
        self.edge.title.as_deref()
    }
    /// The earliest publication date of a source naming the post.
    async fn first_seen(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(seen(ctx, Fact::Edge(self.edge.id)).await?.0)
    }
    /// The latest publication date of a source naming the post.
    async fn last_seen(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(seen(ctx, Fact::Edge(self.edge.id)).await?.1)
    }
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<super::Evidence>> {
        crate::graphql::common::sources(ctx, Fact::Edge(self.edge.id)).await
    }
}

/// The posts along `kinds` edges at `node`: `direction` Out from a person,
/// In to an organisation.
pub(crate) async fn posts(
    ctx: &Context<'_>,
    direction: Direction,
    kinds: &[&'static str],
    node: &NodeRow,
) -> Result<Vec<Post>> {
    let keys = kinds.iter().map(|&kind| EdgeKey {
        direction,
        kind,
        node: node.id,
    });
    let found = loaders(ctx).edges.load_many(keys).await?;
    let mut posts: Vec<Post> = found
        .into_values()
        .flatten()
        .map(|(edge, other)| match direction {
            Direction::Out => Post {
                edge,
                person: node.clone(),
                organization: other,
            },
            Direction::In => Post {
                edge,
                person: other,
                organization: node.clone(),
            },
        })
        .collect();
    posts.sort_by_key(|p| p.edge.id);
    Ok(posts)
}

entity_object!(
    /// A named person: a minister, a chief executive, an official.
    Person {
        /// The posts the sources say this person holds or held.
        async fn posts(&self, ctx: &Context<'_>) -> Result<Vec<Post>> {
            posts(ctx, Direction::Out, &["minister_of", "heads"], &self.0).await
        }

        /// Agreements this person signed or announced.
        async fn agreements_signed(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Agreement>> {
            let args = PageArgs::new(after, before, first, last)?;
            nested(ctx, AgreementsOf::Signatory, self.0.id, args, Agreement).await
        }
    }
);
