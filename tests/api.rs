//! The GraphQL API over real HTTP, on SQLite and on PostgreSQL, against the
//! example graph.

mod common;

use common::{names, Backend, TestServer};
use serde_json::{json, Value};

fn error_code(answer: &Value) -> &str {
    answer["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {answer:#}"))
}

fn health_metrics_and_graphiql(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let (status, body) = server.get("/healthz");
    assert_eq!(status, 200);
    let health: Value = serde_json::from_str(&body).unwrap();
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(health, json!({"status": "ok", "database": expected}));

    server.data("{ cities { totalCount } }", json!({}));
    server.graphql("{ nosuchfield }", json!({}));
    let (status, metrics) = server.get("/metrics");
    assert_eq!(status, 200);
    assert!(
        metrics.contains(r#"pledgegraph_http_requests_total{route="/graphql",status="200"} 2"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"pledgegraph_http_request_duration_seconds_count{route="/graphql"} 2"#)
    );
    assert!(metrics.contains("pledgegraph_graphql_errors_total 1"));

    let (status, page) = server.get("/graphiql");
    assert_eq!(status, 200);
    for asset in [
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
    ] {
        assert!(page.contains(&format!("/graphiql/{asset}")));
        let (status, body) = server.get(&format!("/graphiql/{asset}"));
        assert_eq!(status, 200, "{asset}");
        assert!(body.len() > 10_000, "{asset} is {} bytes", body.len());
    }
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "the page loads nothing from the network"
    );
    assert_eq!(server.get("/graphiql/missing.js").0, 404);

    // Bodies have a size limit; a body that is no GraphQL request is a 400.
    assert_eq!(
        server.post_raw(&vec![b' '; pledgegraph::http::MAX_BODY_BYTES + 1]),
        413
    );
    assert_eq!(server.post_raw(b"{not json"), 400);

    let (status, sdl) = server.get("/schema.graphql");
    assert_eq!(status, 200);
    assert_eq!(sdl, pledgegraph::graphql::sdl());
}

fn pagination_follows_relay(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let query = "query($first: Int, $after: String, $last: Int, $before: String) {
        cities(first: $first, after: $after, last: $last, before: $before) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { name } }
        } }";
    let page1 = server.data(query, json!({"first": 4}))["cities"].clone();
    assert_eq!(page1["totalCount"], 10);
    assert_eq!(names(&page1), ["Agadir", "Casablanca", "Fès", "Kénitra"]);
    assert_eq!(page1["pageInfo"]["hasNextPage"], true);
    assert_eq!(page1["pageInfo"]["hasPreviousPage"], false);

    let after = page1["pageInfo"]["endCursor"].clone();
    let page2 = server.data(query, json!({"first": 4, "after": after}))["cities"].clone();
    assert_eq!(names(&page2), ["Marrakech", "Meknès", "Oujda", "Rabat"]);
    assert_eq!(page2["pageInfo"]["hasPreviousPage"], true);

    let last = server.data(query, json!({"last": 2}))["cities"].clone();
    assert_eq!(names(&last), ["Tanger", "Tétouan"]);
    assert_eq!(last["pageInfo"]["hasNextPage"], false);

    let before = page2["edges"][0]["cursor"].clone();
    let back = server.data(query, json!({"last": 2, "before": before}))["cities"].clone();
    assert_eq!(names(&back), ["Fès", "Kénitra"]);

    // Twenty by default; more than a hundred is refused, with a code.
    let all = server.data("{ cities { edges { node { name } } } }", json!({}));
    assert_eq!(names(&all["cities"]).len(), 10);
    let refused = server.graphql("{ cities(first: 101) { totalCount } }", json!({}));
    assert_eq!(error_code(&refused), "BAD_USER_INPUT");
    assert!(refused["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("at most 100"));
    let bad_cursor = server.graphql(r#"{ cities(after: "nonsense") { totalCount } }"#, json!({}));
    assert_eq!(error_code(&bad_cursor), "BAD_USER_INPUT");

    let ordered = server.data(
        "{ cities(first: 3, orderBy: {field: NAME, direction: DESC}) { edges { node { name } } } }",
        json!({}),
    );
    assert_eq!(names(&ordered["cities"]), ["Tétouan", "Tanger", "Rabat"]);
}

fn filters_fold_accents_and_follow_the_graph(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let cities = |filter: Value| {
        names(
            &server.data(
                "query($f: EntityFilter) { cities(filter: $f) { edges { node { name } } } }",
                json!({"f": filter}),
            )["cities"],
        )
    };
    let companies = |filter: Value| {
        names(&server.data("query($f: EntityFilter) { companies(filter: $f, first: 50) { edges { node { name } } } }", json!({"f": filter}))["companies"])
    };

    assert_eq!(cities(json!({"nameContains": "fes"})), ["Fès"]);
    assert_eq!(cities(json!({"nameContains": "KENITRA"})), ["Kénitra"]);
    // Aliases count: "Tangier" is Tanger.
    assert_eq!(cities(json!({"nameContains": "tangier"})), ["Tanger"]);

    let fes = server.id_of("CITY", "Fès");
    assert_eq!(companies(json!({"city": fes})), ["Atlas Contact Solutions"]);
    let oujda = server.id_of("CITY", "Oujda");
    assert_eq!(
        companies(json!({"city": oujda})),
        ["Nordline BPO"],
        "a site counts too"
    );

    // A group's operators, however deep.
    let holdings = server.id_of("COMPANY", "Northgate Holdings");
    assert_eq!(
        companies(json!({"parent": holdings})),
        ["Datavista Maroc", "Northgate Systems"]
    );

    // A sector takes in its sub-sectors.
    let outsourcing = server.id_of("SECTOR", "Outsourcing");
    assert_eq!(
        companies(json!({"sector": outsourcing})),
        ["Atlas Contact Solutions", "Datavista Maroc", "Nordline BPO"]
    );

    let industry = server.id_of("MINISTRY", "Ministère de l'Industrie et du Commerce");
    assert_eq!(companies(json!({"ministry": industry})).len(), 5);
    assert_eq!(companies(json!({"country": "DE"})), ["Solenne Kabel"]);
    assert_eq!(
        companies(json!({"role": "PARENT"})),
        [
            "Ferrovia Group",
            "Northgate Holdings",
            "Northgate Systems",
            "Solenne Kabel",
            "Veridia"
        ]
    );
    let operators = server.data(
        "{ operators(first: 50) { totalCount } parentCompanies { totalCount } }",
        json!({}),
    );
    assert_eq!(
        operators,
        json!({"operators": {"totalCount": 5}, "parentCompanies": {"totalCount": 5}})
    );

    let wrong_type = server.graphql(
        "query($f: EntityFilter) { companies(filter: $f) { totalCount } }",
        json!({"f": {"city": holdings}}),
    );
    assert_eq!(error_code(&wrong_type), "BAD_USER_INPUT");
    assert!(wrong_type["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("expected a City"));
}

fn commitments_filter_and_order(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let jobs = |filter: Value| -> Vec<i64> {
        let data = server.data(
            "query($f: CommitmentFilter) { commitments(filter: $f, orderBy: {field: JOBS, direction: DESC}) { totalCount edges { node { jobs } } } }",
            json!({"f": filter}),
        );
        data["commitments"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["jobs"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(jobs(json!({})), [1800, 900, 600, 500, 400]);
    assert_eq!(
        jobs(json!({"agreementDate": {"from": "2024"}})),
        [900, 600, 400]
    );
    assert_eq!(
        jobs(json!({"agreementDate": {"from": "2023-01", "to": "2023"}})),
        [1800, 500]
    );
    assert_eq!(jobs(json!({"horizon": {"to": "2026"}})), [1800, 500]);
    assert_eq!(jobs(json!({"operatorNameContains": "ferrovia"})), [500]);
    let automotive = server.id_of("SECTOR", "Automotive");
    assert_eq!(jobs(json!({"sector": automotive})), [1800, 500]);
    let group = server.id_of("COMPANY", "Veridia");
    assert_eq!(jobs(json!({"parent": group})), [900]);

    let documents = server.data(r#"{ documents(filter: {kind: "press_release"}, orderBy: {field: PUBLISHED}) { edges { node { id published } } } }"#, json!({}));
    let english = documents["documents"]["edges"][0]["node"].clone();
    assert_eq!(english["published"], "2023-10-09");
    assert_eq!(jobs(json!({"document": english["id"]})), [1800, 500]);
}

fn ministries_people_and_agreements(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let data = server.data(
        r#"{ ministries(filter: {nameContains: "industrie"}) { edges { node {
              name aliases totalJobs
              ministers { person { name } title firstSeen lastSeen }
              agreements { totalCount edges { node { kind date } } }
              commitments { totalCount } } } } }"#,
        json!({}),
    );
    let ministry = &data["ministries"]["edges"][0]["node"];
    assert_eq!(ministry["name"], "Ministère de l'Industrie et du Commerce");
    assert!(ministry["aliases"]
        .as_array()
        .unwrap()
        .contains(&json!("Ministry of Industry and Trade")));
    assert_eq!(ministry["totalJobs"], 4200);
    assert_eq!(ministry["commitments"]["totalCount"], 5);
    assert_eq!(ministry["agreements"]["totalCount"], 2);
    assert_eq!(
        ministry["agreements"]["edges"][0]["node"]["date"], "2024-03-14",
        "latest first"
    );
    let minister = &ministry["ministers"][0];
    assert_eq!(minister["person"]["name"], "Karim Alaoui");
    assert_eq!(minister["firstSeen"], "2023-10-09");
    assert_eq!(minister["lastSeen"], "2024-03-14");

    let people = server.data(
        r#"{ people(filter: {nameContains: "benani"}) { edges { node { name
              posts { kind title organization { name kind } }
              agreementsSigned { edges { node { venue count } } } } } } }"#,
        json!({}),
    );
    let person = &people["people"]["edges"][0]["node"];
    assert_eq!(
        person["posts"][0]["title"],
        "ministre déléguée chargée de la Transition numérique"
    );
    assert_eq!(person["posts"][0]["organization"]["kind"], "MINISTRY");
    assert_eq!(
        person["agreementsSigned"]["edges"][0]["node"],
        json!({"venue": "Technopolis Rabat", "count": 3})
    );

    let agreements = server.data(
        r#"{ agreements(filter: {kind: "memorandum_of_understanding"}) { edges { node {
              parties { name kind } signatories { name }
              statedTotals { jobs investment { amount currency } horizon cities { name } }
              computedTotals { commitmentCount jobs existingJobs investment { amount currency } }
              sources { quote document { published } } } } } }"#,
        json!({}),
    );
    let agreement = &agreements["agreements"]["edges"][0]["node"];
    assert_eq!(agreement["parties"].as_array().unwrap().len(), 5);
    assert_eq!(
        agreement["statedTotals"],
        json!({"jobs": 1900, "investment": {"amount": 95000000.0, "currency": "MAD"}, "horizon": "2027",
               "cities": [{"name": "Fès"}, {"name": "Oujda"}, {"name": "Tétouan"}]})
    );
    assert_eq!(
        agreement["computedTotals"],
        json!({"commitmentCount": 3, "jobs": 1900, "existingJobs": 350, "investment": [{"amount": 40000000.0, "currency": "MAD"}]})
    );
    let quotes: Vec<&str> = agreement["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["quote"].as_str().unwrap())
        .collect();
    assert!(
        quotes
            .iter()
            .any(|q| q.starts_with("Au total, ces projets représentent 1 900 emplois")),
        "{quotes:?}"
    );
}

fn companies_cities_sectors_and_totals(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let data = server.data(
        r#"{ companies(filter: {nameContains: "northgate holdings"}) { edges { node {
              subsidiaries { edges { node { name } } }
              allSubsidiaries { totalCount edges { node { name totals { jobs } } } } } } } }"#,
        json!({}),
    );
    let group = &data["companies"]["edges"][0]["node"];
    assert_eq!(names(&group["subsidiaries"]), ["Northgate Systems"]);

    // Every edge answers its sources.
    let data = server.data(
        r#"{ companies(filter: {nameContains: "datavista"}) { edges { node {
              relations { kind direction node { name } sources { quote } } } } } }"#,
        json!({}),
    );
    let relations = &data["companies"]["edges"][0]["node"]["relations"];
    assert_eq!(relations[0]["kind"], "subsidiary_of");
    assert_eq!(relations[0]["direction"], "OUTGOING");
    assert_eq!(relations[0]["node"]["name"], "Northgate Systems");
    assert!(relations[0]["sources"][0]["quote"]
        .as_str()
        .unwrap()
        .starts_with("Datavista Maroc, unité du groupe canadien"));
    assert_eq!(
        names(&group["allSubsidiaries"]),
        ["Northgate Systems", "Datavista Maroc"]
    );

    let data = server.data(
        r#"{ companies(filter: {nameContains: "solenne wiring"}) { edges { node {
              country parent { name country } ultimateParent { name }
              cities { name } sectors { name parent { name } }
              totals { commitmentCount jobs investment { amount currency } }
              commitments { edges { node { jobsQualifier horizon investment { amount currency } agreement { kind } } } } } } } }"#,
        json!({}),
    );
    let company = &data["companies"]["edges"][0]["node"];
    assert_eq!(company["country"], "MA");
    assert_eq!(
        company["parent"],
        json!({"name": "Solenne Kabel", "country": "DE"})
    );
    assert_eq!(
        company["cities"],
        json!([{"name": "Kénitra"}]),
        "Kenitra in the release is Kénitra of the gazetteer"
    );
    assert_eq!(
        company["sectors"],
        json!([{"name": "Wiring harnesses", "parent": {"name": "Automotive"}}])
    );
    assert_eq!(
        company["totals"],
        json!({"commitmentCount": 1, "jobs": 1800, "investment": [{"amount": 30000000.0, "currency": "EUR"}]})
    );
    let commitment = &company["commitments"]["edges"][0]["node"];
    assert_eq!(commitment["jobsQualifier"], "EXACT");
    assert_eq!(commitment["agreement"]["kind"], "investment_agreement");

    let data = server.data(
        r#"{ cities(filter: {nameContains: "oujda"}) { edges { node { attributes { key value }
              operators { edges { node { name } } } totals { jobs existingJobs } } } }
            sectors(filter: {nameContains: "outsourcing"}, orderBy: {field: ID}, first: 1) { edges { node { name children { name }
              observations { totalCount edges { node { period value unit qualifier indicator { code } sources { key } } } } } } } }"#,
        json!({}),
    );
    let city = &data["cities"]["edges"][0]["node"];
    assert!(city["attributes"]
        .as_array()
        .unwrap()
        .contains(&json!({"key": "region", "value": "Oriental"})));
    assert_eq!(names(&city["operators"]), ["Nordline BPO"]);
    assert_eq!(city["totals"], json!({"jobs": 600, "existingJobs": 350}));
    let sector = &data["sectors"]["edges"][0]["node"];
    assert_eq!(sector["name"], "Outsourcing");
    assert_eq!(sector["children"].as_array().unwrap().len(), 3);
    assert_eq!(sector["observations"]["totalCount"], 3);
    let latest = &sector["observations"]["edges"][0]["node"];
    assert_eq!(latest["period"], "2024");
    assert_eq!(latest["qualifier"], "AT_LEAST");
}

fn stats_group_commitments(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let stats = |group_by: &str| -> Vec<(Value, i64)> {
        let data = server.data(
            &format!("{{ commitmentStats(groupBy: {group_by}) {{ key node {{ name }} commitmentCount jobs investment {{ amount currency }} }} }}"),
            json!({}),
        );
        data["commitmentStats"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    if g["node"].is_null() {
                        g["key"].clone()
                    } else {
                        g["node"]["name"].clone()
                    },
                    g["jobs"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        stats("PARENT"),
        [
            (json!("Solenne Kabel"), 1800),
            (json!("Veridia"), 900),
            (json!("Nordline BPO"), 600),
            (json!("Ferrovia Group"), 500),
            (json!("Northgate Holdings"), 400)
        ]
    );
    assert_eq!(
        stats("YEAR"),
        [(json!("2023"), 2300), (json!("2024"), 1900)]
    );
    // Nordline's and Datavista's commitments state no horizon: it is in the group without a key.
    assert_eq!(
        stats("HORIZON"),
        [
            (json!("2026"), 2300),
            (json!(null), 1000),
            (json!("2027"), 900)
        ]
    );
    let ministries = stats("MINISTRY");
    assert_eq!(
        ministries[0],
        (json!("Ministère de l'Industrie et du Commerce"), 4200)
    );
    assert_eq!(
        ministries[1],
        (
            json!("Ministère délégué chargé de la Transition numérique"),
            1900
        )
    );
    let cities = stats("CITY");
    assert_eq!(cities.len(), 5);
    assert_eq!(cities[0], (json!("Kénitra"), 1800));

    let filtered = server.data(r#"{ commitmentStats(groupBy: SECTOR, filter: {horizon: {from: "2027"}}) { node { name } commitmentCount investment { amount currency } } }"#, json!({}));
    assert_eq!(
        filtered["commitmentStats"],
        json!([{"node": {"name": "Customer relations"}, "commitmentCount": 1, "investment": [{"amount": 40000000.0, "currency": "MAD"}]}])
    );
}

fn nodes_search_and_errors(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let fes = server.id_of("CITY", "Fès");
    let data = server.data(
        "query($id: ID!, $ids: [ID!]!) { node(id: $id) { id ... on City { name } } nodes(ids: $ids) { __typename } }",
        json!({"id": fes, "ids": [fes, pledgegraph::graphql::ids::encode("Company", 999_999).0]}),
    );
    assert_eq!(data["node"], json!({"id": fes, "name": "Fès"}));
    assert_eq!(data["nodes"], json!([{"__typename": "City"}, null]));

    let commitments = server.data(
        "{ commitments(first: 1) { edges { node { id jobs } } } }",
        json!({}),
    );
    let commitment = commitments["commitments"]["edges"][0]["node"].clone();
    let again = server.data(
        "query($id: ID!) { node(id: $id) { ... on Commitment { jobs } } }",
        json!({"id": commitment["id"]}),
    );
    assert_eq!(again["node"]["jobs"], commitment["jobs"]);

    let found = server.data(r#"{ search(text: "fez") { name kind } }"#, json!({}));
    assert_eq!(found["search"], json!([{"name": "Fès", "kind": "CITY"}]));
    let ranked = server.data(
        r#"{ search(text: "northgate", types: [COMPANY]) { name } }"#,
        json!({}),
    );
    assert_eq!(
        ranked["search"],
        json!([{"name": "Northgate Holdings"}, {"name": "Northgate Systems"}])
    );
    let only = server.data(
        r#"{ search(text: "industr", types: [MINISTRY], first: 1) { name } }"#,
        json!({}),
    );
    assert_eq!(only["search"].as_array().unwrap().len(), 1);

    let bad_id = server.graphql(r#"{ node(id: "bm9wZQ") { id } }"#, json!({}));
    assert_eq!(error_code(&bad_id), "BAD_USER_INPUT");
    let unknown_field = server.graphql("{ cities { nope } }", json!({}));
    assert_eq!(error_code(&unknown_field), "GRAPHQL_VALIDATION_FAILED");
    let deep = "{ companies { edges { node { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } } } } } } }";
    let too_deep = server.graphql(deep, json!({}));
    assert_eq!(error_code(&too_deep), "QUERY_TOO_COSTLY");
    assert!(
        too_deep["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nested too deep"),
        "{too_deep}"
    );
}

/// A batch of `groups` groups of five operators each, every operator with two
/// commitments in two cities.
fn large_batch(groups: usize) -> Value {
    let mut entities = vec![
        json!({"id": "city0", "type": "city", "name": "Alpha"}),
        json!({"id": "city1", "type": "city", "name": "Beta"}),
    ];
    let mut relations = Vec::new();
    let mut commitments = Vec::new();
    for g in 0..groups {
        entities
            .push(json!({"id": format!("g{g}"), "type": "company", "name": format!("Group {g}")}));
        for o in 0..5 {
            let id = format!("o{g}_{o}");
            entities
                .push(json!({"id": id, "type": "company", "name": format!("Operator {g}-{o}")}));
            relations.push(json!({"type": "subsidiary_of", "from": id, "to": format!("g{g}")}));
            for c in 0..2 {
                commitments.push(
                    json!({"operator": id, "jobs": 10 * (c + 1), "cities": ["city0", "city1"]}),
                );
            }
        }
    }
    json!({"format": "pledgegraph.batch/1", "document": {"kind": "table"}, "entities": entities,
           "relations": relations, "commitments": commitments})
}

fn nested_query_statement_count_does_not_grow_with_page_size(backend: Backend) {
    let server = TestServer::empty(backend);
    let batch = serde_json::to_vec(&large_batch(30)).unwrap();
    pledgegraph::cli::load_bytes(&server.store, &batch).unwrap();
    // By name descending the page holds operators, which have a parent and commitments.
    let query = "{ companies(first: 100, orderBy: {field: NAME, direction: DESC}) { edges { node { parent { name } commitments { edges { node { cities { name } } } } } } } }";
    let before = server.store.statements_run();
    let data = server.data(query, json!({}));
    let statements = server.store.statements_run() - before;
    let companies = data["companies"]["edges"].as_array().unwrap();
    assert_eq!(companies.len(), 100);
    let with_cities = companies
        .iter()
        .flat_map(|c| c["node"]["commitments"]["edges"].as_array().unwrap())
        .filter(|c| c["node"]["cities"].as_array().unwrap().len() == 2)
        .count();
    assert!(
        with_cities >= 100,
        "the query reached commitments and their cities: {with_cities}"
    );
    assert!(
        statements <= 6,
        "{statements} SQL statements for one nested page"
    );

    let small = query.replace("first: 100", "first: 5");
    let before = server.store.statements_run();
    server.data(&small, json!({}));
    assert_eq!(
        server.store.statements_run() - before,
        statements,
        "a page of 5 costs what a page of 100 does"
    );
}

/// Compares `answer` with `tests/snapshots/NAME.json`; PLEDGEGRAPH_UPDATE_SNAPSHOTS=1
/// rewrites the file instead (review the diff before committing it).
fn assert_snapshot(name: &str, answer: &Value) {
    let path = format!(
        "{}/../tests/snapshots/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let pretty = serde_json::to_string_pretty(answer).unwrap() + "\n";
    if std::env::var_os("PLEDGEGRAPH_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &pretty).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(
        expected == pretty,
        "the answer differs from {path}:\n{pretty}\n(PLEDGEGRAPH_UPDATE_SNAPSHOTS=1 rewrites it)"
    );
}

fn agreements_snapshot(backend: Backend) {
    let server = TestServer::with_examples(backend);
    let answer = server.data(
        r#"{ agreements(orderBy: {field: DATE}) { totalCount edges { node {
              kind date venue count
              parties { __typename name country }
              signatories { name posts { title organization { name } } }
              statedTotals { jobs investment { amount currency } horizon cities { name } }
              computedTotals { commitmentCount jobs existingJobs investment { amount currency } }
              commitments { edges { node {
                operator { name parent { name } ultimateParent { name } }
                jobs jobsQualifier existingJobs investment { amount currency } horizon
                cities { name aliases } sectors { name parent { name } }
                sources { quote start end document { title published language } } } } } } } } }"#,
        json!({}),
    );
    assert_snapshot("agreements", &answer);
}

on_both_backends!(
    agreements_snapshot,
    nested_query_statement_count_does_not_grow_with_page_size,
    health_metrics_and_graphiql,
    pagination_follows_relay,
    filters_fold_accents_and_follow_the_graph,
    commitments_filter_and_order,
    ministries_people_and_agreements,
    companies_cities_sectors_and_totals,
    stats_group_commitments,
    nodes_search_and_errors,
);

#[test]
fn committed_schema_matches_the_code() {
    let committed = include_str!("../api/schema.graphql");
    assert!(
        committed == pledgegraph::graphql::sdl(),
        "api/schema.graphql is stale: run `cargo run -- schema > api/schema.graphql` and review the diff"
    );
}
