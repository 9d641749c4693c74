//! Everything that speaks SQL. The rest of the server calls the functions of
//! `read` and `write` through [`Store::run`], never diesel directly.

mod connection;
mod deadline;
pub mod filter;
mod migrate;
pub mod models;
pub mod read;
pub mod reports;
mod schema;
pub mod write;

use std::sync::Arc;

pub use connection::{redact, Backend, DbConnection, StatementCounter, StoreOptions};
pub use migrate::{migrate, schema_for, Migration, SCHEMA_SQL, SCHEMA_VERSION};

use crate::error::{Error, Result};

/// The default database: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "pledgegraph.db";

/// A handle on the database: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Store {
    pool: connection::DbPool,
    backend: Backend,
    statements: Arc<StatementCounter>,
    options: StoreOptions,
}

impl Store {
    /// Opens the pool without touching the schema, with the default options.
    pub fn connect(url: &str) -> Result<Store> {
        Store::connect_with(url, StoreOptions::default())
    }

    /// Opens the pool without touching the schema.
    pub fn connect_with(url: &str, options: StoreOptions) -> Result<Store> {
        let statements = Arc::new(StatementCounter::default());
        let pool = connection::build_pool(url, statements.clone(), options)?;
        Ok(Store {
            pool,
            backend: Backend::of_url(url),
            statements,
            options,
        })
    }

    /// Opens the pool and brings the schema up to date, with the default
    /// options.
    pub fn open(url: &str) -> Result<Store> {
        Store::open_with(url, StoreOptions::default())
    }

    /// Opens the pool and brings the schema up to date.
    pub fn open_with(url: &str, options: StoreOptions) -> Result<Store> {
        let store = Store::connect_with(url, options)?;
        store.run_blocking(migrate)?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// SQL statements run so far by every connection of this store.
    pub fn statements_run(&self) -> u64 {
        self.statements.get()
    }

    /// Runs `f` with a pooled connection on the calling thread. For the CLI
    /// and tests; async code uses [`Store::run`].
    pub fn run_blocking<T>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T>) -> Result<T> {
        let mut conn = self.pool.get()?;
        f(&mut conn).map_err(|e| name_limits(e, self.options))
    }

    /// Runs `f` with a pooled connection on a blocking thread, so that no
    /// query ever holds up the async workers. The one way async code reaches
    /// the database.
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        let options = self.options;
        actix_web::rt::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            f(&mut conn).map_err(|e| name_limits(e, options))
        })
        .await
        .map_err(|e| Error::Internal(format!("database task failed: {e}")))?
    }
}

/// The limit a busy or stopped statement met, which the driver's error
/// does not carry.
fn name_limits(e: Error, options: StoreOptions) -> Error {
    match e {
        Error::Busy(None) => Error::Busy(Some(options.busy_timeout)),
        Error::Timeout(None) => Error::Timeout(Some(options.statement_timeout)),
        other => other,
    }
}
