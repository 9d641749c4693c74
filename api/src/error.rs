//! The one error type of the server. Each variant has a stable code that the
//! GraphQL API exposes as `extensions.code` (see `graphql::errors`).

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Database(String),
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

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        Error::Database(e.to_string())
    }
}

impl From<diesel::r2d2::PoolError> for Error {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Error::Database(format!("no database connection: {e}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
