use async_graphql::{Context, Enum, Object, Result};

use super::Evidence;
use crate::graphql::common::{sources, Entity};
use crate::store::models::{EdgeRow, Fact, NodeRow};

/// Which way an edge points, seen from the node that lists it.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum RelationDirection {
    /// From this node (a company's `subsidiary_of` its parent).
    Outgoing,
    /// To this node (a group's subsidiaries point at it).
    Incoming,
}

/// A typed edge between two entities, with the sources that support it.
#[derive(Clone)]
pub struct Relation {
    pub edge: EdgeRow,
    pub direction: RelationDirection,
    pub other: NodeRow,
}

#[Object]
impl Relation {
    /// `subsidiary_of`, `minister_of`, `heads`, `located_in`,
    /// `headquartered_in`, `active_in` or `part_of`.
    async fn kind(&self) -> &str {
        &self.edge.kind
    }
    async fn direction(&self) -> RelationDirection {
        self.direction
    }
    /// The entity at the other end.
    async fn node(&self) -> Entity {
        Entity::of(self.other.clone())
    }
    /// The post, for `minister_of` and `heads`.
    async fn title(&self) -> Option<&str> {
        self.edge.title.as_deref()
    }
    async fn sources(&self, ctx: &Context<'_>) -> Result<Vec<Evidence>> {
        sources(ctx, Fact::Edge(self.edge.id)).await
    }
}
