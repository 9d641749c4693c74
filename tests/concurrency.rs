//! Writers at once, on SQLite and PostgreSQL: concurrent imports through the
//! server and through the CLI make each company, city and sector once, as
//! importing the files one after another would; migrations run once, under
//! a lock, and not at all on an up-to-date database; a write that meets
//! another waits and then answers DATABASE_BUSY; a statement past the
//! deadline is stopped with TIMEOUT.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::{mpsc, Barrier};
use std::time::Duration;

use common::{Backend, TestDb, TestServer, ADMIN_TOKEN};
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, RunQueryDsl};
use pledgegraph::ingest::import::{import, InputData};
use pledgegraph::store::{migrate, Migration, Store, StoreOptions, SCHEMA_VERSION};
use pledgegraph_importer::ImportRequest;
use serde_json::{json, Value};

/// How many imports run at once.
const WRITERS: usize = 6;

/// A writer told DATABASE_BUSY tries again, as the message asks, this often.
const ATTEMPTS: usize = 20;

/// Operators, their groups, cities, sectors and ministries that every
/// table names.
const PROJECTS: [(&str, &str, &str, &str, &str); 5] = [
    (
        "Sahara Aerostructures",
        "Aerolia Partners",
        "Casablanca",
        "Aéronautique",
        "Ministère de l'Industrie et du Commerce",
    ),
    (
        "Atlas Composites",
        "Aerolia Partners",
        "Casablanca",
        "Aéronautique",
        "Ministère de l'Industrie et du Commerce",
    ),
    (
        "Souss Fresh Foods",
        "",
        "Agadir",
        "Agroalimentaire",
        "Ministère de l'Agriculture",
    ),
    (
        "Meknès Olive Oils",
        "Oliveraie Holding",
        "Meknès",
        "Agroalimentaire",
        "Ministère de l'Agriculture",
    ),
    (
        "Marrakech Digital Services",
        "Northgate Systems",
        "Marrakech",
        "Services informatiques",
        "Ministère délégué chargé de la Transition numérique",
    ),
];

/// Table `n`: the shared projects with figures of its own, and one company
/// that only it names.
fn table(n: usize) -> String {
    let mut csv = String::from(
        "Entreprise;Groupe;Ville;Secteur;Emplois;Effectif actuel;Montant (MDH);Devise;\
         Date de signature;Ministère;Convention;Échéance\n",
    );
    for (i, (company, group, city, sector, ministry)) in PROJECTS.iter().enumerate() {
        csv.push_str(&format!(
            "{company};{group};{city};{sector};{};;{};;2024-06-{:02};{ministry};\
             Convention d'investissement;2027\n",
            100 + 10 * n + i,
            50 + n,
            10 + n % 18
        ));
    }
    csv.push_str(&format!(
        "Filature Numéro {n};;Tanger;Textile;{};;;;2024-07-01;\
         Ministère de l'Industrie et du Commerce;Convention d'investissement;2028\n",
        20 + n
    ));
    csv
}

#[derive(QueryableByName, Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Text)]
    b: String,
    #[diesel(sql_type = Text)]
    c: String,
}

/// The graph as sets that do not depend on which writer came first: nodes
/// by kind and matching key (with the country), edges by kind and the keys
/// of their ends.
#[derive(Debug, PartialEq, Eq)]
struct Graph {
    nodes: Vec<Row>,
    edges: Vec<Row>,
}

fn graph(store: &Store) -> Graph {
    store
        .run_blocking(|conn| {
            let nodes = diesel::sql_query(
                "SELECT kind AS a, match_key AS b, COALESCE(country, '') AS c FROM nodes \
                 ORDER BY kind, match_key, c",
            )
            .load(conn)?;
            let edges = diesel::sql_query(
                "SELECT e.kind AS a, f.kind || ':' || f.match_key AS b, t.kind || ':' || t.match_key AS c \
                 FROM edges e JOIN nodes f ON f.id = e.from_id JOIN nodes t ON t.id = e.to_id \
                 ORDER BY a, b, c",
            )
            .load(conn)?;
            Ok(Graph { nodes, edges })
        })
        .unwrap()
}

/// Each node once: no two share kind, matching key and country.
fn assert_each_node_once(graph: &Graph) {
    let mut seen = std::collections::BTreeSet::new();
    for node in &graph.nodes {
        assert!(seen.insert(node.clone()), "{node:?} twice in {graph:#?}");
    }
    assert!(
        graph.nodes.len() > PROJECTS.len(),
        "the tables were imported: {graph:#?}"
    );
}

/// The graph that importing `tables` one after another makes.
fn imported_one_by_one(backend: Backend, tables: &[String]) -> Graph {
    let db = TestDb::new(backend);
    let store = Store::open(db.url()).unwrap();
    let registry = common::registry();
    let csv = registry.find("csv").unwrap();
    for (n, table) in tables.iter().enumerate() {
        let request = ImportRequest {
            file_name: Some(format!("projects-{n}.csv")),
            ..ImportRequest::default()
        };
        let input = InputData::Bytes(table.clone().into_bytes());
        store
            .run_blocking(|conn| import(conn, csv, &request, &input))
            .unwrap();
    }
    graph(&store)
}

const IMPORT: &str = "mutation($name: String!, $content: String!) {
    importDocument(importer: \"csv\", filename: $name, content: $content) {
      alreadyImported nodesCreated } }";

fn import_once(server: &TestServer, n: usize, table: &str) -> Value {
    server.graphql_as(
        Some(ADMIN_TOKEN),
        IMPORT,
        json!({"name": format!("projects-{n}.csv"), "content": table}),
    )
}

/// Imports table `n` through the server, again while it answers busy.
fn import_through_server(server: &TestServer, n: usize, table: &str) {
    for _ in 0..ATTEMPTS {
        let answer = import_once(server, n, table);
        match answer["errors"][0]["extensions"]["code"].as_str() {
            None => {
                assert_eq!(
                    answer["data"]["importDocument"]["alreadyImported"], false,
                    "{answer}"
                );
                return;
            }
            Some("DATABASE_BUSY") => continue,
            Some(_) => panic!("table {n}: {answer:#}"),
        }
    }
    panic!("table {n}: still busy after {ATTEMPTS} attempts");
}

fn concurrent_mutations_make_each_node_once(backend: Backend) {
    let server = TestServer::empty(backend);
    let tables: Vec<String> = (0..WRITERS).map(table).collect();
    let start = Barrier::new(WRITERS);
    std::thread::scope(|scope| {
        for (n, table) in tables.iter().enumerate() {
            let (server, start) = (&server, &start);
            scope.spawn(move || {
                start.wait();
                import_through_server(server, n, table)
            });
        }
    });
    let concurrent = graph(&server.store);
    assert_each_node_once(&concurrent);
    assert_eq!(concurrent, imported_one_by_one(backend, &tables));
}

/// `pledgegraph import` of one file, again while it reports the database
/// busy. Returns its standard error.
fn import_with_cli(url: &str, file: &Path) -> String {
    for _ in 0..ATTEMPTS {
        let output = Command::new(env!("CARGO_BIN_EXE_pledgegraph"))
            .arg("--database-url")
            .arg(url)
            .arg("--plugins")
            .arg(common::plugin_dir())
            .args(["import", "--importer", "csv"])
            .arg(file)
            .output()
            .expect("run pledgegraph import");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            !stderr.contains("database is locked") && !stderr.contains("deadlock"),
            "a raw database error: {stderr}"
        );
        if output.status.success() {
            return stderr;
        }
        assert!(stderr.contains("busy"), "{}: {stderr}", file.display());
    }
    panic!("{}: still busy after {ATTEMPTS} attempts", file.display());
}

/// The processes also meet on a fresh database, which each of them
/// migrates at start.
fn concurrent_cli_imports_make_each_node_once(backend: Backend) {
    let db = TestDb::new(backend);
    let dir = tempfile::tempdir().unwrap();
    let tables: Vec<String> = (0..WRITERS).map(table).collect();
    let files: Vec<_> = tables
        .iter()
        .enumerate()
        .map(|(n, table)| {
            let file = dir.path().join(format!("projects-{n}.csv"));
            std::fs::write(&file, table).unwrap();
            file
        })
        .collect();
    common::plugin_dir();
    std::thread::scope(|scope| {
        for file in &files {
            let url = db.url();
            scope.spawn(move || import_with_cli(url, file));
        }
    });
    let store = Store::open(db.url()).unwrap();
    let concurrent = graph(&store);
    assert_each_node_once(&concurrent);
    assert_eq!(concurrent, imported_one_by_one(backend, &tables));
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(store: &Store, query: &str) -> i64 {
    store
        .run_blocking(|conn| Ok(diesel::sql_query(query).get_result::<Count>(conn)?.n))
        .unwrap()
}

fn versions(store: &Store) -> i64 {
    count(store, "SELECT count(*) AS n FROM schema_version")
}

fn has_index(store: &Store, name: &str) -> bool {
    let query = match store.backend() {
        pledgegraph::store::Backend::Sqlite => format!(
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = '{name}'"
        ),
        pledgegraph::store::Backend::Postgres => {
            format!("SELECT count(*) AS n FROM pg_indexes WHERE indexname = '{name}'")
        }
    };
    count(store, &query) == 1
}

/// Applying `schema.sql` again would bring back an index dropped by hand:
/// on an up-to-date database, starting leaves it dropped.
fn an_up_to_date_database_runs_no_ddl(backend: Backend) {
    let db = TestDb::new(backend);
    drop(Store::open(db.url()).unwrap());
    let store = Store::connect(db.url()).unwrap();
    store
        .run_blocking(|conn| Ok(conn.batch_execute("DROP INDEX nodes_country")?))
        .unwrap();
    assert_eq!(store.run_blocking(migrate).unwrap(), Migration::UpToDate);
    drop(Store::open(db.url()).unwrap());
    assert!(!has_index(&store, "nodes_country"));
    assert!(has_index(&store, "nodes_identity"));
    assert_eq!(versions(&store), 1);
}

fn a_newer_database_is_refused(backend: Backend) {
    let db = TestDb::new(backend);
    let store = Store::open(db.url()).unwrap();
    let newer = SCHEMA_VERSION + 1;
    store
        .run_blocking(|conn| {
            Ok(conn.batch_execute(&format!(
                "INSERT INTO schema_version (version, applied_at) VALUES ({newer}, 'later')"
            ))?)
        })
        .unwrap();
    let error = Store::open(db.url())
        .err()
        .expect("a newer schema is refused");
    let message = error.to_string();
    assert!(
        message.contains(&format!("schema version {newer}, newer than this binary's")),
        "{message}"
    );
    assert_eq!(versions(&store), 2, "nothing changed");
}

/// Servers starting together on a fresh database: one creates the schema,
/// the others wait for it and find it up to date.
fn simultaneous_migrations_make_one_schema(backend: Backend) {
    const SERVERS: usize = 4;
    let db = TestDb::new(backend);
    let start = Barrier::new(SERVERS);
    let mut outcomes: Vec<Migration> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..SERVERS)
            .map(|_| {
                let (url, start) = (db.url(), &start);
                scope.spawn(move || {
                    let store = Store::connect(url).unwrap();
                    start.wait();
                    store.run_blocking(migrate).unwrap()
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    outcomes.sort_by_key(|m| *m != Migration::Created);
    assert_eq!(outcomes[0], Migration::Created, "{outcomes:?}");
    assert!(
        outcomes[1..].iter().all(|m| *m == Migration::UpToDate),
        "{outcomes:?}"
    );
    let store = Store::connect(db.url()).unwrap();
    assert_eq!(versions(&store), 1);
}

/// While another write holds the database (as a long import would), an
/// import waits for it, then answers the documented busy error; once the
/// other write is done, the same import goes through.
fn a_write_that_meets_another_answers_busy(backend: Backend) {
    let server = TestServer::empty(backend);
    let (held, is_held) = mpsc::channel();
    let (release, is_released) = mpsc::channel::<()>();
    let store = server.store.clone();
    let holder = std::thread::spawn(move || {
        store.run_blocking(|conn| {
            pledgegraph::store::write::write_transaction(conn, |_| {
                held.send(()).unwrap();
                is_released.recv().ok();
                Ok(())
            })
        })
    });
    is_held.recv().unwrap();
    let answer = import_once(&server, 0, &table(0));
    let error = &answer["errors"][0];
    assert_eq!(error["extensions"]["code"], "DATABASE_BUSY", "{answer:#}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("busy with another write") && message.contains("try again"),
        "{message}"
    );
    release.send(()).unwrap();
    holder.join().unwrap().unwrap();
    let answer = import_once(&server, 0, &table(0));
    assert!(answer.get("errors").is_none(), "{answer:#}");
    assert_eq!(answer["data"]["importDocument"]["alreadyImported"], false);
}

/// A statement that would run for ever is stopped at the deadline with an
/// error naming the limit, and the store goes on answering.
fn a_statement_past_the_deadline_is_stopped(backend: Backend) {
    let db = TestDb::new(backend);
    let options = StoreOptions {
        statement_timeout: Duration::from_millis(300),
        ..StoreOptions::default()
    };
    let store = Store::open_with(db.url(), options).unwrap();
    let endless = match backend {
        Backend::Sqlite => {
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c"
        }
        Backend::Postgres => "SELECT pg_sleep(600)",
    };
    let error = store
        .run_blocking(|conn| Ok(diesel::sql_query(endless).execute(conn)?))
        .unwrap_err();
    assert_eq!(error.code(), "TIMEOUT", "{error}");
    assert!(error.to_string().contains("300ms"), "{error}");
    assert_eq!(count(&store, "SELECT count(*) AS n FROM nodes"), 0);
}

on_both_backends!(
    concurrent_mutations_make_each_node_once,
    concurrent_cli_imports_make_each_node_once,
    an_up_to_date_database_runs_no_ddl,
    a_newer_database_is_refused,
    simultaneous_migrations_make_one_schema,
    a_write_that_meets_another_answers_busy,
    a_statement_past_the_deadline_is_stopped,
);

/// Two PostgreSQL writers that skip the write lock (SQLite admits one
/// writer at a time whatever the SQL) and insert the same node at once:
/// the unique identity makes it one node, and both get its id.
#[test]
fn writers_that_skip_the_lock_still_make_one_node() {
    use diesel::Connection;
    use pledgegraph::store::write::{allocate_ids, insert_nodes, node_identity, IdTable, NewNode};
    let db = TestDb::new(Backend::Postgres);
    let store = Store::open(db.url()).unwrap();
    let both = Barrier::new(2);
    let ids: Vec<i64> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let (store, both) = (&store, &both);
                scope.spawn(move || {
                    store.run_blocking(|conn| {
                        conn.transaction::<_, pledgegraph::error::Error, _>(|conn| {
                            let id = allocate_ids(conn, IdTable::Nodes, 1)?[0];
                            both.wait();
                            let node = NewNode {
                                id,
                                kind: "city",
                                name: "Kénitra",
                                folded: "kenitra".into(),
                                match_key: "kenitra".into(),
                                country: Some("MA"),
                                attributes: "{}".into(),
                                identity_key: node_identity("city", "kenitra", Some("MA"), None),
                            };
                            let taken = insert_nodes(conn, &[node])?;
                            Ok(taken.first().map_or(id, |&(_, holder)| holder))
                        })
                    })
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().unwrap().unwrap())
            .collect()
    });
    assert_eq!(ids[0], ids[1]);
    assert_eq!(count(&store, "SELECT count(*) AS n FROM nodes"), 1);
}
