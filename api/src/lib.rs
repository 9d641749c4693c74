//! pledgegraph: a GraphQL server over a graph of public investment pledges.

pub mod error;
pub mod graphql;
pub mod ingest;
pub mod store;
pub mod text;
pub mod time;
