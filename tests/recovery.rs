//! What survives a crash: an import killed with SIGKILL in the middle of its
//! write transaction leaves nothing behind, and importing the file again
//! gives the graph a clean import gives; a server whose PostgreSQL
//! connections are cut answers again once the database is back.

mod common;

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use common::{plugin_dir, Backend, TestDb, TestServer};
use diesel::sql_types::BigInt;
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};
use serde_json::json;

/// A table of signed projects, large enough that writing it takes a while.
fn write_projects(dir: &Path, rows: usize) -> std::path::PathBuf {
    let mut csv = String::from("Entreprise;Groupe;Ville;Secteur;Emplois;Montant (MDH)\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "Société {i} Industries;Groupe {g};Ville {c};Secteur {s};{jobs};{money}\n",
            g = i % 97,
            c = i % 211,
            s = i % 13,
            jobs = 10 + i % 500,
            money = 1 + i % 90,
        ));
    }
    let path = dir.join("projects.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn pledgegraph(url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pledgegraph"));
    command
        .env("PLEDGEGRAPH_PLUGINS", plugin_dir())
        .env("RUST_LOG", "warn")
        .args(["--database-url", url]);
    command
}

fn run_ok(command: &mut Command) {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// What the graph holds, table by table: equal for equal graphs.
fn census(db: &TestDb, backend: Backend) -> Vec<(String, i64)> {
    let tables = ["documents", "nodes", "edges", "commitments", "evidence"];
    let mut counts = Vec::new();
    for table in tables {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        let n = match backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(db.url()).unwrap();
                diesel::sql_query(sql)
                    .get_result::<Count>(&mut conn)
                    .unwrap()
                    .n
            }
            Backend::Postgres => {
                let mut conn = PgConnection::establish(db.url()).unwrap();
                diesel::sql_query(sql)
                    .get_result::<Count>(&mut conn)
                    .unwrap()
                    .n
            }
        };
        counts.push((table.to_owned(), n));
    }
    counts
}

/// Whether another connection is inside a write transaction on `db`.
fn writing(db: &TestDb, backend: Backend) -> bool {
    match backend {
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(db.url()).unwrap();
            // No waiting: BEGIN IMMEDIATE fails at once while a writer holds the lock.
            let _ = diesel::sql_query("PRAGMA busy_timeout = 0").execute(&mut conn);
            match diesel::sql_query("BEGIN IMMEDIATE").execute(&mut conn) {
                Ok(_) => {
                    diesel::sql_query("ROLLBACK").execute(&mut conn).unwrap();
                    false
                }
                Err(_) => true,
            }
        }
        Backend::Postgres => {
            let mut conn = PgConnection::establish(db.url()).unwrap();
            diesel::sql_query(
                "SELECT COUNT(*) AS n FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid() \
                 AND backend_xid IS NOT NULL",
            )
            .get_result::<Count>(&mut conn)
            .unwrap()
            .n > 0
        }
    }
}

/// Kills `child` with SIGKILL once it is inside its write transaction.
fn kill_while_writing(child: &mut Child, db: &TestDb, backend: Backend) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !writing(db, backend) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it could be killed: make the file larger"
        );
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

fn killed_import_leaves_nothing_and_imports_again_identically(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let file = write_projects(dir.path(), 20_000);
    let file = file.to_str().unwrap();

    let clean = TestDb::new(backend);
    run_ok(pledgegraph(clean.url()).args(["import", file]));
    let expected = census(&clean, backend);
    assert!(expected.iter().all(|(_, n)| *n > 0), "{expected:?}");

    let db = TestDb::new(backend);
    run_ok(pledgegraph(db.url()).arg("migrate"));
    let empty = census(&db, backend);
    let mut child = pledgegraph(db.url())
        .args(["import", file])
        .spawn()
        .unwrap();
    kill_while_writing(&mut child, &db, backend);
    // PostgreSQL rolls back when it sees the connection close.
    let deadline = Instant::now() + Duration::from_secs(30);
    while writing(&db, backend) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        census(&db, backend),
        empty,
        "nothing of the killed import stays"
    );

    run_ok(pledgegraph(db.url()).args(["import", file]));
    assert_eq!(census(&db, backend), expected);
}

/// Cuts every connection the server holds, as a database restart does.
fn cut_connections(db: &TestDb) {
    let mut conn = PgConnection::establish(&common::postgres_admin_url()).unwrap();
    let name = db.url().rsplit('/').next().unwrap();
    diesel::sql_query(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ))
    .execute(&mut conn)
    .unwrap();
}

#[test]
fn the_server_answers_again_after_postgres_cuts_its_connections() {
    let server = TestServer::with_examples(Backend::Postgres);
    let query = "{ cities(first: 3) { edges { node { name } } } }";
    let before = server.graphql(query, json!({}));
    assert!(before.get("errors").is_none(), "{before}");
    cut_connections(&server.db);
    // A request may meet a dead connection and fail with an error; the
    // pool replaces it, and the next ones answer as before.
    let mut answers = Vec::new();
    for _ in 0..20 {
        let answer = server.graphql(query, json!({}));
        let ok = answer.get("errors").is_none();
        answers.push(answer);
        if ok {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        answers.last().unwrap()["data"],
        before["data"],
        "{answers:?}"
    );
    for failed in &answers[..answers.len() - 1] {
        let code = &failed["errors"][0]["extensions"]["code"];
        assert_eq!(code, "DATABASE_ERROR", "{failed}");
    }
    assert_eq!(server.get("/healthz").0, 200);
}

mod sqlite {
    use super::*;

    #[test]
    fn a_killed_import_leaves_nothing_and_imports_again_identically() {
        killed_import_leaves_nothing_and_imports_again_identically(Backend::Sqlite);
    }
}

mod postgres {
    use super::*;

    #[test]
    fn a_killed_import_leaves_nothing_and_imports_again_identically() {
        killed_import_leaves_nothing_and_imports_again_identically(Backend::Postgres);
    }
}
