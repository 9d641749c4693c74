//! The GraphQL object types, one file per node type.

/// The `#[Object]` impl of an entity type: the fields every entity has,
/// then the type's own (`$extra`). A macro because async-graphql reads one
/// impl block per object.
macro_rules! entity_object {
    ($(#[$doc:meta])* $ty:ident { $($extra:tt)* }) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $ty(pub $crate::store::models::NodeRow);

        #[async_graphql::Object]
        impl $ty {
            /// The global ID (Relay).
            pub async fn id(&self) -> async_graphql::ID {
                $crate::graphql::ids::encode(stringify!($ty), self.0.id)
            }

            /// The most complete name the sources give.
            pub async fn name(&self) -> String {
                self.0.name.clone()
            }

            pub async fn kind(&self) -> $crate::graphql::common::EntityKind {
                $crate::graphql::common::EntityKind::of_row(&self.0)
            }

            /// ISO 3166-1 alpha-2, when known.
            pub async fn country(&self) -> Option<String> {
                self.0.country.clone()
            }

            /// Other names of the same thing: acronyms, spellings, translations.
            pub async fn aliases(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Vec<String>> {
                Ok($crate::graphql::common::loaders(ctx).aliases.load_one(self.0.id).await?.unwrap_or_default())
            }

            /// Region, code, description, coordinates...: whatever the sources say.
            async fn attributes(&self) -> Vec<$crate::graphql::common::Attribute> {
                $crate::graphql::common::attributes(&self.0.attributes)
            }

            /// Where the sources name it.
            async fn sources(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Vec<$crate::graphql::types::Evidence>> {
                $crate::graphql::common::sources(ctx, $crate::store::models::Fact::Node(self.0.id)).await
            }

            /// Every typed edge at this entity, both ways, with its sources.
            async fn relations(&self, ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Vec<$crate::graphql::types::Relation>> {
                $crate::graphql::types::relations_of(ctx, self.0.id).await
            }

            $($extra)*
        }
    };
}

mod agreement;
mod claim;
mod commitment;
mod company;
mod document;
mod observation;
mod organization;
mod person;
mod place;
mod relation;

pub use agreement::*;
pub use claim::*;
pub use commitment::*;
pub use company::*;
pub use document::*;
pub use observation::*;
pub use organization::*;
pub use person::*;
pub use place::*;
pub use relation::*;

/// The edges at `node`, outgoing then incoming, each in name order.
pub(crate) async fn relations_of(
    ctx: &async_graphql::Context<'_>,
    node: i64,
) -> async_graphql::Result<Vec<Relation>> {
    use crate::store::read::Direction;
    let loader = &crate::graphql::common::loaders(ctx).relations;
    let mut found = loader
        .load_many([(Direction::Out, node), (Direction::In, node)])
        .await?;
    let mut relations = Vec::new();
    for (direction, way) in [
        (Direction::Out, RelationDirection::Outgoing),
        (Direction::In, RelationDirection::Incoming),
    ] {
        for (edge, other) in found.remove(&(direction, node)).unwrap_or_default() {
            relations.push(Relation {
                edge,
                direction: way,
                other,
            });
        }
    }
    Ok(relations)
}
