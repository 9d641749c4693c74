//! The actix-web app: a thin layer over the GraphQL schema and the store.

mod graphiql;
mod metrics;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, HttpResponse, HttpServer};
use async_graphql_actix_web::{GraphQLRequest, GraphQLResponse};
use serde_json::json;

pub use metrics::Metrics;

use crate::graphql::{build_schema, PledgeSchema};
use crate::store::{read, Store};

async fn graphql(
    schema: web::Data<PledgeSchema>,
    store: web::Data<Store>,
    metrics: web::Data<Metrics>,
    request: GraphQLRequest,
) -> GraphQLResponse {
    let response = crate::graphql::execute(&schema, &store, request.into_inner()).await;
    metrics.graphql_errors.inc_by(response.errors.len() as u64);
    response.into()
}

async fn sdl(schema: web::Data<PledgeSchema>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(schema.sdl())
}

async fn healthz(store: web::Data<Store>) -> HttpResponse {
    let backend = format!("{:?}", store.backend()).to_lowercase();
    match store.run(read::ping).await {
        Ok(()) => HttpResponse::Ok().json(json!({"status": "ok", "database": backend})),
        Err(e) => HttpResponse::ServiceUnavailable().json(json!({
            "status": "unavailable", "database": backend, "error": e.to_string()
        })),
    }
}

/// Largest request body accepted (a GraphQL query, later an uploaded document).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Serves the API on `listener` until the returned server is stopped.
pub fn serve(store: Store, listener: TcpListener) -> std::io::Result<Server> {
    let schema = web::Data::new(build_schema(store.clone()));
    let store = web::Data::new(store);
    let metrics = web::Data::new(Metrics::new());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(schema.clone())
            .app_data(store.clone())
            .app_data(metrics.clone())
            .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
            .wrap(Compress::default())
            .wrap(from_fn(metrics::track))
            .route("/graphql", web::post().to(graphql))
            .route("/graphiql", web::get().to(graphiql::page))
            .route("/graphiql/{file}", web::get().to(graphiql::asset))
            .route("/schema.graphql", web::get().to(sdl))
            .route("/healthz", web::get().to(healthz))
            .route("/metrics", web::get().to(metrics::render))
            .route(
                "/",
                web::get().to(|| async {
                    HttpResponse::Found()
                        .insert_header(("Location", "/graphiql"))
                        .finish()
                }),
            )
    })
    .listen(listener)?
    .run();
    Ok(server)
}
