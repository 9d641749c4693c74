//! The GraphQL API: types, resolvers, DataLoaders and limits. It asks the
//! store for rows and never builds SQL.

mod batching;
mod common;
mod errors;
mod filters;
pub mod ids;
mod loaders;
mod mutation;
mod paging;
mod query;
mod statistics;
mod stats;
mod types;

use std::sync::Arc;

use async_graphql::{EmptySubscription, Request, Response, Schema};

pub use loaders::Loaders;
pub use mutation::{AdminToken, Bearer};

use crate::ingest::plugins::Registry;
use crate::store::Store;

pub type PledgeSchema = Schema<query::Query, mutation::Mutation, EmptySubscription>;

/// Deepest query accepted: deep enough for company → parent → commitments →
/// cities → sources → document, shallow enough to stop abuse.
pub const MAX_DEPTH: usize = 16;
/// Most fields one query may select.
pub const MAX_COMPLEXITY: usize = 1_000;

/// Builds the schema once; the store, the importers and the admin token
/// are shared by every request.
pub fn build_schema(
    store: Store,
    plugins: Arc<Registry>,
    admin_token: Option<String>,
) -> PledgeSchema {
    Schema::build(query::Query, mutation::Mutation, EmptySubscription)
        .data(store)
        .data(plugins)
        .data(AdminToken(admin_token))
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .extension(errors::ErrorCodes)
        .finish()
}

/// Runs one request with its own DataLoaders.
pub async fn execute(schema: &PledgeSchema, store: &Store, request: Request) -> Response {
    let activity = Arc::new(batching::Activity::default());
    let request = request.data(Loaders::new(store, &activity));
    batching::Tracked::new(schema.execute(request), activity).await
}

/// The schema in SDL, as `pledgegraph schema` prints it.
pub fn sdl() -> String {
    Schema::build(query::Query, mutation::Mutation, EmptySubscription)
        .finish()
        .sdl()
}
