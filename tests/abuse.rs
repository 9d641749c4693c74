//! Requests a hostile client sends: queries too costly, too large, too deep,
//! integers out of range, bodies that are no GraphQL request. Each is refused
//! with a GraphQL-shaped answer carrying a stable `extensions.code` and the
//! limit it passed, before any work is done; the queries the README shows
//! still pass. On SQLite and PostgreSQL.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Backend, TestServer};
use pledgegraph::graphql::QueryLimits;
use pledgegraph::http::{ServerConfig, MAX_BODY_BYTES};
use serde_json::{json, Value};

/// The code and message of the first error of `answer`.
fn first_error(answer: &Value) -> (&str, &str) {
    let error = &answer["errors"][0];
    let code = error["extensions"]["code"].as_str();
    let message = error["message"].as_str();
    match (code, message) {
        (Some(code), Some(message)) => (code, message),
        _ => panic!("no coded error in {answer:#}"),
    }
}

/// POSTs `body` to /graphql as `content_type`: the status and the answer,
/// which must be JSON whatever went wrong.
fn post(server: &TestServer, content_type: &str, body: &[u8]) -> (u16, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let mut response = agent
        .post(format!("{}/graphql", server.base))
        .header("Content-Type", content_type)
        .send(body)
        .unwrap();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    let answer = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, answer)
}

/// A refusal for the cost or shape of a query: code, limit, no data, and
/// not one SQL statement run for it.
fn assert_refused(server: &TestServer, query: &str, limit: &str) -> String {
    let statements = server.store.statements_run();
    let answer = server.graphql(query, json!({}));
    let (code, message) = first_error(&answer);
    assert_eq!(code, "QUERY_TOO_COSTLY", "{answer:#}");
    assert_eq!(
        answer["errors"][0]["extensions"]["limit"], limit,
        "{message}"
    );
    assert_eq!(answer["data"], Value::Null);
    assert_eq!(
        server.store.statements_run(),
        statements,
        "work was done for {message}"
    );
    message.to_owned()
}

/// A server over the example graph, held to `limits`.
fn examples_with(backend: Backend, limits: QueryLimits) -> TestServer {
    let config = ServerConfig {
        plugins: Arc::new(common::registry()),
        admin_token: Some(common::ADMIN_TOKEN.to_owned()),
        limits,
    };
    let server = TestServer::start(backend, config);
    pledgegraph::cli::demo::load_reference_graph(&server.store, &common::registry()).unwrap();
    server
}

fn nested_pages_are_refused_before_they_run(backend: Backend) {
    let server = TestServer::with_examples(backend);
    // 100 cities, 100 commitments each, 100 of each operator's commitments.
    let query = "{cities(first:100){edges{node{commitments(first:100){edges{node{\
                 operator{commitments(first:100){edges{node{id jobs}}}}}}}}}}}";
    let message = assert_refused(&server, query, "nodes");
    assert!(
        message.contains("1,010,100 nodes") && message.contains("limit of 50,000"),
        "{message}"
    );
    // Variables count as literals do.
    let query = "query($n: Int) {cities(first:$n){edges{node{commitments(first:$n){edges{node{\
                 operator{commitments(first:$n){edges{node{id}}}}}}}}}}}";
    let answer = server.graphql(query, json!({"n": 100}));
    assert_eq!(first_error(&answer).0, "QUERY_TOO_COSTLY", "{answer}");
    // Two levels of 100 are fine.
    let two = "{cities(first:100){edges{node{commitments(first:100){edges{node{jobs}}}}}}}";
    server.data(two, json!({}));
}

fn many_fields_and_aliases_are_refused(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let aliases = |n: usize, field: &str| {
        let fields: Vec<String> = (0..n).map(|i| format!("a{i}: {field}")).collect();
        format!("{{ {} }}", fields.join(" "))
    };
    let message = assert_refused(&server, &aliases(190_000, "__typename"), "fields");
    assert!(
        message.contains("190,000 fields") && message.contains("limit of 1,000"),
        "{message}"
    );
    let message = assert_refused(&server, &aliases(500, "__typename"), "aliases");
    assert!(message.contains("500 aliases"), "{message}");

    // Thirty aggregates are cheap to ask for and dear to compute.
    let stats = aliases(30, "commitmentStats(groupBy: CITY) { key jobs }");
    let message = assert_refused(&server, &stats, "cost");
    assert!(
        message.contains("cost is 150,000") && message.contains("limit of 50,000"),
        "{message}"
    );
    let one = server.data(
        &aliases(1, "commitmentStats(groupBy: CITY) { key jobs }"),
        json!({}),
    );
    assert!(!one["a0"].as_array().unwrap().is_empty());
}

fn deep_and_exploding_queries_are_refused(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let parents = "parent { ".repeat(14);
    let closing = "} ".repeat(14);
    let deep = format!("{{ companies {{ edges {{ node {{ {parents} name {closing} }} }} }} }}");
    assert_refused(&server, &deep, "depth");
    // Brackets nested past any limit are refused before they are parsed.
    assert_refused(&server, &"{".repeat(100_000), "depth");
    let list = format!("{{ search(text: {}) {{ id }} }}", "[".repeat(100_000));
    assert_refused(&server, &list, "depth");

    // Each fragment spreads the next twice: 2^30 fields once expanded.
    let mut bomb = String::from("{ ...F0 }\n");
    for i in 0..30 {
        bomb.push_str(&format!(
            "fragment F{i} on Query {{ ...F{n} ...F{n} }}\n",
            n = i + 1
        ));
    }
    bomb.push_str("fragment F30 on Query { __typename }");
    assert_refused(&server, &bomb, "fields");
    server.data("{ cities { totalCount } }", json!({}));
}

fn integers_out_of_range_are_bad_input(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let literal = server.graphql("{ cities(first: 9999999999) { totalCount } }", json!({}));
    let (code, message) = first_error(&literal);
    assert_eq!(code, "BAD_USER_INPUT", "{literal}");
    assert!(
        message.contains("\"first\"") && message.contains("9999999999"),
        "{message}"
    );
    let variable = server.graphql(
        "query($n: Int) { cities(last: $n) { totalCount } }",
        json!({"n": 9_999_999_999i64}),
    );
    let (code, message) = first_error(&variable);
    assert_eq!(code, "BAD_USER_INPUT", "{variable}");
    assert!(message.contains("\"last\""), "{message}");
}

fn errors_quote_short_excerpts(backend: Backend) {
    let server = TestServer::empty(backend);
    let name = "x".repeat(3_000_000);
    for query in [
        // Validation: an unknown field, 3 MB long.
        format!("{{ {name} }}"),
        // Syntax: an error at the end of a 3 MB line.
        format!("{{ cities(filter: {{nameContains: \"{name}\"}}) {{ totalCount }} !!! }}"),
    ] {
        let answer = server.graphql(&query, json!({}));
        let text = answer.to_string();
        assert!(
            text.len() < 1_000,
            "{} bytes: {}",
            text.len(),
            &text[..1_000]
        );
        first_error(&answer);
    }
    let syntax = server.graphql("{ cities { totalCount } !!! }", json!({}));
    let (code, message) = first_error(&syntax);
    assert_eq!(code, "GRAPHQL_VALIDATION_FAILED");
    assert!(
        message.starts_with("syntax error at line 1, column ") && message.contains("!!!"),
        "{message}"
    );
}

fn http_errors_are_graphql_shaped(backend: Backend) {
    let server = TestServer::empty(backend);
    let json = "application/json";
    let (status, answer) = post(&server, json, &vec![b' '; MAX_BODY_BYTES + 1]);
    assert_eq!(status, 413);
    let (code, message) = first_error(&answer);
    assert_eq!(code, "REQUEST_TOO_LARGE");
    assert!(message.contains("4 MiB"), "{message}");

    for (content_type, body, status, code, words) in [
        (
            json,
            &b"{not json"[..],
            400,
            "BAD_REQUEST",
            "not a GraphQL request",
        ),
        (
            json,
            br#"[{"query": "{ __typename }"}]"#,
            400,
            "BAD_REQUEST",
            "JSON array",
        ),
        (
            json,
            br#"{"query": 12}"#,
            400,
            "BAD_REQUEST",
            "not a GraphQL request",
        ),
        (
            "text/plain",
            br#"{"query": "{ __typename }"}"#,
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "application/json",
        ),
    ] {
        let (got, answer) = post(&server, content_type, body);
        assert_eq!(got, status, "{answer}");
        let (got, message) = first_error(&answer);
        assert_eq!(got, code, "{message}");
        assert!(message.contains(words), "{message}");
    }
    // A value quoted back in an error is cut short.
    let long = format!(
        r#"{{"query": "{{ __typename }}", "variables": "{}"}}"#,
        "v".repeat(1_000_000)
    );
    let (status, answer) = post(&server, json, long.as_bytes());
    assert_eq!(status, 400);
    assert!(answer.to_string().len() < 1_000, "{answer}");

    for (path, status, code) in [
        ("/graphql", 405, "METHOD_NOT_ALLOWED"),
        ("/nowhere", 404, "NOT_FOUND"),
    ] {
        let (got, body) = server.get(path);
        assert_eq!(got, status, "{path}");
        let answer: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(first_error(&answer).0, code, "{path}");
    }
    let (status, answer) = post(
        &server,
        "application/json; charset=utf-8",
        br#"{"query": "{ __typename }"}"#,
    );
    assert_eq!(
        (status, answer),
        (200, json!({"data": {"__typename": "Query"}}))
    );
}

fn answers_over_the_size_limit_are_refused(backend: Backend) {
    let limits = QueryLimits {
        max_response_bytes: 10_000,
        ..QueryLimits::default()
    };
    let server = examples_with(backend, limits);
    let query = "{ __schema { types { name description fields { name description } } } }";
    let answer = server.graphql(query, json!({}));
    let (code, message) = first_error(&answer);
    assert_eq!(code, "RESPONSE_TOO_LARGE", "{message}");
    assert!(message.contains("10,000 bytes"), "{message}");
    assert_eq!(answer["data"], Value::Null);
    assert_eq!(answer["errors"].as_array().unwrap().len(), 1);
    server.data(
        "{ cities(first: 3) { edges { node { name } } } }",
        json!({}),
    );
}

fn a_mutation_past_its_deadline_is_stopped(backend: Backend) {
    // A plugin time limit far past the deadline: only cancellation can stop
    // the sleeping import before the next one gives up waiting for it.
    let mut isolation = common::isolation();
    isolation.limits.time = Duration::from_secs(300);
    let plugins =
        pledgegraph::ingest::plugins::Registry::discover_with(&[common::plugin_dir()], isolation);
    let limits = QueryLimits {
        mutation_timeout: Duration::from_secs(1),
        ..QueryLimits::default()
    };
    let config = ServerConfig {
        plugins: Arc::new(plugins),
        admin_token: Some(common::ADMIN_TOKEN.to_owned()),
        limits,
    };
    let server = TestServer::start(backend, config);
    let import = |content: &str| {
        server.graphql_as(
            Some(common::ADMIN_TOKEN),
            "mutation($content: String!) {
                importDocument(importer: \"faulty\", content: $content) { facts } }",
            json!({"content": content}),
        )
    };
    let answer = import("sleep");
    let (code, message) = first_error(&answer);
    assert_eq!(code, "TIMEOUT", "{answer}");
    assert!(message.contains("after 1s"), "{message}");
    assert_eq!(server.get("/healthz").0, 200);
    // The sleeping import was stopped and rolled back, so its write lock is
    // free: the next import does not meet DATABASE_BUSY.
    let fine = import("fine");
    assert!(fine.get("errors").is_none(), "{fine}");
    assert_eq!(
        server.data("{ documents { totalCount } }", json!({})),
        json!({"documents": {"totalCount": 1}})
    );
}

/// The standard introspection query of GraphiQL.
const INTROSPECTION: &str = "query IntrospectionQuery { __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } } } }
  fragment FullType on __Type { kind name description
    fields(includeDeprecated: true) { name description args { ...InputValue }
      type { ...TypeRef } isDeprecated deprecationReason }
    inputFields { ...InputValue } interfaces { ...TypeRef }
    enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
    possibleTypes { ...TypeRef } }
  fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
  fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType {
    kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name } } } } } } } } } }";

fn readme_queries_pass_the_limits(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let readme = [
        "{ commitments(first: 5, orderBy: {field: JOBS, direction: DESC}) { totalCount
           edges { node { jobs jobsQualifier horizon investment { amount currency }
             operator { name ultimateParent { name } } cities { name }
             sources { quote document { title published } } } } } }",
        r#"{ ministries(filter: {nameContains: "industrie"}) { edges { node {
             name aliases totalJobs
             ministers { person { name } title firstSeen lastSeen }
             agreements { edges { node { kind date venue count
               statedTotals { jobs investment { amount currency } horizon }
               computedTotals { jobs investment { amount currency } } } } } } } } }"#,
        r#"{ sectors(filter: {nameContains: "aerospace"}) { edges { node { name
             pledgesInContext {
               jobs { committed ratio figure { indicator { name } period value unit } }
               investment { committed ratio figure { indicator { code } period value unit } } } } } }
           country(code: "MA") { indicators { code name seriesCount }
             series(indicator: "EMP", dimensions: [{key: "FREQ", value: "A"}]) {
               subject { name } unit points { period value } } } }"#,
        // The benchmark's nested query.
        "{ companies(first: 100) { edges { node { parent { name }
             commitments { edges { node { cities { name } } } } } } } }",
        INTROSPECTION,
    ];
    for query in readme {
        server.data(query, json!({}));
    }
    let found = server.data(
        r#"{ search(text: "northgate", types: [COMPANY]) { id name } }"#,
        json!({}),
    );
    let group = found["search"][0]["id"].clone();
    let stats = server.data(
        "query($group: ID!) { commitmentStats(filter: {parent: $group}, groupBy: CITY) {
           node { name } commitmentCount jobs investment { amount currency } } }",
        json!({"group": group}),
    );
    assert!(!stats["commitmentStats"].as_array().unwrap().is_empty());
}

on_both_backends!(
    nested_pages_are_refused_before_they_run,
    many_fields_and_aliases_are_refused,
    deep_and_exploding_queries_are_refused,
    integers_out_of_range_are_bad_input,
    errors_quote_short_excerpts,
    http_errors_are_graphql_shaped,
    answers_over_the_size_limit_are_refused,
    a_mutation_past_its_deadline_is_stopped,
    readme_queries_pass_the_limits,
);
