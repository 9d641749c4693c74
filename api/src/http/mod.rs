//! The actix-web app: a thin layer over the GraphQL schema and the store.

mod graphiql;
mod metrics;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::json;

pub use metrics::Metrics;

use crate::graphql::{build_schema, Bearer, PledgeSchema};
use crate::ingest::plugins::Registry;
use crate::store::{read, Store};

/// The bearer token of an `Authorization` header.
fn bearer(request: &HttpRequest) -> Option<String> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// Reads the body as bytes so that `PayloadConfig`'s limit applies (413 past it).
async fn graphql(
    schema: web::Data<PledgeSchema>,
    store: web::Data<Store>,
    metrics: web::Data<Metrics>,
    http: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return HttpResponse::BadRequest().json(json!({
                "errors": [{"message": format!("the body is not a GraphQL request: {e}"),
                            "extensions": {"code": "BAD_REQUEST"}}]
            }))
        }
    };
    let request = request.data(Bearer(bearer(&http)));
    let response = crate::graphql::execute(&schema, &store, request).await;
    metrics.graphql_errors.inc_by(response.errors.len() as u64);
    HttpResponse::Ok().json(response)
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

/// What a server needs beside its store.
#[derive(Clone, Default)]
pub struct ServerConfig {
    /// The importers `importDocument` may run.
    pub plugins: Arc<Registry>,
    /// The bearer token mutations need; none disables them.
    pub admin_token: Option<String>,
}

/// Serves the API on `listener` until the returned server is stopped.
pub fn serve(store: Store, config: ServerConfig, listener: TcpListener) -> std::io::Result<Server> {
    let schema = web::Data::new(build_schema(
        store.clone(),
        config.plugins,
        config.admin_token,
    ));
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
