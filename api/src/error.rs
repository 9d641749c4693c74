//! The one error type of the server. Each variant has a stable code that the
//! GraphQL API exposes as `extensions.code` (see `graphql::errors`).

use std::time::Duration;

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Database(String),
    /// Another write (an import, most likely) held the database longer
    /// than this one would wait for it: how long it waited, when known.
    #[error("{}", busy_message(*.0))]
    Busy(Option<Duration>),
    /// A statement ran past the store's statement time limit (given when
    /// known) and was stopped.
    #[error("{}", timeout_message(*.0))]
    Timeout(Option<Duration>),
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("invalid batch: {0}")]
    InvalidBatch(pledgegraph_importer::ValidationError),
    /// An importer refused its input, or panicked.
    #[error("{0}")]
    ImportFailed(String),
    #[error("{0}")]
    Internal(String),
}

impl Error {
    pub fn code(&self) -> &'static str {
        match self {
            Error::Database(_) => "DATABASE_ERROR",
            Error::Busy(_) => "DATABASE_BUSY",
            Error::Timeout(_) => "TIMEOUT",
            Error::InvalidInput(_) => "BAD_USER_INPUT",
            Error::Unauthenticated(_) => "UNAUTHENTICATED",
            Error::Forbidden(_) => "FORBIDDEN",
            Error::NotFound(_) => "NOT_FOUND",
            Error::InvalidBatch(_) => "INVALID_BATCH",
            Error::ImportFailed(_) => "IMPORT_FAILED",
            Error::Internal(_) => "INTERNAL_ERROR",
        }
    }
}

impl From<pledgegraph_importer::ValidationError> for Error {
    fn from(e: pledgegraph_importer::ValidationError) -> Self {
        Error::InvalidBatch(e)
    }
}

fn busy_message(waited: Option<Duration>) -> String {
    match waited {
        Some(waited) => format!(
            "the database is busy with another write (an import?) and this one waited {} for it; try again",
            humantime::format_duration(waited)
        ),
        None => "the database is busy with another write (an import?); try again".to_owned(),
    }
}

fn timeout_message(limit: Option<Duration>) -> String {
    match limit {
        Some(limit) => format!(
            "the query was stopped after {}, the database statement time limit",
            humantime::format_duration(limit)
        ),
        None => "the query was stopped by the database statement time limit".to_owned(),
    }
}

/// How SQLite and PostgreSQL say that a statement met another write's lock
/// for too long (or, for PostgreSQL, lost to it), and that a statement was
/// stopped by the deadline (SQLite's progress handler interrupts it).
const BUSY: &[&str] = &[
    "database is locked",
    "database table is locked",
    "canceling statement due to lock timeout",
    "deadlock detected",
];
const TIMED_OUT: &[&str] = &[
    "interrupted",
    "canceling statement due to statement timeout",
];

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as Diesel};
        if let Diesel::DatabaseError(kind, info) = &e {
            let message = info.message();
            if matches!(kind, DatabaseErrorKind::SerializationFailure)
                || BUSY.iter().any(|m| message.starts_with(m))
            {
                return Error::Busy(None);
            }
            if TIMED_OUT.iter().any(|m| message.starts_with(m)) {
                return Error::Timeout(None);
            }
        }
        Error::Database(e.to_string())
    }
}

impl From<diesel::r2d2::PoolError> for Error {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Error::Database(format!("no database connection: {e}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
