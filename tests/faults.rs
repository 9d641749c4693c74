//! Importer code that aborts, crashes, hangs, exits or allocates without
//! end: each is contained by its worker process, reported as
//! `IMPORT_FAILED` with the importer and the reason, and leaves the server
//! answering and the database as it was. On SQLite and PostgreSQL.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{plugin_dir, Backend, TestServer};
use pledgegraph::error::Error;
use pledgegraph::ingest::import::{extract, InputData};
use pledgegraph::ingest::plugins::Registry;
use pledgegraph::ingest::worker::Limits;
use pledgegraph_importer::ImportRequest;
use serde_json::json;

/// The fixtures under limits short enough for a test.
fn strict_registry() -> Registry {
    let mut isolation = common::isolation();
    isolation.limits = Limits {
        time: Duration::from_secs(2),
        memory_mib: 512,
    };
    Registry::discover_with(&[plugin_dir()], isolation)
}

fn fault(registry: &Registry, what: &str) -> String {
    let plugin = registry.find("faulty").unwrap();
    let input = InputData::Bytes(what.as_bytes().to_vec());
    match extract(plugin, &ImportRequest::default(), &input) {
        Err(Error::ImportFailed(message)) => message,
        other => panic!("{what}: expected IMPORT_FAILED, got {other:?}"),
    }
}

#[test]
fn every_fault_is_contained_and_named() {
    let registry = strict_registry();
    for (what, reason) in [
        ("abort", "importer faulty aborted"),
        ("segfault", "importer faulty crashed (segmentation fault)"),
        (
            "exit",
            "importer faulty exited with status 7 before it answered",
        ),
        (
            "loop",
            "importer faulty was stopped after 2 s, its time limit",
        ),
        (
            "sleep",
            "importer faulty was stopped after 2 s, its time limit",
        ),
        (
            "allocate",
            "importer faulty ran out of memory: over its limit of 512 MiB",
        ),
    ] {
        let message = fault(&registry, what);
        assert!(message.starts_with(reason), "{what}: {message}");
    }
}

#[test]
fn a_forked_child_cannot_hold_the_host() {
    // The child sleeps for an hour with the worker's pipes open: the call
    // answers only if the host kills it with the worker's process group.
    let registry = strict_registry();
    let plugin = registry.find("faulty").unwrap();
    let input = InputData::Bytes(b"fork".to_vec());
    let batches = extract(plugin, &ImportRequest::default(), &input).expect("the import answers");
    assert_eq!(batches[0].document.title.as_deref(), Some("fork"));
}

#[test]
fn what_a_plugin_prints_does_not_reach_the_host() {
    let registry = strict_registry();
    let plugin = registry.find("faulty").unwrap();
    let input = InputData::Bytes(b"print".to_vec());
    let batches = extract(plugin, &ImportRequest::default(), &input).unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].document.title.as_deref(), Some("print"));
}

#[test]
fn a_crashing_sniff_counts_as_no() {
    let registry = strict_registry();
    let error = registry
        .choose(None, b"sniff-crash")
        .map(|_| ())
        .unwrap_err();
    assert!(
        error.to_string().contains("no importer recognises"),
        "{error}"
    );
}

const IMPORT: &str = "mutation($content: String!) {
    importDocument(importer: \"faulty\", content: $content) { facts } }";

fn a_faulty_import_leaves_the_server_answering(backend: Backend) {
    let server = TestServer::start(
        backend,
        pledgegraph::http::ServerConfig {
            plugins: Arc::new(strict_registry()),
            admin_token: Some(common::ADMIN_TOKEN.to_owned()),
            ..Default::default()
        },
    );
    for (what, reason) in [
        ("segfault", "segmentation fault"),
        ("abort", "aborted"),
        ("sleep", "time limit"),
        ("allocate", "out of memory"),
    ] {
        let answer = server.graphql_as(Some(common::ADMIN_TOKEN), IMPORT, json!({"content": what}));
        let error = &answer["errors"][0];
        assert_eq!(error["extensions"]["code"], "IMPORT_FAILED", "{answer}");
        let message = error["message"].as_str().unwrap();
        assert!(
            message.contains("faulty") && message.contains(reason),
            "{message}"
        );
        assert_eq!(server.get("/healthz").0, 200, "after {what}");
    }
    // Nothing was half-written, and the write lock was given back.
    assert_eq!(
        server.data("{ documents { totalCount } }", json!({})),
        json!({"documents": {"totalCount": 0}})
    );
    let fine = server.graphql_as(
        Some(common::ADMIN_TOKEN),
        IMPORT,
        json!({"content": "fine"}),
    );
    assert_eq!(fine["data"]["importDocument"]["facts"], 0, "{fine}");
    assert_eq!(
        server.data("{ documents { totalCount } }", json!({})),
        json!({"documents": {"totalCount": 1}})
    );
}

/// A page of thousands of nested elements, sent as a release: it once
/// overflowed the importer's stack inside the server.
fn a_deeply_nested_page_is_read(backend: Backend) {
    let server = TestServer::empty(backend);
    let depth = 5_000;
    let page = format!(
        "<html><body>{}<p>Nordline Textiles s'engage à créer 300 emplois à Tanger.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let answer = server.graphql_as(
        Some(common::ADMIN_TOKEN),
        "mutation($content: String!) {
            importDocument(importer: \"press-release\", filename: \"deep.html\",
                           content: $content, published: \"2024-05-02\", language: \"fr\") { facts } }",
        json!({"content": page}),
    );
    assert!(answer.get("errors").is_none(), "{answer}");
    assert!(
        answer["data"]["importDocument"]["facts"].as_u64().unwrap() > 0,
        "{answer}"
    );
    let jobs = server.data("{ commitments { edges { node { jobs } } } }", json!({}));
    assert_eq!(
        jobs["commitments"]["edges"][0]["node"]["jobs"], 300,
        "{jobs}"
    );
    assert_eq!(server.get("/healthz").0, 200);
}

on_both_backends!(
    a_faulty_import_leaves_the_server_answering,
    a_deeply_nested_page_is_read
);
