//! One connection type over SQLite and PostgreSQL, chosen from the URL, the
//! r2d2 pool that hands them out, and the locked transactions that writes
//! and migrations run in.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{
    AnsiTransactionManager, Connection, Instrumentation, InstrumentationEvent, SimpleConnection,
    TransactionManager,
};
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;
use diesel::{QueryableByName, RunQueryDsl};

use super::deadline;
use crate::error::Error;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `postgres://` and `postgresql://` select PostgreSQL; anything else is
    /// a SQLite path (with or without `sqlite://`).
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn of(conn: &DbConnection) -> Backend {
        match conn {
            DbConnection::Postgresql(_) => Backend::Postgres,
            DbConnection::Sqlite(_) => Backend::Sqlite,
        }
    }
}

pub type DbPool = Pool<ConnectionManager<DbConnection>>;

/// Counts the SQL statements every pooled connection runs: exported in
/// `/metrics`, and what tests use to check that DataLoaders batch.
#[derive(Debug, Default)]
pub struct StatementCounter(AtomicU64);

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

struct CountStatements(Arc<StatementCounter>);

impl Instrumentation for CountStatements {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            self.0 .0.fetch_add(1, Ordering::Relaxed);
            tracing::trace!(target: "pledgegraph::sql", "{query}");
        }
    }
}

/// How the pool's connections wait and how long their statements may run.
/// `Store::open_with` takes it; `Default` is what `Store::open` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreOptions {
    /// The longest one SQL statement may run, waiting for locks included,
    /// before it is stopped with `TIMEOUT` (PostgreSQL `statement_timeout`,
    /// a progress handler on SQLite). Zero: no limit. Migrations are exempt.
    pub statement_timeout: Duration,
    /// How long a write waits for another write, such as an import, before
    /// it answers `DATABASE_BUSY` (SQLite `busy_timeout`, PostgreSQL
    /// `lock_timeout`). Keep it under `statement_timeout`, which counts the
    /// wait too.
    pub busy_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            statement_timeout: Duration::from_secs(10),
            busy_timeout: Duration::from_secs(5),
        }
    }
}

#[derive(Debug)]
struct Setup {
    counter: Arc<StatementCounter>,
    options: StoreOptions,
}

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for Setup {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        // Both take at most i32::MAX ms (24 days).
        let ms = |d: Duration| d.as_millis().min(i32::MAX as u128);
        let statement_ms = ms(self.options.statement_timeout);
        let busy_ms = ms(self.options.busy_timeout);
        let setup = match conn {
            // The busy timeout first: it makes this connection wait, instead
            // of failing, while another one writes, and even setting WAL may
            // have to wait. WAL lets readers run beside the writer; SQLite
            // leaves foreign keys off unless asked.
            DbConnection::Sqlite(_) => format!(
                "PRAGMA busy_timeout = {busy_ms}; PRAGMA journal_mode = WAL; \
                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                 SELECT {}({statement_ms});",
                deadline::FUNCTION
            ),
            DbConnection::Postgresql(_) => {
                format!("SET statement_timeout = {statement_ms}; SET lock_timeout = {busy_ms};")
            }
        };
        conn.batch_execute(&setup)
            .map_err(diesel::r2d2::Error::QueryError)?;
        conn.set_instrumentation(CountStatements(self.counter.clone()));
        Ok(())
    }
}

/// PostgreSQL advisory lock keys: numbers no other program of the database
/// is expected to use ("pledg" and a counter).
#[derive(Debug, Clone, Copy)]
#[repr(i64)]
pub enum Lock {
    /// Held by every write transaction of the graph, so that resolution
    /// sees every node that another writer, on any server, made before it.
    Write = 0x706c_6564_6701,
    /// Held while the schema is checked and brought up to date.
    Migration = 0x706c_6564_6702,
}

/// Runs `f` in a transaction that holds `lock` from its first statement:
/// on SQLite the write lock (`BEGIN IMMEDIATE`: a transaction that read
/// first could not become a writer once another writer committed), on
/// PostgreSQL the advisory lock, released at commit or rollback. Either wait
/// is bounded by the busy timeout.
pub fn locked_transaction<T>(
    conn: &mut DbConnection,
    lock: Lock,
    f: impl FnOnce(&mut DbConnection) -> Result<T, Error>,
) -> Result<T, Error> {
    locked_transaction_keeping(conn, lock, |conn| f(conn).map(|value| (value, true)))
}

/// [`locked_transaction`] whose `f` also says whether to keep what it did:
/// `false` rolls it back and still returns its value (a dry run that finds
/// nothing to change).
pub fn locked_transaction_keeping<T>(
    conn: &mut DbConnection,
    lock: Lock,
    f: impl FnOnce(&mut DbConnection) -> Result<(T, bool), Error>,
) -> Result<T, Error> {
    match conn {
        DbConnection::Sqlite(sqlite) => {
            AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?
        }
        DbConnection::Postgresql(_) => DbConnection::begin_transaction(conn)?,
    }
    let locked = match conn {
        DbConnection::Postgresql(pg) => pg
            .batch_execute(&format!("SELECT pg_advisory_xact_lock({})", lock as i64))
            .map_err(Error::from),
        DbConnection::Sqlite(_) => Ok(()),
    };
    match locked.and_then(|()| f(conn)) {
        Ok((value, true)) => {
            DbConnection::commit_transaction(conn)?;
            Ok(value)
        }
        Ok((value, false)) => {
            DbConnection::rollback_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            // The error that stopped the transaction says more than a failed
            // rollback would (SQLite has already rolled back a write it
            // interrupted). A connection left in a transaction is marked
            // broken, and the pool drops it.
            let _ = DbConnection::rollback_transaction(conn);
            Err(e)
        }
    }
}

/// Runs `f` without the statement deadline and, on PostgreSQL, without
/// the lock timeout: for migrations, which may rewrite large tables and
/// must wait for whoever holds one. (SQLite's write lock is still waited
/// for at most the busy timeout.)
pub fn without_deadline<T>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, Error>,
) -> Result<T, Error> {
    let restore = suspend_deadline(conn)?;
    let result = f(conn);
    let restored = match restore {
        Some(sql) => conn.batch_execute(&sql).map_err(Error::from),
        None => Ok(()),
    };
    let value = result?;
    restored?;
    Ok(value)
}

#[derive(QueryableByName)]
struct Setting {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(QueryableByName)]
struct Previous {
    #[diesel(sql_type = BigInt)]
    ms: i64,
}

/// Lifts the deadline; returns the SQL that puts it back.
fn suspend_deadline(conn: &mut DbConnection) -> Result<Option<String>, Error> {
    match conn {
        DbConnection::Postgresql(pg) => {
            let mut setting = |name: &str| -> Result<String, Error> {
                let query = format!("SELECT current_setting('{name}') AS value");
                Ok(diesel::sql_query(query).get_result::<Setting>(pg)?.value)
            };
            let restore = format!(
                "SET statement_timeout = '{}'; SET lock_timeout = '{}'",
                setting("statement_timeout")?,
                setting("lock_timeout")?
            );
            pg.batch_execute("SET statement_timeout = 0; SET lock_timeout = 0")?;
            Ok(Some(restore))
        }
        DbConnection::Sqlite(sqlite) => {
            let query = format!("SELECT {}(0) AS ms", deadline::FUNCTION);
            match diesel::sql_query(query).get_result::<Previous>(sqlite) {
                Ok(previous) => Ok(Some(format!(
                    "SELECT {}({});",
                    deadline::FUNCTION,
                    previous.ms
                ))),
                // A connection opened before any pool registered the
                // function has no deadline to lift.
                Err(e) if e.to_string().contains("no such function") => Ok(None),
                Err(e) => Err(e.into()),
            }
        }
    }
}

fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

pub fn build_pool(
    url: &str,
    counter: Arc<StatementCounter>,
    options: StoreOptions,
) -> Result<DbPool, Error> {
    let backend = Backend::of_url(url);
    // Before the first connection: SQLite installs it as connections open.
    deadline::register();
    let target = match backend {
        Backend::Postgres => url.to_owned(),
        Backend::Sqlite => sqlite_path(url).to_owned(),
    };
    // One direct connection first: the pool would retry for its whole
    // timeout and then report only that it timed out.
    let probe = match backend {
        Backend::Postgres => PgConnection::establish(&target).map(drop),
        Backend::Sqlite => SqliteConnection::establish(&target).map(drop),
    };
    probe.map_err(|e| Error::Database(format!("cannot open database {}: {e}", redact(url))))?;
    let max_size = match backend {
        Backend::Postgres => 16,
        // One writer at a time anyway; readers share the WAL.
        Backend::Sqlite => 8,
    };
    Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(10))
        // A broken connection is dropped when returned; testing each checkout
        // would add a statement to every query.
        .test_on_check_out(false)
        .connection_customizer(Box::new(Setup { counter, options }))
        .build(ConnectionManager::new(target))
        .map_err(|e| Error::Database(format!("cannot open database {}: {e}", redact(url))))
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_and_redaction() {
        assert_eq!(Backend::of_url("postgres://u:p@h/db"), Backend::Postgres);
        assert_eq!(Backend::of_url("pledgegraph.db"), Backend::Sqlite);
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("pledgegraph.db"), "pledgegraph.db");
    }
}
