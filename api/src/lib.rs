//! pledgegraph: a GraphQL server over a graph of public investment pledges.

pub mod cli;
pub mod consolidate;
pub mod error;
pub mod graphql;
pub mod http;
pub mod ingest;
pub mod store;
pub mod text;
pub mod time;
