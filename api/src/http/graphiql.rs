//! GraphiQL, every asset compiled into the binary: it works with no network.
//! The vendored files and their licences are in `api/assets/graphiql`.

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{web, HttpResponse};

const PAGE: &str = include_str!("graphiql.html");

/// `(file name, media type, bytes)` of every asset the page loads.
const ASSETS: [(&str, &str, &[u8]); 4] = [
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.css"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    ),
];

pub async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(PAGE)
}

pub async fn asset(name: web::Path<String>) -> HttpResponse {
    match ASSETS.iter().find(|(file, _, _)| *file == name.as_str()) {
        Some((_, media_type, bytes)) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, *media_type))
            // The files change only with the binary.
            .insert_header(CacheControl(vec![
                CacheDirective::Public,
                CacheDirective::MaxAge(86_400),
            ]))
            .body(*bytes),
        None => HttpResponse::NotFound().body("no such GraphiQL asset"),
    }
}
