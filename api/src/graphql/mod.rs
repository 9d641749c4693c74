//! The GraphQL API: types, resolvers, DataLoaders and limits. It asks the
//! store for rows and never builds SQL.

mod batching;
mod common;
mod cost;
pub mod errors;
mod filters;
pub mod ids;
pub mod limits;
mod loaders;
mod mutation;
mod paging;
mod query;
mod statistics;
mod stats;
mod types;

use std::sync::Arc;

use async_graphql::{EmptySubscription, Request, Response, Schema};

pub use cost::QueryLimits;
pub use loaders::Loaders;
pub use mutation::{AdminToken, Bearer};

use crate::ingest::plugins::Registry;
use crate::store::Store;

pub type PledgeSchema = Schema<query::Query, mutation::Mutation, EmptySubscription>;

/// Builds the schema once; the store, the importers, the admin token and
/// the limits are shared by every request.
pub fn build_schema(
    store: Store,
    plugins: Arc<Registry>,
    admin_token: Option<String>,
    limits: &QueryLimits,
) -> PledgeSchema {
    Schema::build(query::Query, mutation::Mutation, EmptySubscription)
        .data(store)
        .data(plugins)
        .data(AdminToken(admin_token))
        // First: it gives a code to every error, the refusals included.
        .extension(errors::ErrorCodes)
        // Last: it parses the query itself (see `limits`).
        .extension(limits::Limits(Arc::new(limits.clone())))
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
