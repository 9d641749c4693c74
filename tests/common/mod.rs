//! What the end-to-end tests share: a database of each backend made for the
//! test and dropped after it, and the real server on an ephemeral port.

#![allow(dead_code)] // each test binary uses its own part of this module

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use diesel::{Connection, PgConnection, RunQueryDsl};
use pledgegraph::store::Store;
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The admin token of the servers tests start.
pub const ADMIN_TOKEN: &str = "test-admin-token";

/// The PostgreSQL server the tests create their databases on. Override with
/// PLEDGEGRAPH_TEST_POSTGRES (an URL to any database of that server).
pub fn postgres_admin_url() -> String {
    std::env::var("PLEDGEGRAPH_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database that exists for one test.
pub enum TestDb {
    Sqlite {
        _dir: tempfile::TempDir,
        url: String,
    },
    Postgres {
        name: String,
        url: String,
    },
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestDb {
    pub fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = dir.path().join("test.db").to_string_lossy().into_owned();
                TestDb::Sqlite { _dir: dir, url }
            }
            Backend::Postgres => {
                let name = format!(
                    "pledgegraph_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap()
                        .subsec_nanos()
                );
                let admin = postgres_admin_url();
                let mut conn = PgConnection::establish(&admin).unwrap_or_else(|e| {
                    panic!("PostgreSQL is needed for these tests ({admin}): {e}")
                });
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .unwrap();
                let base = admin.rsplit_once('/').map(|(base, _)| base).unwrap();
                let url = format!("{base}/{name}");
                TestDb::Postgres { name, url }
            }
        }
    }

    pub fn url(&self) -> &str {
        match self {
            TestDb::Sqlite { url, .. } | TestDb::Postgres { url, .. } => url,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { name, .. } = self {
            if let Ok(mut conn) = PgConnection::establish(&postgres_admin_url()) {
                // FORCE: the server under test may still hold pooled connections.
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn);
            }
        }
    }
}

/// The server under test, its store, and its database.
pub struct TestServer {
    pub base: String,
    pub store: Store,
    handle: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
    // Last: the database goes after the server has stopped.
    pub db: TestDb,
}

impl TestServer {
    /// A server over an empty database of `backend`, with the plugins and
    /// [`ADMIN_TOKEN`].
    pub fn empty(backend: Backend) -> TestServer {
        let plugins = registry();
        TestServer::start(
            backend,
            pledgegraph::http::ServerConfig {
                plugins: std::sync::Arc::new(plugins),
                admin_token: Some(ADMIN_TOKEN.to_owned()),
                ..Default::default()
            },
        )
    }

    pub fn start(backend: Backend, config: pledgegraph::http::ServerConfig) -> TestServer {
        let db = TestDb::new(backend);
        let store = Store::open(db.url()).expect("open the test database");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        let served = store.clone();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = pledgegraph::http::serve(served, config, listener).unwrap();
                tx.send(server.handle()).unwrap();
                server.await.unwrap();
            })
        });
        let handle = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("server started");
        TestServer {
            base,
            store,
            handle,
            thread: Some(thread),
            db,
        }
    }

    /// A server over the example graph that `pledgegraph demo` serves,
    /// without its table of projects: reference tables, releases, statistics.
    pub fn with_examples(backend: Backend) -> TestServer {
        let server = TestServer::empty(backend);
        let registry = registry();
        pledgegraph::cli::demo::load_reference_graph(&server.store, &registry).unwrap();
        server
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into()
    }

    /// GETs `path`: (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        let mut response = Self::agent()
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }

    /// POSTs raw bytes to /graphql: the status.
    pub fn post_raw(&self, body: &[u8]) -> u16 {
        Self::agent()
            .post(format!("{}/graphql", self.base))
            .header("Content-Type", "application/json")
            .send(body)
            .unwrap()
            .status()
            .as_u16()
    }

    /// POSTs a GraphQL query; returns the whole answer (`data` and `errors`).
    pub fn graphql(&self, query: &str, variables: Value) -> Value {
        self.graphql_as(None, query, variables)
    }

    /// POSTs a GraphQL query with `Authorization: Bearer <token>` when given.
    pub fn graphql_as(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = Self::agent().post(format!("{}/graphql", self.base));
        if let Some(token) = token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let mut response = request
            .send_json(json!({"query": query, "variables": variables}))
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        response.body_mut().read_json().unwrap()
    }

    /// POSTs a query that must succeed; returns its `data`.
    pub fn data(&self, query: &str, variables: Value) -> Value {
        let answer = self.graphql(query, variables);
        assert!(
            answer.get("errors").is_none(),
            "unexpected errors: {answer:#}"
        );
        answer["data"].clone()
    }

    /// The global ID of the entity of `kind` named exactly `name`.
    pub fn id_of(&self, kind: &str, name: &str) -> String {
        let data = self.data(
            "query($text: String!) { search(text: $text, first: 100) { id name kind } }",
            json!({"text": name}),
        );
        data["search"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == name && e["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} named {name} in {data}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        std::thread::spawn(move || actix_web::rt::System::new().block_on(handle.stop(false)))
            .join()
            .ok();
        if let Some(thread) = self.thread.take() {
            thread.join().ok();
        }
    }
}

/// The `name` fields of a connection's nodes, in order.
pub fn names(connection: &Value) -> Vec<String> {
    connection["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("not a connection: {connection}"))
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Runs a test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name($crate::common::Backend::Sqlite) })*
        }
        mod postgres {
            $(#[test] fn $name() { super::$name($crate::common::Backend::Postgres) })*
        }
    };
}

/// How the tests run importers: the `pledgegraph` binary of this build as
/// the worker, under the default limits.
pub fn isolation() -> pledgegraph::ingest::worker::Isolation {
    pledgegraph::ingest::worker::Isolation {
        worker: env!("CARGO_BIN_EXE_pledgegraph").into(),
        ..Default::default()
    }
}

/// Every plugin and fixture library, run through [`isolation`].
pub fn registry() -> pledgegraph::ingest::plugins::Registry {
    pledgegraph::ingest::plugins::Registry::discover_with(&[plugin_dir()], isolation())
}

/// The directory of the importer plugins and test fixture libraries, built
/// for this test run. They are built into their own target directory: the
/// `cargo test` that runs us holds the lock on the usual one, and does not
/// build cdylibs anyway.
pub fn plugin_dir() -> std::path::PathBuf {
    static BUILT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
            let target = root.join("target").join("plugins");
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = std::process::Command::new(cargo)
                .current_dir(&root)
                .env("CARGO_TARGET_DIR", &target)
                .args(["build", "--quiet"])
                .args(["-p", "pledgegraph-csv"])
                .args(["-p", "pledgegraph-press-release"])
                .args(["-p", "pledgegraph-official-stats"])
                .args(["-p", "pledgegraph-example-importer"])
                .args(["-p", "pledgegraph-fixture-panicking"])
                .args(["-p", "pledgegraph-fixture-wrong-abi"])
                .args(["-p", "pledgegraph-fixture-not-a-plugin"])
                .args(["-p", "pledgegraph-fixture-faulty"])
                .status()
                .expect("run cargo to build the plugins");
            assert!(status.success(), "building the plugins failed");
            target.join("debug")
        })
        .clone()
}
