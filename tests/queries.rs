//! Queries a hostile or careless client sends: nested lists that page in
//! SQL, date filters that refuse nonsense, search text that is bounded and
//! matched literally. On SQLite and on PostgreSQL, over a graph made here.

mod common;

use common::{Backend, TestServer};
use serde_json::{json, Value};

const CITIES: usize = 5;
const OPERATORS: usize = 4;
const DATES: [&str; 6] = [
    "2022",
    "2023-05-10",
    "2024-01-15",
    "2024-02",
    "2024-11-20",
    "2025-07",
];
const VENUES: [&str; 6] = [
    "Hall 100% Green",
    "Hall 1000 Green",
    "Hall_B",
    "HallXB",
    "Room 5",
    "Room 6",
];
const HORIZONS: [Option<&str>; 4] = [Some("2025"), Some("2026-06"), Some("2027-03-31"), None];

/// Commitments made in city `c`: a different number in each, so that pages
/// end at different places.
fn commitments_in(c: usize) -> usize {
    3 + 9 * c
}

/// The `k`th commitment of a city: its operator, agreement and horizon cycle.
fn commitment(c: usize, k: usize) -> Value {
    let mut commitment = json!({"operator": format!("o{}", k % OPERATORS),
        "agreement": format!("a{}", k % DATES.len()), "jobs": 10 + k, "cities": [format!("c{c}")]});
    if k % 2 == 0 {
        commitment["sectors"] = json!(["s"]);
    }
    if let Some(horizon) = HORIZONS[k % HORIZONS.len()] {
        commitment["horizon"] = json!(horizon);
    }
    commitment
}

/// Yearly figures about city `c`, with a monthly one that starts on the
/// same day as its year every third year.
fn observations_of(c: usize) -> Vec<Value> {
    let mut found = Vec::new();
    for y in 0..4 + 3 * c {
        let figure = |period: String| {
            json!({"indicator": {"code": "POP", "name": "Population"}, "subject": format!("c{c}"),
                   "period": period, "value": (1000 * c + y) as f64})
        };
        found.push(figure(format!("{}", 2000 + y)));
        if y % 3 == 0 {
            found.push(figure(format!("{}-01", 2000 + y)));
        }
    }
    found
}

/// A ministry party to six agreements that one person signed, a group of
/// four operators, five cities with 3 to 39 commitments each, and figures
/// about the cities.
fn fixture() -> Value {
    let mut entities = vec![
        json!({"id": "m", "type": "ministry", "name": "Ministry of Tests"}),
        json!({"id": "p", "type": "person", "name": "Tess Signatory"}),
        json!({"id": "g", "type": "company", "name": "Holding Group"}),
        json!({"id": "s", "type": "sector", "name": "Test Sector"}),
        json!({"id": "alpha", "type": "company", "name": "Alpha Works"}),
    ];
    let mut relations = Vec::new();
    for o in 0..OPERATORS {
        entities.push(
            json!({"id": format!("o{o}"), "type": "company", "name": format!("Operator {o}")}),
        );
        relations.push(json!({"type": "subsidiary_of", "from": format!("o{o}"), "to": "g"}));
    }
    for c in 0..CITIES {
        entities.push(json!({"id": format!("c{c}"), "type": "city", "name": format!("City {c}")}));
    }
    // Sites: one of a company without commitments, one of an operator that
    // also commits there (listed once).
    for (from, kind, to) in [
        ("alpha", "located_in", "c3"),
        ("o0", "located_in", "c3"),
        ("alpha", "active_in", "s"),
    ] {
        relations.push(json!({"type": kind, "from": from, "to": to}));
    }
    let agreements: Vec<Value> = (0..DATES.len())
        .map(|a| {
            json!({"id": format!("a{a}"), "kind": "convention", "date": DATES[a], "venue": VENUES[a],
                   "parties": ["m", format!("o{}", a % OPERATORS)], "signatories": ["p"]})
        })
        .collect();
    let commitments: Vec<Value> = (0..CITIES)
        .flat_map(|c| (0..commitments_in(c)).map(move |k| commitment(c, k)))
        .collect();
    let observations: Vec<Value> = (0..CITIES).flat_map(observations_of).collect();
    json!({"format": "pledgegraph.batch/1", "document": {"kind": "table", "title": "queries fixture"},
           "entities": entities, "relations": relations, "agreements": agreements,
           "commitments": commitments, "observations": observations})
}

fn server(backend: Backend) -> TestServer {
    let server = TestServer::empty(backend);
    let batch = serde_json::to_vec(&fixture()).unwrap();
    pledgegraph::cli::load_bytes(&server.store, &batch).unwrap();
    server
}

fn error_code(answer: &Value) -> &str {
    answer["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {answer:#}"))
}

fn message(answer: &Value) -> &str {
    answer["errors"][0]["message"].as_str().unwrap_or_default()
}

/// What every page comparison reads of a connection.
const PAGE: &str = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }";
const VARS: &str = "$first: Int, $after: String, $last: Int, $before: String";
const ARGS: &str = "first: $first, after: $after, last: $last, before: $before";

/// Cursors name positions: the `k`th cursor of one list is that of any list.
fn cursors(server: &TestServer) -> Vec<String> {
    let data = server.data(
        "{ commitments(first: 100) { edges { cursor } } }",
        json!({}),
    );
    data["commitments"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["cursor"].as_str().unwrap().to_owned())
        .collect()
}

/// Page arguments forward, backward, across the end and past it, and empty.
fn page_args(cursors: &[String]) -> Vec<Value> {
    let c = |k: usize| json!(cursors[k]);
    vec![
        json!({}),
        json!({"first": 4}),
        json!({"first": 4, "after": c(3)}),
        json!({"first": 4, "after": c(11)}),
        json!({"first": 7, "after": c(29)}),
        json!({"first": 4, "after": c(60)}),
        json!({"first": 0}),
        json!({"first": 0, "after": c(1)}),
        json!({"last": 3}),
        json!({"last": 5, "before": c(10)}),
        json!({"last": 2, "after": c(1)}),
        json!({"last": 3, "after": c(60)}),
        json!({"first": 5, "before": c(2)}),
        json!({"first": 2, "after": c(5), "before": c(3)}),
        json!({"last": 100}),
    ]
}

fn with_id(args: &Value, id: &str) -> Value {
    let mut vars = args.clone();
    vars["id"] = json!(id);
    vars
}

/// Every city's commitments, asked in one query for all cities, are the
/// pages the top-level list gives for that city: same rows, cursors,
/// `pageInfo` and `totalCount`.
fn city_commitments_page_like_the_flat_list(backend: Backend) {
    let server = server(backend);
    let nested = format!(
        "query({VARS}) {{ cities(orderBy: {{field: NAME}}) {{ edges {{ node {{ id name commitments({ARGS}) {{ {PAGE} }} }} }} }} }}"
    );
    let flat = format!(
        "query($id: ID, {VARS}) {{ commitments(filter: {{city: $id}}, {ARGS}) {{ {PAGE} }} }}"
    );
    for args in page_args(&cursors(&server)) {
        let data = server.data(&nested, args.clone());
        let cities = data["cities"]["edges"].as_array().unwrap();
        assert_eq!(cities.len(), CITIES);
        for (c, city) in cities.iter().enumerate() {
            let city = &city["node"];
            assert_eq!(city["name"], format!("City {c}"));
            let id = city["id"].as_str().unwrap();
            let expected = server.data(&flat, with_id(&args, id))["commitments"].clone();
            assert_eq!(city["commitments"], expected, "City {c}, {args}");
            assert_eq!(expected["totalCount"], commitments_in(c));
        }
    }

    // Following endCursor walks the whole list once.
    let walk = format!("query($id: ID!, {VARS}) {{ node(id: $id) {{ ... on City {{ commitments({ARGS}) {{ {PAGE} }} }} }} }}");
    let biggest = server.id_of("CITY", &format!("City {}", CITIES - 1));
    let (mut seen, mut after) = (Vec::new(), Value::Null);
    loop {
        let vars = json!({"id": biggest, "first": 5, "after": after});
        let page = server.data(&walk, vars)["node"]["commitments"].clone();
        seen.extend(
            page["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["id"].clone()),
        );
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    let all = server.data(&flat, json!({"id": biggest, "first": 100}))["commitments"].clone();
    let all: Vec<Value> = all["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].clone())
        .collect();
    assert_eq!(seen, all);
    assert_eq!(seen.len(), commitments_in(CITIES - 1));
}

/// One nested list (`field` of the node `id`, a `type_name`) and the
/// top-level list (`flat`, arguments open) that holds the same items in
/// the same order.
fn assert_same_pages(server: &TestServer, type_name: &str, field: &str, id: &str, flat: &str) {
    let nested = format!(
        "query($id: ID!, {VARS}) {{ node(id: $id) {{ ... on {type_name} {{ {field}({ARGS}) {{ {PAGE} }} }} }} }}"
    );
    let flat = format!("query($id: ID!, {VARS}) {{ list: {flat}, {ARGS}) {{ {PAGE} }} }}");
    for args in page_args(&cursors(server)) {
        let vars = with_id(&args, id);
        let nested = server.data(&nested, vars.clone())["node"][field].clone();
        let expected = server.data(&flat, vars)["list"].clone();
        assert_eq!(nested, expected, "{type_name}.{field}, {args}");
    }
}

/// Every other nested list pages as its top-level equivalent does.
fn other_nested_lists_page_like_the_flat_lists(backend: Backend) {
    let server = server(backend);
    let ministry = server.id_of("MINISTRY", "Ministry of Tests");
    let person = server.id_of("PERSON", "Tess Signatory");
    let group = server.id_of("COMPANY", "Holding Group");
    let operator = server.id_of("COMPANY", "Operator 1");
    let sector = server.id_of("SECTOR", "Test Sector");
    let city = server.id_of("CITY", "City 3");
    let agreement = server.data(
        r#"{ agreements(filter: {date: {from: "2024-02", to: "2024-02"}}) { edges { node { id } } } }"#,
        json!({}),
    )["agreements"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    const LATEST: &str = "orderBy: {field: DATE, direction: DESC}";
    const BY_ID: &str = "orderBy: {field: ID}";
    const BY_NAME: &str = "orderBy: {field: NAME}";
    const BY_PERIOD: &str = "orderBy: {field: PERIOD, direction: DESC}";
    // (type, nested field, node, the top-level list, its filter, its order)
    #[rustfmt::skip]
    let cases = [
        ("Ministry", "agreements", &ministry, "agreements", "ministry", LATEST),
        ("Ministry", "commitments", &ministry, "commitments", "ministry", BY_ID),
        ("Person", "agreementsSigned", &person, "agreements", "party", LATEST),
        ("Company", "agreements", &operator, "agreements", "party", LATEST),
        ("Company", "commitments", &operator, "commitments", "operator", BY_ID),
        ("Company", "subsidiaries", &group, "companies", "parent", BY_NAME),
        ("Sector", "commitments", &sector, "commitments", "sector", BY_ID),
        ("Sector", "operators", &sector, "companies", "sector", BY_NAME),
        ("City", "operators", &city, "companies", "city", BY_NAME),
        ("Agreement", "commitments", &agreement, "commitments", "agreement", BY_ID),
        ("City", "observations", &city, "observations", "subject", BY_PERIOD),
    ];
    for (type_name, field, id, list, filter, order) in cases {
        let flat = format!("{list}(filter: {{{filter}: $id}}, {order}");
        assert_same_pages(&server, type_name, field, id, &flat);
    }
    let subsidiaries = server.data(
        "query($id: ID!) { node(id: $id) { ... on Company { subsidiaries { totalCount } } } }",
        json!({"id": group}),
    );
    assert_eq!(
        subsidiaries["node"]["subsidiaries"]["totalCount"],
        OPERATORS
    );
    let operators = server.data(
        "query($id: ID!) { node(id: $id) { ... on City { operators { edges { node { name } } } } } }",
        json!({"id": city}),
    );
    assert_eq!(
        common::names(&operators["node"]["operators"]),
        [
            "Alpha Works",
            "Operator 0",
            "Operator 1",
            "Operator 2",
            "Operator 3"
        ]
    );
}

fn statements(server: &TestServer, query: &str) -> u64 {
    let before = server.store.statements_run();
    server.data(query, json!({}));
    server.store.statements_run() - before
}

/// cities → commitments → operator → commitments, operators and observations: what
/// `n` cities cost in SQL statements must not depend on `n`.
fn tree(n: usize, page: &str, total: &str) -> String {
    format!(
        "{{ cities(first: {n}, orderBy: {{field: NAME}}) {{ edges {{ node {{
            commitments({page}) {{ {total} edges {{ node {{ id operator {{ commitments(first: 2) {{ {total} edges {{ node {{ id }} }} }} }} }} }} }}
            operators({page}) {{ {total} edges {{ node {{ name }} }} }}
            observations({page}) {{ {total} edges {{ node {{ period }} }} }} }} }} }} }}"
    )
}

fn statements_do_not_grow_with_parents(backend: Backend) {
    let server = server(backend);
    // After the second row: within every city's lists, so no page needs a count.
    let after = format!("first: 2, after: {:?}", cursors(&server)[1]);
    for (page, total) in [
        ("first: 3", ""),
        ("first: 3", "totalCount"),
        ("last: 2", ""),
        (after.as_str(), "totalCount"),
    ] {
        let two = statements(&server, &tree(2, page, total));
        let all = statements(&server, &tree(CITIES, page, total));
        assert_eq!(
            two, all,
            "{page} {total}: {two} statements for 2 cities, {all} for {CITIES}"
        );
    }
    // Lists are counted only when totalCount is asked.
    let without = statements(&server, &tree(CITIES, "first: 3", ""));
    let with = statements(&server, &tree(CITIES, "first: 3", "totalCount"));
    assert!(
        without < with,
        "{without} statements without totalCount, {with} with it"
    );
    // A page of 30 costs what a page of 3 does.
    assert_eq!(statements(&server, &tree(CITIES, "first: 30", "")), without);
}

/// The number of commitments whose position in their city satisfies `keep`.
fn count_commitments(keep: impl Fn(usize) -> bool) -> usize {
    (0..CITIES)
        .map(|c| (0..commitments_in(c)).filter(|&k| keep(k)).count())
        .sum()
}

fn bad_dates_are_refused_with_the_argument_and_the_forms(backend: Backend) {
    let server = server(backend);
    let commitments = "query($f: CommitmentFilter) { commitments(filter: $f) { totalCount } }";
    let stats =
        "query($f: CommitmentFilter) { commitmentStats(filter: $f, groupBy: CITY) { jobs } }";
    for (filter, argument) in [
        (
            json!({"agreementDate": {"from": "abc"}}),
            "agreementDate.from",
        ),
        (
            json!({"agreementDate": {"from": "june 2024"}}),
            "agreementDate.from",
        ),
        (
            json!({"agreementDate": {"from": "2024-13"}}),
            "agreementDate.from",
        ),
        (
            json!({"agreementDate": {"to": "2024-02-30"}}),
            "agreementDate.to",
        ),
        (json!({"horizon": {"from": "soon"}}), "horizon.from"),
        (json!({"horizon": {"to": "2026-Q5"}}), "horizon.to"),
    ] {
        for query in [commitments, stats] {
            let answer = server.graphql(query, json!({"f": filter}));
            assert_eq!(error_code(&answer), "BAD_USER_INPUT", "{filter}: {answer}");
            let text = message(&answer);
            assert!(text.contains(argument), "{filter}: {text}");
            assert!(
                text.contains("YYYY-MM-DD") && text.contains("YYYY-Qn"),
                "{text}"
            );
        }
    }
    for (query, argument) in [
        (
            r#"{ agreements(filter: {date: {from: "2024-13"}}) { totalCount } }"#,
            "date.from",
        ),
        (
            r#"{ documents(filter: {published: {to: "yesterday"}}) { totalCount } }"#,
            "published.to",
        ),
        (
            r#"{ observations(filter: {periodFrom: "soon"}) { totalCount } }"#,
            "periodFrom",
        ),
    ] {
        let answer = server.graphql(query, json!({}));
        assert_eq!(error_code(&answer), "BAD_USER_INPUT", "{query}");
        assert!(message(&answer).contains(argument), "{answer}");
    }
    // A range that ends before it starts is no range.
    let backwards = server.graphql(
        commitments,
        json!({"f": {"agreementDate": {"from": "2025", "to": "2024"}}}),
    );
    assert_eq!(error_code(&backwards), "BAD_USER_INPUT");
    assert!(message(&backwards).contains("agreementDate"));
    // A long bad value is quoted only in part.
    let long = server.graphql(
        commitments,
        json!({"f": {"horizon": {"from": "9".repeat(100_000)}}}),
    );
    assert_eq!(error_code(&long), "BAD_USER_INPUT");
    assert!(message(&long).len() < 400, "{} bytes", message(&long).len());
}

fn good_dates_still_filter(backend: Backend) {
    let server = server(backend);
    let agreements = |from: &str, to: Option<&str>| -> Vec<String> {
        let data = server.data(
            "query($from: String, $to: String) { agreements(filter: {date: {from: $from, to: $to}}, orderBy: {field: DATE}) { edges { node { date } } } }",
            json!({"from": from, "to": to}),
        );
        data["agreements"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["date"].as_str().unwrap().to_owned())
            .collect()
    };
    let late = ["2024-01-15", "2024-02", "2024-11-20", "2025-07"];
    assert_eq!(agreements("2024", None), late);
    assert_eq!(
        agreements(" 2024 ", None),
        late,
        "spaces around are ignored"
    );
    assert_eq!(agreements("2024", Some("2024")), late[..3]);
    assert_eq!(agreements("2024-02", Some("2024-02")), ["2024-02"]);
    assert_eq!(
        agreements("2024-01-15", Some("2024-02-29")),
        ["2024-01-15", "2024-02"]
    );
    assert_eq!(
        agreements("2024-Q1", Some("2024-Q1")),
        ["2024-01-15", "2024-02"]
    );
    assert_eq!(agreements("2024-S2", None), ["2024-11-20", "2025-07"]);
    assert_eq!(agreements("2023-W19", Some("2023-W19")), ["2023-05-10"]);

    let total = |filter: Value| -> usize {
        let data = server.data(
            "query($f: CommitmentFilter) { commitments(filter: $f) { totalCount } }",
            json!({"f": filter}),
        );
        data["commitments"]["totalCount"].as_u64().unwrap() as usize
    };
    let last = DATES.len() - 1;
    assert_eq!(
        total(json!({"agreementDate": {"from": "2025"}})),
        count_commitments(|k| k % DATES.len() == last)
    );
    assert_eq!(
        total(json!({"horizon": {"to": "2026"}})),
        count_commitments(|k| k % HORIZONS.len() < 2)
    );
    assert_eq!(
        total(json!({"horizon": {"from": "2027-Q1", "to": "2027-Q1"}})),
        count_commitments(|k| k % HORIZONS.len() == 2)
    );
}

fn search_text_is_bounded_and_literal(backend: Backend) {
    let server = server(backend);
    let search = "query($text: String!) { search(text: $text) { name } }";
    let huge = "a".repeat(3 * 1024 * 1024);
    let answer = server.graphql(search, json!({"text": huge}));
    assert_eq!(
        error_code(&answer),
        "BAD_USER_INPUT",
        "{}",
        message(&answer)
    );
    let text = message(&answer);
    assert!(text.contains("text") && text.contains("200"), "{text}");
    assert!(text.len() < 200, "the message quotes no input: {text}");
    let over = server.graphql(search, json!({"text": "a".repeat(201)}));
    assert_eq!(error_code(&over), "BAD_USER_INPUT");
    let at_limit = server.data(search, json!({"text": "a".repeat(200)}));
    assert_eq!(at_limit["search"], json!([]));
    let filter = server.graphql(
        "query($text: String) { companies(filter: {nameContains: $text}) { totalCount } }",
        json!({"text": huge}),
    );
    assert_eq!(error_code(&filter), "BAD_USER_INPUT");
    assert!(message(&filter).contains("nameContains"));

    // Wildcards are characters like any other.
    let found = |text: &str| server.data(search, json!({"text": text}))["search"].clone();
    assert_eq!(found("alpha"), json!([{"name": "Alpha Works"}]));
    assert_eq!(found("al%ha"), json!([]));
    assert_eq!(found("alp_a"), json!([]));
    let operators = server.data(
        r#"{ commitments(filter: {operatorNameContains: "operat%r"}) { totalCount } }"#,
        json!({}),
    );
    assert_eq!(operators["commitments"]["totalCount"], 0);

    let venues = |text: &str| -> Vec<String> {
        let data = server.data(
            "query($text: String) { agreements(filter: {venueContains: $text}) { edges { node { venue } } } }",
            json!({"text": text}),
        );
        let mut venues: Vec<String> = data["agreements"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["venue"].as_str().unwrap().to_owned())
            .collect();
        venues.sort();
        venues
    };
    assert_eq!(venues("100%"), ["Hall 100% Green"]);
    assert_eq!(venues("%"), ["Hall 100% Green"]);
    assert_eq!(venues("l_B"), ["Hall_B"]);
    assert_eq!(venues("_"), ["Hall_B"]);
    assert_eq!(venues("\\"), Vec::<String>::new());
    assert_eq!(venues("Hall").len(), 4);
}

on_both_backends!(
    city_commitments_page_like_the_flat_list,
    other_nested_lists_page_like_the_flat_lists,
    statements_do_not_grow_with_parents,
    bad_dates_are_refused_with_the_argument_and_the_forms,
    good_dates_still_filter,
    search_text_is_bounded_and_literal,
);
