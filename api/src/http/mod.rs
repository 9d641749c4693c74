//! The actix-web app: a thin layer over the GraphQL schema and the store.

mod graphiql;
mod metrics;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::error::PayloadError;
use actix_web::http::{header, StatusCode};
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::json;

pub use metrics::Metrics;

use crate::graphql::errors::shorten;
use crate::graphql::limits::response_too_large;
use crate::graphql::{build_schema, Bearer, PledgeSchema, QueryLimits};
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

/// A GraphQL-shaped error answer, what every failure of the API says.
fn error_response(status: StatusCode, code: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({
        "errors": [{"message": shorten(message), "extensions": {"code": code}}]
    }))
}

/// Why a body is no request to run, as the answer to send.
fn read_request(
    http: &HttpRequest,
    body: Result<web::Bytes, actix_web::Error>,
) -> Result<async_graphql::Request, Box<HttpResponse>> {
    // The type first: a body of the wrong type is refused unread.
    if let Some(refusal) = content_type_refusal(http) {
        return Err(Box::new(refusal));
    }
    let body = body.map_err(|e| match e.as_error::<PayloadError>() {
        Some(PayloadError::Overflow) => refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "REQUEST_TOO_LARGE",
            &format!(
                "the body is over {} MiB ({MAX_BODY_BYTES} bytes), the most a request may send",
                MAX_BODY_BYTES >> 20
            ),
        ),
        _ => refuse(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            &format!("the body could not be read: {e}"),
        ),
    })?;
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "the body is a JSON array: batches of operations are not supported, \
             send one {\"query\": ...} object per request",
        ));
    }
    serde_json::from_slice(&body).map_err(|e| {
        refuse(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            &format!(
                "the body is not a GraphQL request ({{\"query\": ..., \"variables\": ...}}): {e}"
            ),
        )
    })
}

/// An error answer, boxed: it is the large side of a `Result`.
fn refuse(status: StatusCode, code: &str, message: &str) -> Box<HttpResponse> {
    Box::new(error_response(status, code, message))
}

/// Refuses a body that says it is something other than JSON (none is
/// taken as JSON: `curl -d` sends a form type by default, but some clients
/// send none).
fn content_type_refusal(http: &HttpRequest) -> Option<HttpResponse> {
    let value = http.headers().get(header::CONTENT_TYPE)?;
    let text = String::from_utf8_lossy(value.as_bytes());
    let essence = text
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        return None;
    }
    Some(error_response(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        &format!("POST /graphql takes Content-Type: application/json, not \"{text}\""),
    ))
}

/// Serializes `response`, refusing it past `limit` bytes without holding more.
fn respond(response: &async_graphql::Response, limit: usize) -> HttpResponse {
    let mut body = Bounded {
        bytes: Vec::new(),
        limit,
    };
    match serde_json::to_writer(&mut body, response) {
        Ok(()) => HttpResponse::Ok()
            .content_type("application/json")
            .body(body.bytes),
        Err(_) => {
            let refusal = async_graphql::Response::from_errors(vec![response_too_large(limit)]);
            HttpResponse::Ok().json(refusal)
        }
    }
}

/// A buffer that refuses to grow past `limit`.
struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(std::io::Error::other("over the response size limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `POST /graphql`. The body is read as bytes so that `PayloadConfig`'s
/// limit applies; its errors are answered here, in GraphQL's shape.
async fn graphql(
    schema: web::Data<PledgeSchema>,
    store: web::Data<Store>,
    metrics: web::Data<Metrics>,
    limits: web::Data<QueryLimits>,
    http: HttpRequest,
    body: Result<web::Bytes, actix_web::Error>,
) -> HttpResponse {
    let request = match read_request(&http, body) {
        Ok(request) => request.data(Bearer(bearer(&http))),
        Err(refusal) => return *refusal,
    };
    let response = crate::graphql::execute(&schema, &store, request).await;
    metrics.graphql_errors.inc_by(response.errors.len() as u64);
    respond(&response, limits.max_response_bytes)
}

/// `/graphql` with another method than POST.
async fn wrong_method(http: HttpRequest) -> HttpResponse {
    let message = format!("{} /graphql: the API answers POST only", http.method());
    error_response(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        &message,
    )
}

/// Any path the server does not serve.
async fn not_found(http: HttpRequest) -> HttpResponse {
    let path: String = http.path().chars().take(100).collect();
    let message = format!(
        "no such endpoint: {} {path}; the API is POST /graphql",
        http.method()
    );
    error_response(StatusCode::NOT_FOUND, "NOT_FOUND", &message)
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
    /// What one request may ask for, and how long it may run.
    pub limits: QueryLimits,
}

/// Serves the API on `listener` until the returned server is stopped.
pub fn serve(store: Store, config: ServerConfig, listener: TcpListener) -> std::io::Result<Server> {
    let schema = web::Data::new(build_schema(
        store.clone(),
        config.plugins,
        config.admin_token,
        &config.limits,
    ));
    let limits = web::Data::new(config.limits);
    let store = web::Data::new(store);
    let metrics = web::Data::new(Metrics::new());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(schema.clone())
            .app_data(store.clone())
            .app_data(metrics.clone())
            .app_data(limits.clone())
            .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
            .wrap(Compress::default())
            .wrap(from_fn(metrics::track))
            .service(
                web::resource("/graphql")
                    .route(web::post().to(graphql))
                    .default_service(web::to(wrong_method)),
            )
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
            .default_service(web::to(not_found))
    })
    .listen(listener)?
    .run();
    Ok(server)
}
