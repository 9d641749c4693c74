//! Totals, `commitmentStats`, `pledgesInContext` and the cities and sectors
//! of a company are summed in the database: they must say what the flat
//! `commitments` list adds up to, and a query over many parents must cost
//! the statements it costs over two. On SQLite and on PostgreSQL, over a
//! graph made here.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Backend, TestServer};
use pledgegraph::graphql::ids;
use serde_json::{json, Value};

const OPERATORS: usize = 6;
const COMMITMENTS: usize = 60;
/// City names out of id order, so that ordering by name shows.
const CITIES: [&str; 6] = [
    "Rabat",
    "Agadir",
    "Tangier",
    "Casablanca",
    "Meknes",
    "Oujda",
];
const DATES: [Option<&str>; 6] = [
    Some("2022"),
    Some("2023-05"),
    Some("2023-11-02"),
    Some("2024"),
    Some("2024-06-30"),
    None,
];
/// The parties of each agreement besides its operator: two ministries,
/// one, a body that is no ministry, a ministry and that body, nobody.
const PARTIES: [&[&str]; 6] = [
    &["m0", "m1"],
    &["m0"],
    &["m1"],
    &["agency"],
    &["m0", "agency"],
    &[],
];
const CURRENCIES: [Option<&str>; 4] = [Some("MAD"), Some("EUR"), None, Some("USD")];
/// A commitment in Automotive and Wiring is in Industry's tree once.
const SECTORS: [&[&str]; 5] = [
    &[],
    &["wiring"],
    &["automotive", "wiring"],
    &["textiles"],
    &["services", "textiles"],
];
const HORIZONS: [Option<&str>; 3] = [Some("2025"), Some("2026-06"), None];

/// The `k`th commitment: some without jobs, agreement, investment, city,
/// sector or horizon, some with several cities or sectors.
fn commitment(k: usize) -> Value {
    let mut c = json!({"operator": format!("o{}", k % OPERATORS)});
    if k % 7 != 6 {
        c["agreement"] = json!(format!("a{}", (k / 2) % DATES.len()));
    }
    if k % 5 != 4 {
        c["jobs"] = json!(10 + 3 * k);
    }
    if k % 3 == 0 {
        c["existing_jobs"] = json!(k);
    }
    if let Some(currency) = CURRENCIES[k % CURRENCIES.len()] {
        // Quarters are exact in binary: the sums are exact in any order.
        let amount = 250_000.0 * k as f64 + 0.25 * (k % 3) as f64;
        c["investment"] = json!({"amount": amount, "currency": currency});
    }
    let city = |i: usize| format!("c{}", i % CITIES.len());
    c["cities"] = match (k + k / OPERATORS) % 3 {
        0 => json!([]),
        1 => json!([city(k)]),
        _ => json!([city(k), city(k + 1)]),
    };
    c["sectors"] = json!(SECTORS[k % SECTORS.len()]);
    if let Some(horizon) = HORIZONS[(k / 3) % HORIZONS.len()] {
        c["horizon"] = json!(horizon);
    }
    c
}

fn entity(id: &str, kind: &str, name: &str) -> Value {
    json!({"id": id, "type": kind, "name": name})
}

fn relation(kind: &str, from: &str, to: &str) -> Value {
    json!({"type": kind, "from": from, "to": to})
}

/// Two ministries and an agency; operators under a two-level group, under
/// another group and alone; a sector taxonomy; a city nobody commits in.
fn fixture() -> Value {
    let mut entities = vec![
        entity("m0", "ministry", "Ministry Zero"),
        entity("m1", "ministry", "Ministry One"),
        entity("agency", "agency", "Investment Agency"),
        entity("top", "company", "Top Group"),
        entity("mid", "company", "Mid Group"),
        entity("other", "company", "Other Group"),
        entity("industry", "sector", "Industry"),
        entity("automotive", "sector", "Automotive"),
        entity("wiring", "sector", "Wiring"),
        entity("textiles", "sector", "Textiles"),
        entity("services", "sector", "Services"),
        entity("empty", "city", "Zagora"),
    ];
    for o in 0..OPERATORS {
        entities.push(entity(
            &format!("o{o}"),
            "company",
            &format!("Operator {o}"),
        ));
    }
    for (c, name) in CITIES.iter().enumerate() {
        entities.push(entity(&format!("c{c}"), "city", name));
    }
    let relations = vec![
        relation("subsidiary_of", "mid", "top"),
        relation("subsidiary_of", "o0", "mid"),
        relation("subsidiary_of", "o1", "mid"),
        relation("subsidiary_of", "o2", "other"),
        relation("part_of", "automotive", "industry"),
        relation("part_of", "wiring", "automotive"),
        relation("part_of", "textiles", "industry"),
        // Sites come before the places of commitments, each place once.
        relation("located_in", "o3", "c5"),
        relation("headquartered_in", "o3", "c0"),
        relation("active_in", "o4", "services"),
        relation("active_in", "o4", "industry"),
    ];
    let agreements: Vec<Value> = (0..DATES.len())
        .map(|a| {
            let mut parties: Vec<String> = PARTIES[a].iter().map(|p| p.to_string()).collect();
            parties.push(format!("o{}", a % OPERATORS));
            let mut agreement =
                json!({"id": format!("a{a}"), "kind": "convention", "parties": parties});
            if let Some(date) = DATES[a] {
                agreement["date"] = json!(date);
            }
            agreement
        })
        .collect();
    let commitments: Vec<Value> = (0..COMMITMENTS).map(commitment).collect();
    json!({"format": "pledgegraph.batch/1", "document": {"kind": "table", "title": "aggregates fixture"},
           "entities": entities, "relations": relations, "agreements": agreements,
           "commitments": commitments})
}

fn server(backend: Backend) -> TestServer {
    let server = TestServer::empty(backend);
    let batch = serde_json::to_vec(&fixture()).unwrap();
    pledgegraph::cli::load_bytes(&server.store, &batch).unwrap();
    server
}

/// A commitment of the flat list, as the expectations read it.
struct Row {
    jobs: Option<i64>,
    existing_jobs: Option<i64>,
    investment: Option<(String, f64)>,
    horizon: Option<String>,
    operator: String,
    /// The operator's ultimate parent, or the operator.
    top: String,
    agreement: Option<String>,
    date: Option<String>,
    /// Every party of the agreement, with its kind.
    parties: Vec<(String, String)>,
    cities: Vec<(String, String)>,
    sectors: Vec<(String, String)>,
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

fn id_and_name(list: &Value) -> Vec<(String, String)> {
    let list = list.as_array().unwrap();
    list.iter()
        .map(|n| (text(&n["id"]).unwrap(), text(&n["name"]).unwrap()))
        .collect()
}

impl Row {
    fn of(node: &Value) -> Row {
        let agreement = &node["agreement"];
        let parties = agreement["parties"].as_array().cloned().unwrap_or_default();
        let operator = text(&node["operator"]["id"]).unwrap();
        Row {
            jobs: node["jobs"].as_i64(),
            existing_jobs: node["existingJobs"].as_i64(),
            investment: node["investment"]["amount"]
                .as_f64()
                .map(|amount| (text(&node["investment"]["currency"]).unwrap(), amount)),
            horizon: text(&node["horizon"]),
            top: text(&node["operator"]["ultimateParent"]["id"]).unwrap_or(operator.clone()),
            operator,
            agreement: text(&agreement["id"]),
            date: text(&agreement["date"]),
            parties: parties
                .iter()
                .map(|p| (text(&p["id"]).unwrap(), text(&p["kind"]).unwrap()))
                .collect(),
            cities: id_and_name(&node["cities"]),
            sectors: id_and_name(&node["sectors"]),
        }
    }
}

/// Every commitment `filter` selects, from the flat list.
fn flat(server: &TestServer, filter: Value) -> Vec<Row> {
    let data = server.data(
        "query($f: CommitmentFilter) { commitments(filter: $f, first: 100) { totalCount edges { node {
           jobs existingJobs investment { amount currency } horizon
           operator { id ultimateParent { id } } agreement { id date parties { id kind } }
           cities { id name } sectors { id name } } } } }",
        json!({"f": filter}),
    );
    let list = &data["commitments"];
    assert!(
        list["totalCount"].as_u64().unwrap() <= 100,
        "one page holds them all"
    );
    list["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| Row::of(&e["node"]))
        .collect()
}

/// What `rows` add up to, as `CommitmentTotals` says it.
fn totals<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Value {
    let (mut count, mut jobs, mut existing) = (0, 0, 0);
    let mut investment: BTreeMap<String, f64> = BTreeMap::new();
    for row in rows {
        count += 1;
        jobs += row.jobs.unwrap_or(0);
        existing += row.existing_jobs.unwrap_or(0);
        if let Some((currency, amount)) = &row.investment {
            *investment.entry(currency.clone()).or_default() += amount;
        }
    }
    let investment: Vec<Value> = investment
        .into_iter()
        .map(|(currency, amount)| json!({"amount": amount, "currency": currency}))
        .collect();
    json!({"commitmentCount": count, "jobs": jobs, "existingJobs": existing, "investment": investment})
}

const TOTALS: &str = "commitmentCount jobs existingJobs investment { amount currency }";

/// The nodes of a top-level list, all of them.
fn nodes(server: &TestServer, list: &str, fields: &str) -> Vec<Value> {
    let data = server.data(
        &format!("{{ {list}(first: 100) {{ totalCount edges {{ node {{ id {fields} }} }} }} }}"),
        json!({}),
    );
    let edges = data[list]["edges"].as_array().unwrap();
    assert_eq!(data[list]["totalCount"], edges.len());
    edges.iter().map(|e| e["node"].clone()).collect()
}

fn totals_add_up_the_flat_list(backend: Backend) {
    let server = server(backend);
    let all = flat(&server, json!({}));
    assert_eq!(all.len(), COMMITMENTS);
    let cities = nodes(&server, "cities", &format!("name totals {{ {TOTALS} }}"));
    assert_eq!(cities.len(), CITIES.len() + 1);
    for city in &cities {
        let id = text(&city["id"]).unwrap();
        let expected = totals(all.iter().filter(|r| r.cities.iter().any(|c| c.0 == id)));
        assert_eq!(city["totals"], expected, "{}", city["name"]);
    }
    let empty = cities.iter().find(|c| c["name"] == "Zagora").unwrap();
    assert_eq!(
        empty["totals"],
        json!({"commitmentCount": 0, "jobs": 0, "existingJobs": 0, "investment": []})
    );

    let companies = nodes(&server, "companies", &format!("name totals {{ {TOTALS} }}"));
    assert_eq!(companies.len(), OPERATORS + 3);
    for company in &companies {
        let id = text(&company["id"]).unwrap();
        let expected = totals(all.iter().filter(|r| r.operator == id));
        assert_eq!(company["totals"], expected, "{}", company["name"]);
    }

    let agreements = nodes(
        &server,
        "agreements",
        &format!("computedTotals {{ {TOTALS} }}"),
    );
    assert_eq!(agreements.len(), DATES.len());
    for agreement in &agreements {
        let id = text(&agreement["id"]);
        let expected = totals(all.iter().filter(|r| r.agreement == id));
        assert_eq!(agreement["computedTotals"], expected, "{id:?}");
    }

    let ministries = nodes(&server, "ministries", "name totalJobs");
    assert_eq!(ministries.len(), 2);
    for ministry in &ministries {
        let id = text(&ministry["id"]).unwrap();
        let under = all.iter().filter(|r| r.parties.iter().any(|p| p.0 == id));
        let expected: i64 = under.map(|r| r.jobs.unwrap_or(0)).sum();
        assert!(expected > 0);
        assert_eq!(ministry["totalJobs"], expected, "{}", ministry["name"]);
    }
}

/// The database id inside a global ID, as `commitmentStats` keys say it.
fn key_of(global: &str) -> String {
    let (_, id) = ids::decode(&async_graphql::ID(global.to_owned())).unwrap();
    id.to_string()
}

/// The groups of `group_by` over `rows`, as `commitmentStats` answers them:
/// largest first, ties in key order.
fn groups(rows: &[Row], group_by: &str) -> Value {
    let mut members: BTreeMap<Option<String>, (Option<String>, Vec<&Row>)> = BTreeMap::new();
    for row in rows {
        // (key, global id of the group's node)
        let keys: Vec<(String, Option<String>)> = match group_by {
            "CITY" => row
                .cities
                .iter()
                .map(|c| (key_of(&c.0), Some(c.0.clone())))
                .collect(),
            "SECTOR" => row
                .sectors
                .iter()
                .map(|s| (key_of(&s.0), Some(s.0.clone())))
                .collect(),
            "OPERATOR" => vec![(key_of(&row.operator), Some(row.operator.clone()))],
            "PARENT" => vec![(key_of(&row.top), Some(row.top.clone()))],
            "MINISTRY" => row
                .parties
                .iter()
                .filter(|p| p.1 == "MINISTRY")
                .map(|p| (key_of(&p.0), Some(p.0.clone())))
                .collect(),
            "YEAR" => row.date.iter().map(|d| (d[..4].to_owned(), None)).collect(),
            "HORIZON" => row.horizon.iter().map(|h| (h.clone(), None)).collect(),
            _ => unreachable!("{group_by}"),
        };
        if keys.is_empty() {
            members.entry(None).or_default().1.push(row);
        }
        for (key, node) in keys {
            let group = members.entry(Some(key)).or_default();
            group.0 = node;
            group.1.push(row);
        }
    }
    let mut found: Vec<(i64, Option<String>, Value)> = members
        .into_iter()
        .map(|(key, (node, rows))| {
            let mut group = totals(rows);
            let jobs = group["jobs"].as_i64().unwrap();
            group["key"] = json!(key);
            group["node"] = node.map_or(Value::Null, |id| json!({"id": id}));
            (jobs, key, group)
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Value::Array(found.into_iter().map(|(_, _, group)| group).collect())
}

const GROUP_BY: [&str; 7] = [
    "CITY", "SECTOR", "OPERATOR", "PARENT", "MINISTRY", "YEAR", "HORIZON",
];

fn stats_add_up_the_flat_list(backend: Backend) {
    let server = server(backend);
    let ministry = server.id_of("MINISTRY", "Ministry Zero");
    let city = server.id_of("CITY", "Agadir");
    let sector = server.id_of("SECTOR", "Industry");
    let group = server.id_of("COMPANY", "Top Group");
    let filters = [
        json!({}),
        json!({"horizon": {"from": "2026"}}),
        json!({"ministry": ministry}),
        json!({"city": city}),
        json!({"sector": sector}),
        json!({"parent": group}),
        json!({"agreementDate": {"from": "2023", "to": "2023"}}),
    ];
    for filter in filters {
        let rows = flat(&server, filter.clone());
        assert!(!rows.is_empty(), "{filter}");
        for group_by in GROUP_BY {
            let query = format!(
                "query($f: CommitmentFilter) {{ commitmentStats(filter: $f, groupBy: {group_by}) {{ key node {{ id }} {TOTALS} }} }}"
            );
            let answer = server.data(&query, json!({"f": filter}));
            assert_eq!(
                answer["commitmentStats"],
                groups(&rows, group_by),
                "{group_by}, {filter}"
            );
        }
    }
    // Nothing matched: no groups.
    let none = server.data(
        r#"{ commitmentStats(groupBy: CITY, filter: {horizon: {from: "2090"}}) { key } }"#,
        json!({}),
    );
    assert_eq!(none["commitmentStats"], json!([]));
}

fn pledges_count_each_commitment_of_the_tree_once(backend: Backend) {
    let server = server(backend);
    let sectors = nodes(
        &server,
        "sectors",
        "name pledgesInContext { commitmentCount jobs { committed } investment { committed } }",
    );
    assert_eq!(sectors.len(), 5);
    for sector in &sectors {
        // The flat list's sector filter takes in the sub-sectors, each commitment once.
        let rows = flat(&server, json!({"sector": sector["id"]}));
        let expected = totals(&rows);
        let context = &sector["pledgesInContext"];
        assert_eq!(
            context["commitmentCount"], expected["commitmentCount"],
            "{}",
            sector["name"]
        );
        assert_eq!(
            context["jobs"]["committed"].as_f64(),
            expected["jobs"].as_f64(),
            "{}",
            sector["name"]
        );
        let committed: Vec<Value> = expected["investment"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| json!({"committed": m["amount"]}))
            .collect();
        assert_eq!(
            context["investment"],
            json!(committed),
            "{}",
            sector["name"]
        );
    }
    // Every commitment that names a sector names one under Industry.
    let industry = sectors.iter().find(|s| s["name"] == "Industry").unwrap();
    let with_sectors = (0..COMMITMENTS).filter(|k| !SECTORS[k % SECTORS.len()].is_empty());
    assert_eq!(
        industry["pledgesInContext"]["commitmentCount"],
        with_sectors.count()
    );
}

/// `places` without the ones already in `first`, each once, by name.
fn after(
    first: &[(String, String)],
    places: impl IntoIterator<Item = (String, String)>,
) -> Vec<String> {
    let seen: BTreeSet<&String> = first.iter().map(|p| &p.0).collect();
    let mut rest: Vec<(String, i64, String)> = places
        .into_iter()
        .filter(|p| !seen.contains(&p.0))
        .map(|(id, name)| (name, key_of(&id).parse().unwrap(), id))
        .collect();
    rest.sort();
    rest.dedup();
    first
        .iter()
        .map(|p| p.1.clone())
        .chain(rest.into_iter().map(|p| p.0))
        .collect()
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| text(&n["name"]).unwrap())
        .collect()
}

fn company_places_are_its_sites_then_its_commitments(backend: Backend) {
    let server = server(backend);
    let all = flat(&server, json!({}));
    let companies = nodes(
        &server,
        "companies",
        "name cities { id name } sectors { id name }",
    );
    let named = |name: &str| (server.id_of("CITY", name), name.to_owned());
    for company in &companies {
        let id = text(&company["id"]).unwrap();
        let own: Vec<&Row> = all.iter().filter(|r| r.operator == id).collect();
        let (sites, activities) = match company["name"].as_str().unwrap() {
            "Operator 3" => (vec![named("Oujda"), named("Rabat")], vec![]),
            "Operator 4" => (
                vec![],
                vec![
                    (server.id_of("SECTOR", "Industry"), "Industry".to_owned()),
                    (server.id_of("SECTOR", "Services"), "Services".to_owned()),
                ],
            ),
            _ => (vec![], vec![]),
        };
        let cities = after(&sites, own.iter().flat_map(|r| r.cities.clone()));
        let sectors = after(&activities, own.iter().flat_map(|r| r.sectors.clone()));
        assert_eq!(names(&company["cities"]), cities, "{}", company["name"]);
        assert_eq!(names(&company["sectors"]), sectors, "{}", company["name"]);
    }
    let operator3 = companies
        .iter()
        .find(|c| c["name"] == "Operator 3")
        .unwrap();
    assert!(
        names(&operator3["cities"]).len() > 2,
        "sites and commitments"
    );
}

fn statements(server: &TestServer, query: &str) -> u64 {
    // Once before counting: the pool may open a connection the first time.
    server.data(query, json!({}));
    let before = server.store.statements_run();
    server.data(query, json!({}));
    server.store.statements_run() - before
}

fn statements_do_not_grow_with_parents(backend: Backend) {
    let server = server(backend);
    let queries: [(&str, usize, usize); 5] = [
        ("cities(first: {n}, orderBy: {field: NAME}) { edges { node { totals { jobs investment { amount currency } } } } }", 2, CITIES.len() + 1),
        ("companies(first: {n}, orderBy: {field: NAME}) { edges { node { totals { jobs } cities { name } sectors { name } } } }", 2, OPERATORS + 3),
        ("agreements(first: {n}) { edges { node { computedTotals { commitmentCount investment { amount } } } } }", 2, DATES.len()),
        ("ministries(first: {n}) { edges { node { totalJobs } } }", 1, 2),
        ("agreements(first: {n}) { edges { node { commitments(first: 5) { edges { node { operator { totals { jobs } cities { name } sectors { name } } } } } } } }", 2, DATES.len()),
    ];
    for (query, few, many) in queries {
        let at = |n: usize| format!("{{ {} }}", query.replace("{n}", &n.to_string()));
        let (few_cost, many_cost) = (
            statements(&server, &at(few)),
            statements(&server, &at(many)),
        );
        assert_eq!(
            few_cost, many_cost,
            "{query}: {few_cost} statements for {few} parents, {many_cost} for {many}"
        );
    }
    // However many commitments a filter matches, and groups they make. (The
    // ultimate parent walks the ownership chains: one statement per level.)
    // Operator 2 commits in cities and sectors, under a ministry's agreements.
    let operator = server.id_of("COMPANY", "Operator 2");
    for group_by in GROUP_BY.into_iter().filter(|g| *g != "PARENT") {
        let stats = |filter: &str| {
            let query = format!(
                "{{ commitmentStats(groupBy: {group_by}{filter}) {{ key node {{ id }} {TOTALS} }} }}"
            );
            statements(&server, &query)
        };
        let one = stats(&format!(", filter: {{operator: {operator:?}}}"));
        assert_eq!(one, stats(""), "{group_by}");
    }
}

on_both_backends!(
    totals_add_up_the_flat_list,
    stats_add_up_the_flat_list,
    pledges_count_each_commitment_of_the_tree_once,
    company_places_are_its_sites_then_its_commitments,
    statements_do_not_grow_with_parents,
);
