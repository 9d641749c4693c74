//! Prometheus metrics: requests, latency, GraphQL errors, SQL statements.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};

use crate::store::Store;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pub graphql_errors: IntCounter,
    statements: IntGauge,
}

impl Metrics {
    pub fn new() -> Metrics {
        let requests = IntCounterVec::new(
            Opts::new("pledgegraph_http_requests_total", "HTTP requests answered"),
            &["route", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "pledgegraph_http_request_duration_seconds",
                "Time to answer an HTTP request",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["route"],
        )
        .expect("valid metric");
        let graphql_errors = IntCounter::new(
            "pledgegraph_graphql_errors_total",
            "Errors in GraphQL responses",
        )
        .expect("valid metric");
        let statements = IntGauge::new(
            "pledgegraph_db_statements_total",
            "SQL statements run since start",
        )
        .expect("valid metric");
        let registry = Registry::new();
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(graphql_errors.clone()),
            Box::new(statements.clone()),
        ] {
            registry
                .register(collector)
                .expect("metric names are unique");
        }
        Metrics {
            registry,
            requests,
            latency,
            graphql_errors,
            statements,
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// Times every request and counts it by route pattern and status.
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req.app_data::<web::Data<Metrics>>().cloned();
    let started = Instant::now();
    let response = next.call(req).await?;
    if let Some(metrics) = metrics {
        // The pattern, not the path: /graphiql/{file} is one series, not one per file.
        let route = response
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_owned());
        metrics
            .latency
            .with_label_values(&[route.as_str()])
            .observe(started.elapsed().as_secs_f64());
        metrics
            .requests
            .with_label_values(&[route.as_str(), response.status().as_str()])
            .inc();
    }
    Ok(response)
}

pub async fn render(metrics: web::Data<Metrics>, store: web::Data<Store>) -> HttpResponse {
    metrics.statements.set(store.statements_run() as i64);
    let mut buffer = Vec::new();
    match TextEncoder::new().encode(&metrics.registry.gather(), &mut buffer) {
        Ok(()) => HttpResponse::Ok()
            .content_type("text/plain; version=0.0.4; charset=utf-8")
            .body(buffer),
        Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
    }
}
