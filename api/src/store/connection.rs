//! One connection type over SQLite and PostgreSQL, chosen from the URL, and
//! the r2d2 pool that hands them out.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{Connection, Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel::sqlite::SqliteConnection;

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

#[derive(Debug)]
struct Setup {
    counter: Arc<StatementCounter>,
}

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for Setup {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(sqlite) = conn {
            // The busy timeout first: it makes this connection wait, instead of
            // failing, while another one writes, and even setting WAL may have
            // to wait. WAL lets readers run beside the writer; SQLite leaves
            // foreign keys off unless asked.
            sqlite
                .batch_execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                )
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        conn.set_instrumentation(CountStatements(self.counter.clone()));
        Ok(())
    }
}

fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

pub fn build_pool(
    url: &str,
    counter: Arc<StatementCounter>,
) -> Result<DbPool, crate::error::Error> {
    let backend = Backend::of_url(url);
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
    probe.map_err(|e| {
        crate::error::Error::Database(format!("cannot open database {}: {e}", redact(url)))
    })?;
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
        .connection_customizer(Box::new(Setup { counter }))
        .build(ConnectionManager::new(target))
        .map_err(|e| {
            crate::error::Error::Database(format!("cannot open database {}: {e}", redact(url)))
        })
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
