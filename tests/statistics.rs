//! Official statistics through the real plugin, on SQLite and PostgreSQL:
//! every format lands, the figures answer in GraphQL beside the sectors
//! they describe, and a bad file writes nothing.

mod common;

use std::path::{Path, PathBuf};

use common::{Backend, TestServer};
use pledgegraph::ingest::import::{import, InputData};
use pledgegraph::ingest::plugins::Registry;
use pledgegraph_importer::ImportRequest;
use serde_json::json;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../importers/official-stats/tests/fixtures")
}

/// Imports the file at `path` as `pledgegraph import` does: the importer
/// chosen by name and content, the path given for companion files.
fn import_file(
    server: &TestServer,
    registry: &Registry,
    path: &Path,
) -> Result<pledgegraph::ingest::ImportSummary, String> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let head = std::fs::read(path).unwrap();
    let plugin = registry
        .choose(Some(&name), &head[..head.len().min(8192)])
        .map_err(|e| e.to_string())?;
    let request = ImportRequest {
        file_name: Some(name),
        path: Some(path.to_string_lossy().into_owned()),
        ..Default::default()
    };
    let input = InputData::File(path.to_owned());
    server
        .store
        .run_blocking(|conn| import(conn, plugin, &request, &input))
        .map_err(|e| e.to_string())
}

fn import_demo(server: &TestServer, registry: &Registry, name: &str, text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    import_file(server, registry, &path).unwrap();
}

/// Each fixture and the observations it holds.
const FORMATS: [(&str, usize); 11] = [
    ("sdmx-csv-1.0.csv", 5),
    ("sdmx-csv-2.0-labels.csv", 2),
    ("sdmx-json-1.0.json", 3),
    ("sdmx-json-2.0.json", 2),
    ("sdmx-ml-2.1-generic.xml", 2),
    ("sdmx-ml-2.1-structure-specific.xml", 3),
    ("sdmx-ml-2.0-compact.xml", 2),
    ("jsonstat-2.0-dataset.json", 3),
    ("jsonstat-2.0-collection.json", 2),
    ("jsonstat-1.x-bundle.json", 2),
    ("worldbank/API_SL.SRV.EMPL.ZS_DS2_en_csv_v2_1.csv", 7),
];

fn every_format_lands_beside_its_sectors(backend: Backend) {
    let server = TestServer::empty(backend);
    let registry = common::registry();
    for (name, table) in pledgegraph::cli::demo::TABLES {
        import_demo(&server, &registry, name, table);
    }

    for (file, observations) in FORMATS {
        let summary = import_file(&server, &registry, &fixtures().join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        // The SDMX-CSV file also ties division N82 to section N.
        let edges = usize::from(file == "sdmx-csv-1.0.csv");
        assert_eq!(summary.facts, observations + edges, "{file}");
    }
    let total: usize = FORMATS.iter().map(|(_, n)| n).sum();
    let data = server.data(
        "{ observations { totalCount } indicators { code seriesCount observationCount } }",
        json!({}),
    );
    assert_eq!(data["observations"]["totalCount"], json!(total));
    let indicator = |code: &str| {
        data["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap_or_else(|| panic!("no indicator {code}"))
            .clone()
    };
    // EMP: annual N82 and N, quarterly J62 (all Morocco), monthly total (Tunisia), and the JSON 1.0 series.
    assert_eq!(
        indicator("EMP"),
        json!({"code": "EMP", "seriesCount": 6, "observationCount": 8})
    );
    assert_eq!(indicator("SL.SRV.EMPL.ZS")["seriesCount"], json!(2));

    // Statistics coded N82 and J62 meet the demo's Outsourcing sectors (ISIC N82, J62).
    let data = server.data(
        r#"{ country(code: "ma") { code series(indicator: "EMP", dimensions: [{key: "FREQ", value: "A"}]) {
              subject { name ... on Sector { parent { name } } } unit points { period value } } } }"#,
        json!({}),
    );
    assert_eq!(data["country"]["code"], "MA");
    let mut series = data["country"]["series"].as_array().unwrap().clone();
    series.sort_by_key(|s| s["subject"]["name"].as_str().unwrap().to_owned());
    assert_eq!(
        series,
        [
            // Section N, new, named by its code; Outsourcing is now part of it.
            json!({"subject": {"name": "ISIC Rev.4 N", "parent": null}, "unit": "PS",
                   "points": [{"period": "2022", "value": 131000.0}]}),
            json!({"subject": {"name": "Outsourcing", "parent": {"name": "ISIC Rev.4 N"}}, "unit": "PS",
                   "points": [{"period": "2021", "value": 118500.0}, {"period": "2022", "value": 126000.0}]}),
        ]
    );
    // NACE C29 (SDMX-JSON 2.0) and ISIC C29 (JSON-stat 1.x) both meet Automotive (ISIC C29).
    let automotive = server.id_of("SECTOR", "Automotive");
    let data = server.data(
        r#"query($id: ID!) { node(id: $id) { ... on Sector { observations { edges { node { indicator { code } period value } } } } } }"#,
        json!({"id": automotive}),
    );
    let mut seen: Vec<String> = data["node"]["observations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["node"]["indicator"]["code"].as_str().unwrap(),
                e["node"]["period"].as_str().unwrap()
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            "FDI_IN 2022",
            "FDI_IN 2023",
            "automotive_jobs 2022",
            "automotive_jobs 2023"
        ]
    );

    // A city dimension meets the city of that name (and country).
    let casablanca = server.id_of("CITY", "Casablanca");
    let data = server.data(
        r#"query($id: ID!) { node(id: $id) { ... on City { observations { edges { node { indicator { code } period value unit } } } } } }"#,
        json!({"id": casablanca}),
    );
    assert_eq!(
        data["node"]["observations"]["edges"],
        json!([{"node": {"indicator": {"code": "EMP_OFF"}, "period": "2023", "value": 64500.0, "unit": "persons"}},
               {"node": {"indicator": {"code": "EMP_OFF"}, "period": "2022", "value": 61000.0, "unit": "persons"}}])
    );

    // The sector filter takes in sub-sectors: Outsourcing's IT outsourcing (J62).
    let outsourcing = server.id_of("SECTOR", "Outsourcing");
    let data = server.data(
        r#"query($id: ID!) { observations(filter: {sector: $id, indicator: "EMP"}, orderBy: {field: PERIOD}) { edges { node { period subject { name } sources { key } } } } }"#,
        json!({"id": outsourcing}),
    );
    let periods: Vec<(&str, &str, &str)> = data["observations"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["period"].as_str().unwrap(),
                e["node"]["subject"]["name"].as_str().unwrap(),
                e["node"]["sources"][0]["key"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        periods,
        [
            ("2021", "Outsourcing", "A.MAR.EMP.N82.2021"),
            ("2022", "Outsourcing", "A.MAR.EMP.N82.2022"),
            ("2023-Q2", "IT outsourcing", "Q.MAR.EMP.J62.2023-Q2")
        ]
    );

    // Periods of any length filter by the day they start.
    let arrivals = |from: &str, to: &str| {
        let data = server.data(
            r#"query($from: String, $to: String) { observations(filter: {indicator: "ARRIVALS", periodFrom: $from, periodTo: $to}) { edges { node { period } } } }"#,
            json!({"from": from, "to": to}),
        );
        data["observations"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["period"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        arrivals("2024-01", "2024-01"),
        ["2024-W01", "2024-W02", "2024-01-15"]
    );
    assert_eq!(arrivals("2024", "2024-W01"), ["2024-W01"]);
    let refused = server.graphql(
        r#"{ observations(filter: {periodFrom: "soon"}) { totalCount } }"#,
        json!({}),
    );
    assert_eq!(refused["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");

    let capacity = server.data(
        r#"{ observations(filter: {geography: "ma", indicator: "RE_CAP"}) { totalCount } }"#,
        json!({}),
    );
    assert_eq!(
        capacity["observations"]["totalCount"], 2,
        "geography in any case"
    );

    // Aggregates keep their code; attributes and companions are there.
    let data = server.data(
        r#"{ country(code: "WLD") { indicators { code name unit } observations(first: 1) { edges { node { attributes { key value } } } } } }"#,
        json!({}),
    );
    assert_eq!(
        data["country"]["indicators"],
        json!([{"code": "SL.SRV.EMPL.ZS", "name": "Employment in services (% of total employment) (modeled ILO estimate)", "unit": "% of total employment"}])
    );
    assert!(
        data["country"]["observations"]["edges"][0]["node"]["attributes"]
            .as_array()
            .unwrap()
            .contains(&json!({"key": "AGGREGATE", "value": "true"}))
    );
}

/// The demo's sectors, projects and statistics: a sector's pledges beside
/// its employment and exports, official figures before quoted ones.
fn pledges_stand_beside_the_sector_statistics(backend: Backend) {
    use pledgegraph::cli::demo;
    let server = TestServer::empty(backend);
    let registry = common::registry();
    for (name, text) in demo::TABLES
        .into_iter()
        .chain([demo::PROJECTS])
        .chain(demo::STATISTICS)
    {
        import_demo(&server, &registry, name, text);
    }
    let query = r#"query($id: ID!) { node(id: $id) { ... on Sector { pledgesInContext {
          commitmentCount
          jobs { committed ratio official figure { indicator { code } period value } }
          investment { committed ratio official figure { period value unit } } } } } }"#;
    let context_of = |sector: &str| {
        let id = server.id_of("SECTOR", sector);
        server.data(query, json!({"id": id}))["node"]["pledgesInContext"].clone()
    };
    let context = context_of("Aerospace");
    assert_eq!(context["commitmentCount"], 2);
    assert_eq!(context["jobs"]["committed"], 650.0);
    assert_eq!(context["jobs"]["official"], true);
    assert_eq!(
        context["jobs"]["figure"],
        json!({"indicator": {"code": "EMP"}, "period": "2023", "value": 23800.0})
    );
    let ratio = context["jobs"]["ratio"].as_f64().unwrap();
    assert!((ratio - 650.0 / 23800.0).abs() < 1e-9, "{ratio}");
    assert_eq!(
        context["investment"],
        json!([{"committed": 415000000.0, "ratio": 415000000.0 / 26900000000.0, "official": true,
                "figure": {"period": "2023", "value": 26900000000.0, "unit": "MAD"}}])
    );

    // Releases quote newer figures (Aerospace: 20,000 employees in 2025, 26
    // bn MAD of exports in 2024): the official ones still stand, and a
    // sector with no statistics gets the quoted figure, marked as such.
    for (name, text) in demo::RELEASES {
        import_demo(&server, &registry, name, text);
    }
    let context = context_of("Aerospace");
    assert_eq!(context["jobs"]["figure"]["period"], "2023");
    assert_eq!(context["investment"][0]["figure"]["period"], "2023");
    let context = context_of("Renewable energy");
    assert_eq!(context["jobs"]["official"], false);
    assert_eq!(
        context["jobs"]["figure"],
        json!({"indicator": {"code": "employees"}, "period": "2025", "value": 15000.0})
    );
}

/// A bad value after several parts have been written: the whole file goes.
fn a_malformed_file_writes_nothing(backend: Backend) {
    let server = TestServer::empty(backend);
    let registry = common::registry();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    let mut text = String::from("DATAFLOW,FREQ,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n");
    for i in 0..12_000 {
        text.push_str(&format!(
            "PG:DF(1.0),M,MAR,EMP{},{}-{:02},{i}\n",
            i / 1000,
            2000 + i % 20,
            1 + i % 12
        ));
    }
    text.push_str("PG:DF(1.0),M,MAR,EMP,2021-01,twelve\n");
    std::fs::write(&path, text).unwrap();
    let error = import_file(&server, &registry, &path).unwrap_err();
    assert_eq!(
        error,
        "official-stats: line 12002: the value \"twelve\" is not a number"
    );
    for file in [
        "malformed/sdmx-ml-unclosed.xml",
        "malformed/jsonstat-wrong-size.json",
    ] {
        assert!(
            import_file(&server, &registry, &fixtures().join(file)).is_err(),
            "{file}"
        );
    }
    assert_eq!(
        server.data(
            "{ observations { totalCount } documents { totalCount } }",
            json!({})
        ),
        json!({"observations": {"totalCount": 0}, "documents": {"totalCount": 0}})
    );
}

#[test]
fn statistics_and_tables_both_ending_in_csv_find_their_importer() {
    let registry = common::registry();
    let choose =
        |name: &str, head: &[u8]| registry.choose(Some(name), head).unwrap().info.name.clone();
    let sdmx = std::fs::read(fixtures().join("sdmx-csv-1.0.csv")).unwrap();
    assert_eq!(choose("labour.csv", &sdmx), "official-stats");
    assert_eq!(
        choose(
            "projects.csv",
            pledgegraph::cli::demo::PROJECTS.1.as_bytes()
        ),
        "csv"
    );
    assert_eq!(
        choose(
            "data.json",
            br#"{"version": "2.0", "class": "dataset", "dimension": {}}"#
        ),
        "official-stats"
    );
}

on_both_backends!(
    every_format_lands_beside_its_sectors,
    pledges_stand_beside_the_sector_statistics,
    a_malformed_file_writes_nothing,
);
