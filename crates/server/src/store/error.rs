//! The store's one error type, and the one place that tells a database that cannot be reached
//! from a statement that failed.
//!
//! A database that cannot be reached is neither the client's mistake nor a fault of ours that a
//! log line should explain: PostgreSQL is restarting, failing over, or gone from the network,
//! and the same request will succeed once it is back. [`StoreError::Unavailable`] says so, and
//! the SCIM and admin error mappings answer it 503 with `Retry-After`
//! ([`RETRY_AFTER_UNAVAILABLE_SECS`]) where any other storage failure is a 500. What counts as
//! unreachable:
//!
//! - the connection could not be made or was lost: I/O errors (refused, reset, end of file, no
//!   socket there), a TLS failure while connecting;
//! - no connection came free within the pool's acquire timeout (`PoolTimedOut`: see
//!   `store::postgres` for how long that is and why), or the pool is closed;
//! - PostgreSQL's own answers of SQLSTATE class 08 (connection exception) and 57P01 to 57P05
//!   (admin shutdown, crash shutdown, cannot connect now, database dropped, idle session
//!   timeout).
//!
//! SQLite's busy and locked errors are not: its file is on this machine, a writer waits for the
//! lock up to the busy timeout, and past it the request fails as any storage failure does.
//! Nothing of an outage is kept here: sqlx's pools drop a broken connection and open a new one
//! for the next request, so the server recovers by itself when the database is back.

use std::sync::Arc;

use sqlx::error::DatabaseError;
use sqlx::postgres::PgDatabaseError;

/// The `Retry-After` (seconds) of an answer the database was unreachable for: a PostgreSQL
/// restart or failover takes seconds, and an IdP that retries sooner only adds load.
pub const RETRY_AFTER_UNAVAILABLE_SECS: u64 = 5;

/// A storage failure. Constraint violations are mapped by the callers that expect them.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed a statement.
    #[error(transparent)]
    Database(sqlx::Error),
    /// The database cannot be reached now (see the module docs); shared, so that every request
    /// of a batch that failed together can be told.
    #[error("the database is unreachable: {0}")]
    Unavailable(#[source] Arc<sqlx::Error>),
    /// The schema could not be brought up to date.
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The data directory could not be created.
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The PostgreSQL database could not be reached at start.
    #[error("cannot connect to the PostgreSQL database {url}: {source}")]
    Connect {
        /// The URL, its password redacted.
        url: String,
        /// Why.
        source: sqlx::Error,
    },
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> StoreError {
        if is_unreachable(&error) {
            StoreError::Unavailable(Arc::new(error))
        } else {
            StoreError::Database(error)
        }
    }
}

impl StoreError {
    /// Whether a unique index refused the statement: a duplicate, which the rules answer as
    /// such (409 `uniqueness`), never as a storage failure.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::Database(e)) if e.is_unique_violation())
    }

    /// Whether the database could not be reached: the request may succeed once it is back.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

/// Whether `error` says the database cannot be reached rather than that a statement failed.
fn is_unreachable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed => true,
        sqlx::Error::Database(answer) => is_postgres_unreachable(answer.as_ref()),
        _ => false,
    }
}

/// PostgreSQL's SQLSTATEs for a lost or refused connection and for a server shutting down or
/// not yet accepting connections.
fn is_postgres_unreachable(answer: &dyn DatabaseError) -> bool {
    let Some(answer) = answer.try_downcast_ref::<PgDatabaseError>() else {
        return false;
    };
    let code = answer.code();
    code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "57P04" | "57P05")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Connection};

    use super::*;

    #[test]
    fn a_lost_connection_or_an_exhausted_pool_is_the_database_being_unavailable() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        for error in [
            sqlx::Error::Io(refused),
            sqlx::Error::Io(reset),
            sqlx::Error::PoolTimedOut,
        ] {
            assert!(StoreError::from(error).is_unavailable());
        }
    }

    #[test]
    fn a_statement_that_failed_is_not_the_database_being_unavailable() {
        for error in [
            sqlx::Error::RowNotFound,
            sqlx::Error::Protocol("bad".into()),
        ] {
            let error = StoreError::from(error);
            assert!(matches!(error, StoreError::Database(_)), "{error:?}");
        }
    }

    #[tokio::test]
    async fn a_busy_sqlite_database_stays_a_storage_failure_not_an_unavailable_one() {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::new()
            .filename(dir.path().join("busy.sqlite3"))
            .create_if_missing(true)
            .busy_timeout(Duration::ZERO);
        let mut holder = options.connect().await.unwrap();
        let mut waiter = options.connect().await.unwrap();
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut holder)
            .await
            .unwrap();

        let busy = sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut waiter)
            .await
            .unwrap_err();

        let code = match &busy {
            sqlx::Error::Database(answer) => answer.code().map(|c| c.into_owned()),
            other => panic!("not a database answer: {other:?}"),
        };
        assert_eq!(code.as_deref(), Some("5"), "SQLITE_BUSY");
        assert!(!StoreError::from(busy).is_unavailable());
        holder.close().await.unwrap();
        waiter.close().await.unwrap();
    }
}
