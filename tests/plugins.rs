//! The plugin host with real libraries: the CSV importer, and fixtures that
//! are broken on purpose. Imports run on SQLite and on PostgreSQL.

mod common;

use common::{Backend, TestServer};
use pledgegraph::error::Error;
use pledgegraph::ingest::import::{extract, import, InputData};
use pledgegraph::ingest::plugins::Registry;
use pledgegraph_importer::ImportRequest;
use serde_json::json;

fn registry() -> Registry {
    common::registry()
}

fn request(name: &str) -> ImportRequest {
    ImportRequest {
        file_name: Some(name.to_owned()),
        ..Default::default()
    }
}

#[test]
fn every_library_is_listed_or_reported() {
    let registry = registry();
    let names: Vec<&str> = registry
        .plugins
        .iter()
        .map(|p| p.info.name.as_str())
        .collect();
    assert!(
        names.contains(&"csv") && names.contains(&"panicking"),
        "{names:?}"
    );
    let reason = |file: &str| {
        registry
            .rejected
            .iter()
            .find(|r| r.path.file_name().unwrap().to_string_lossy().contains(file))
            .unwrap_or_else(|| panic!("{file} not reported"))
            .reason
            .clone()
    };
    assert_eq!(
        reason("wrong_abi"),
        "wrong ABI version: the library has 999, this server needs 1"
    );
    assert!(reason("not_a_plugin").starts_with("not a pledgegraph importer"));
}

#[test]
fn the_importer_is_chosen_by_extension_or_content() {
    let registry = registry();
    assert_eq!(
        registry
            .choose(Some("projects.CSV"), b"")
            .unwrap()
            .info
            .name,
        "csv"
    );
    let head = "entreprise;ville;emplois\nA;B;1\n".as_bytes();
    assert_eq!(
        registry.choose(Some("export.dat"), head).unwrap().info.name,
        "csv"
    );
    assert!(registry.choose(Some("notes.dat"), b"hello").is_err());
}

fn a_panicking_importer_is_an_error_and_the_server_goes_on(backend: Backend) {
    let server = TestServer::empty(backend);
    let registry = registry();
    let plugin = registry.find("panicking").unwrap();
    let input = InputData::Bytes(b"anything".to_vec());
    let err = server
        .store
        .run_blocking(|conn| import(conn, plugin, &request("x.boom"), &input))
        .unwrap_err();
    assert!(matches!(err, Error::ImportFailed(_)));
    assert_eq!(
        err.to_string(),
        "importer panicking panicked: this importer always panics"
    );
    assert_eq!(server.get("/healthz").0, 200);
    assert_eq!(
        server.data("{ documents { totalCount } }", json!({})),
        json!({"documents": {"totalCount": 0}})
    );
}

fn projects_csv(rows: usize, bad_last_row: bool) -> Vec<u8> {
    let mut csv = String::from("Entreprise;Groupe;Ville;Emplois;Montant (MDH)\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "Operator {};Group {};City {};{};{},5\n",
            i % 900,
            i % 30,
            i % 12,
            10 + i % 50,
            i % 20
        ));
    }
    if bad_last_row {
        csv.push_str("Operator X;;City 1;many;1\n");
    }
    csv.into_bytes()
}

fn csv_imports_are_atomic_and_idempotent(backend: Backend) {
    let server = TestServer::empty(backend);
    let registry = registry();
    let csv = registry.find("csv").unwrap();
    let count = || {
        server.data(
            "{ commitments { totalCount } companies { totalCount } documents { totalCount } }",
            json!({}),
        )
    };

    // The bad row comes after a part of 5,000 rows has been written: all of it goes.
    let bad = InputData::Bytes(projects_csv(6_000, true));
    let err = server
        .store
        .run_blocking(|conn| import(conn, csv, &request("bad.csv"), &bad))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "csv: row 6001, column \"Emplois\": \"many\" is not a number of jobs"
    );
    assert_eq!(
        count(),
        json!({"commitments": {"totalCount": 0}, "companies": {"totalCount": 0}, "documents": {"totalCount": 0}})
    );

    let good = InputData::Bytes(projects_csv(6_000, false));
    let summary = server
        .store
        .run_blocking(|conn| import(conn, csv, &request("good.csv"), &good))
        .unwrap();
    assert_eq!(
        summary.facts,
        6_000 + 900,
        "commitments and subsidiary_of edges"
    );
    let after = count();
    assert_eq!(
        after,
        json!({"commitments": {"totalCount": 6000}, "companies": {"totalCount": 930}, "documents": {"totalCount": 1}})
    );
    let again = server
        .store
        .run_blocking(|conn| import(conn, csv, &request("good.csv"), &good))
        .unwrap();
    assert!(again.already_imported);
    assert_eq!(count(), after);

    let data = server.data(
        r#"{ commitments(first: 1) { edges { node { investment { amount currency } sources { row column document { title kind } } } } } }"#,
        json!({}),
    );
    assert_eq!(
        data["commitments"]["edges"][0]["node"],
        json!({"investment": {"amount": 500000.0, "currency": "MAD"},
               "sources": [{"row": 1, "column": "Emplois", "document": {"title": "good.csv", "kind": "table"}}]})
    );
}

fn malformed_tables_are_refused_whole(backend: Backend) {
    let server = TestServer::empty(backend);
    let registry = registry();
    let csv = registry.find("csv").unwrap();
    // UTF-8 for long enough to be taken for UTF-8, then a Windows-1252 byte.
    let mut mixed = b"entreprise;ville;emplois\n".to_vec();
    for i in 0..5_000 {
        mixed.extend(format!("Opérateur {i};Fès;{i}\n").into_bytes());
    }
    mixed.extend(b"Op\xe9rateur;F\xe8s;1\n");
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            mixed,
            "row 5001: line 5002: bytes that are not UTF-8 in a file that is UTF-8 elsewhere",
        ),
        (
            b"entreprise,emplois\nAtlas,12\nNordline,7,extra\n".to_vec(),
            "row 2 has 3 cells, the header has 2",
        ),
        (
            b"entreprise,emplois\nAtlas,12\nNordline,sept\n".to_vec(),
            "\"sept\" is not a number of jobs",
        ),
        (
            b"colour,shape\nred,round\n".to_vec(),
            "is neither a table of projects",
        ),
        (
            b"entreprise,montant\nAtlas,12\n".to_vec(),
            "names no currency",
        ),
    ];
    for (bytes, expected) in cases {
        let input = InputData::Bytes(bytes);
        let err = server
            .store
            .run_blocking(|conn| import(conn, csv, &request("bad.csv"), &input))
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{err:?} should say {expected:?}");
    }
    assert_eq!(
        server.data(
            "{ companies { totalCount } documents { totalCount } }",
            json!({})
        ),
        json!({"companies": {"totalCount": 0}, "documents": {"totalCount": 0}})
    );
}

fn overlapping_files_land_on_the_same_nodes(backend: Backend) {
    let server = TestServer::empty(backend);
    let registry = registry();
    let csv = registry.find("csv").unwrap();
    let first = InputData::Bytes(b"company,city,jobs\nCNEXIA,Fez,1750\n".to_vec());
    let second = InputData::Bytes(b"entreprise;ville;emplois\nCnexia SA;Fez;200\n".to_vec());
    for (name, input) in [("a.csv", &first), ("b.csv", &second)] {
        server
            .store
            .run_blocking(|conn| import(conn, csv, &request(name), input))
            .unwrap();
    }
    let data = server.data(
        "{ companies { edges { node { name aliases totals { jobs } } } } }",
        json!({}),
    );
    assert_eq!(
        data["companies"]["edges"],
        json!([{"node": {"name": "CNEXIA", "aliases": ["Cnexia SA"], "totals": {"jobs": 1950}}}])
    );
}

#[test]
fn the_sdk_guide_example_is_a_working_plugin() {
    let registry = registry();
    let example = registry.find("pledge-lines").unwrap();
    let input = InputData::Bytes(
        "Cnexia | Fès | 1750\nAcme | Oujda | 12\n"
            .as_bytes()
            .to_vec(),
    );
    let batches = extract(example, &request("list.pledges"), &input).unwrap();
    assert_eq!(batches[0].commitments.len(), 2);
    assert_eq!(
        registry
            .choose(Some("list.pledges"), b"")
            .unwrap()
            .info
            .name,
        "pledge-lines"
    );
    let bad = InputData::Bytes(b"Cnexia | F\xc3\xa8s\n".to_vec());
    let err = extract(example, &request("bad.pledges"), &bad).unwrap_err();
    assert_eq!(
        err.to_string(),
        "pledge-lines: line 1: expected Operator | City | jobs"
    );
}

#[test]
fn extract_touches_no_database() {
    let registry = registry();
    let csv = registry.find("csv").unwrap();
    let input = InputData::Bytes(b"ville,latitude,longitude\nOujda,34.68,-1.91\n".to_vec());
    let batches = extract(csv, &request("cities.csv"), &input).unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].entities[0].attributes["latitude"], "34.68");
}

/// `pledgegraph extract FILE | head -1`: the reader closes the pipe after
/// one line; the command ends quietly, without a panic.
#[test]
fn extract_into_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let release = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/releases");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pledgegraph"))
        .arg("--plugins")
        .arg(common::plugin_dir())
        .args(["extract", "--importer", "press-release"])
        .arg(release.join("fr-aeronautique-nouaceur.txt"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run pledgegraph extract");
    drop(child.stdout.take());
    let status = child.wait().expect("pledgegraph extract ends");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(status.success(), "{status}: {stderr}");
}

const IMPORT: &str = "mutation($content: String!) {
    importDocument(filename: \"cities.csv\", content: $content) {
      documentId importer alreadyImported nodesCreated facts } }";

fn the_import_mutation_needs_the_admin_token(backend: Backend) {
    let server = TestServer::empty(backend);
    let content = json!({"content": "ville;région\nOujda;Oriental\nNador;Oriental\n"});
    let code = |answer: &serde_json::Value| answer["errors"][0]["extensions"]["code"].clone();

    let anonymous = server.graphql(IMPORT, content.clone());
    assert_eq!(code(&anonymous), "UNAUTHENTICATED");
    let wrong = server.graphql_as(Some("guess"), IMPORT, content.clone());
    assert_eq!(code(&wrong), "FORBIDDEN");
    assert_eq!(
        server.data("{ cities { totalCount } }", json!({})),
        json!({"cities": {"totalCount": 0}})
    );

    let done = server.graphql_as(Some(common::ADMIN_TOKEN), IMPORT, content.clone());
    assert_eq!(done["data"]["importDocument"]["importer"], "csv", "{done}");
    assert_eq!(done["data"]["importDocument"]["nodesCreated"], 2);
    assert_eq!(done["data"]["importDocument"]["alreadyImported"], false);
    let again = server.graphql_as(Some(common::ADMIN_TOKEN), IMPORT, content);
    assert_eq!(again["data"]["importDocument"]["alreadyImported"], true);
    assert_eq!(
        server.data("{ cities { totalCount } }", json!({})),
        json!({"cities": {"totalCount": 2}})
    );

    let refused = server.graphql_as(
        Some(common::ADMIN_TOKEN),
        r#"mutation { importDocument(importer: "panicking", content: "x") { facts } }"#,
        json!({}),
    );
    assert_eq!(code(&refused), "IMPORT_FAILED");
    assert_eq!(
        server.get("/healthz").0,
        200,
        "a panicking importer does not take the server down"
    );
}

/// A Windows-1252 table cannot travel as a GraphQL string: its bytes go in
/// base64, and importer options travel beside them.
fn the_import_mutation_takes_bytes_in_base64(backend: Backend) {
    use base64::Engine;
    let server = TestServer::empty(backend);
    // "Fès" and "Kénitra" in Windows-1252, and a bad row that the option skips.
    let table = b"ville;latitude\nF\xe8s;34.03\nK\xe9nitra;nord\n";
    let query = "mutation($content: String!) {
        importDocument(filename: \"villes.csv\", content: $content, encoding: BASE64,
                       options: [{key: \"skip_bad_rows\", value: \"true\"}]) {
          nodesCreated warnings } }";
    let content = base64::engine::general_purpose::STANDARD.encode(table);
    let done = server.graphql_as(
        Some(common::ADMIN_TOKEN),
        query,
        json!({"content": content}),
    );
    assert_eq!(done["data"]["importDocument"]["nodesCreated"], 1, "{done}");
    let warnings = done["data"]["importDocument"]["warnings"].to_string();
    assert!(
        warnings.contains("nord"),
        "the skipped row is reported: {warnings}"
    );
    assert_eq!(
        server.data("{ cities { edges { node { name } } } }", json!({})),
        json!({"cities": {"edges": [{"node": {"name": "Fès"}}]}})
    );

    let garbled = server.graphql_as(
        Some(common::ADMIN_TOKEN),
        query,
        json!({"content": "not base64!"}),
    );
    assert_eq!(garbled["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
}

const RELEASE_FACTS: &str = "{
    commitments(first: 10) { nodes { jobs operator { name } cities { name } sources { quote } } }
    agreements { nodes { kind count statedTotals { jobs } sources { quote } } }
    documents { nodes { importer warnings } } }";

/// A release imported through the mutation, as a newsroom's tool would:
/// every commitment lands with the sentence that states it.
fn a_release_through_the_mutation_lands_with_its_sentences(backend: Backend) {
    let server = TestServer::empty(backend);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/releases");
    let html = std::fs::read_to_string(root.join("fr-textile-tanger.html")).unwrap();
    let done = server.graphql_as(
        Some(common::ADMIN_TOKEN),
        "mutation($content: String!) {
            importDocument(filename: \"fr-textile-tanger.html\", content: $content) { importer facts } }",
        json!({"content": html}),
    );
    assert_eq!(
        done["data"]["importDocument"]["importer"], "press-release",
        "{done}"
    );
    let facts = server.data(RELEASE_FACTS, json!({}));
    let commitments = facts["commitments"]["nodes"].as_array().unwrap();
    let lunaria = commitments
        .iter()
        .find(|c| c["operator"]["name"] == "Lunaria Denim")
        .expect("Lunaria Denim's commitment");
    assert_eq!(lunaria["jobs"], 1200);
    assert_eq!(lunaria["cities"], json!([{"name": "Tanger"}]));
    // The quote is the page's text as read: spaces made plain, bullets dropped.
    assert_eq!(
        lunaria["sources"][0]["quote"],
        "Lunaria Denim, filiale du groupe turc Lunaria Tekstil, investira 300 millions de dirhams à Tanger et créera 1 200 emplois."
    );
    assert_eq!(
        facts["agreements"]["nodes"][0]["statedTotals"]["jobs"],
        2150
    );
}

/// A release imported from the command line's code path, with figures that
/// do not add up: the warning stays with the document.
fn a_release_file_keeps_its_warnings(backend: Backend) {
    let server = TestServer::empty(backend);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("release.txt");
    std::fs::write(
        &path,
        "Rabat, le 3 mars 2025 - Deux conventions ont été signées pour 1 000 emplois au total. \
         Atlas Digital s'engage à créer 300 emplois à Fès. Borj Services s'engage à créer 400 emplois à Oujda.",
    )
    .unwrap();
    let registry = registry();
    let plugin = registry.find("press-release").unwrap();
    let request = ImportRequest {
        file_name: Some("release.txt".into()),
        ..Default::default()
    };
    let summary = server
        .store
        .run_blocking(|conn| import(conn, plugin, &request, &InputData::File(path.clone())))
        .unwrap();
    assert_eq!(
        summary.facts, 3,
        "an agreement and two commitments: {summary:?}"
    );
    let facts = server.data(RELEASE_FACTS, json!({}));
    let document = &facts["documents"]["nodes"][0];
    assert_eq!(document["importer"], "press-release");
    assert!(
        document["warnings"][0]
            .as_str()
            .unwrap()
            .contains("add up to 700"),
        "{document}"
    );
    assert_eq!(
        facts["agreements"]["nodes"][0]["sources"][0]["quote"],
        "Rabat, le 3 mars 2025 - Deux conventions ont été signées pour 1 000 emplois au total."
    );
}

fn without_an_admin_token_mutations_are_disabled(backend: Backend) {
    let server = TestServer::start(backend, Default::default());
    let answer = server.graphql_as(
        Some("anything"),
        IMPORT,
        json!({"content": "ville\nOujda\n"}),
    );
    assert_eq!(answer["errors"][0]["extensions"]["code"], "FORBIDDEN");
    assert!(answer["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("PLEDGEGRAPH_ADMIN_TOKEN"));
}

on_both_backends!(
    the_import_mutation_needs_the_admin_token,
    the_import_mutation_takes_bytes_in_base64,
    a_release_through_the_mutation_lands_with_its_sentences,
    a_release_file_keeps_its_warnings,
    without_an_admin_token_mutations_are_disabled,
    a_panicking_importer_is_an_error_and_the_server_goes_on,
    csv_imports_are_atomic_and_idempotent,
    malformed_tables_are_refused_whole,
    overlapping_files_land_on_the_same_nodes,
);
