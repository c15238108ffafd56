//! All SQL lives here, one file per table. The rest of the server calls these functions and
//! never writes SQL of its own. Storage is data access only: what a write may do (adoption,
//! duplicates, seats, tombstones, re-push, runs) is decided in [`crate::rules`], which reads and
//! writes through these functions inside one write transaction.
//!
//! A project's data is reached only through a [`ProjectDb`] (the database scoped to one
//! project): every function over a project's tables takes one and puts its id in every
//! statement. Server-wide tables (projects, tokens, refused sources) take the plain [`Db`].

pub mod audit;
pub mod connections;
pub mod events;
pub mod groups;
pub mod health;
pub mod identities;
pub mod projects;
pub mod recorder;
pub mod refused;
pub mod retention;
pub mod runs;
pub mod sessions;
pub mod settings;
pub mod tokens;
pub mod webhooks;

pub use settings::Settings;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::domain::project::ProjectId;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "scim-sync.sqlite3";

/// A storage failure. Constraint violations are mapped by the callers that expect them.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed a statement.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
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
}

impl StoreError {
    /// Whether a unique index refused the statement: a duplicate, which the rules answer as
    /// such (409 `uniqueness`), never as a storage failure.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

/// The project's database: a pool of readers and one writer. SQLite runs one write transaction
/// at a time; queueing writers on our own single connection (instead of letting many
/// connections retry against SQLite's lock) keeps writes fair and fast under load.
#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
    writer: SqlitePool,
}

impl Db {
    /// Opens (creating if needed) the SQLite database under `data_dir`, in WAL mode, and
    /// applies the migrations.
    pub async fn open(data_dir: &Path) -> Result<Db, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let url = format!("sqlite://{}", data_dir.join(DATABASE_FILE).display());
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(30))
            .foreign_keys(true)
            // 64 MiB of page cache per connection (SQLite's default is 2 MiB): the indexes of
            // a few million events stay in memory.
            .pragma("cache_size", "-65536");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(60))
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations").run(&writer).await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Db { pool, writer })
    }

    /// The readers.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The writer, for single-statement writes.
    pub fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// A write transaction on the writer that takes the database's write lock at once
    /// (`BEGIN IMMEDIATE`), so that what it reads cannot change before it writes.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.writer.begin_with("BEGIN IMMEDIATE").await
    }

    /// The database as one project sees it.
    pub fn project(&self, id: ProjectId) -> ProjectDb {
        ProjectDb {
            db: self.clone(),
            id,
        }
    }
}

/// The database scoped to one project: what every function over a project's data takes.
#[derive(Debug, Clone)]
pub struct ProjectDb {
    db: Db,
    id: ProjectId,
}

impl ProjectDb {
    /// The project.
    pub fn id(&self) -> ProjectId {
        self.id
    }

    /// The readers.
    pub fn pool(&self) -> &SqlitePool {
        self.db.pool()
    }

    /// The writer, for single-statement writes.
    pub fn writer(&self) -> &SqlitePool {
        self.db.writer()
    }

    /// A write transaction (see [`Db::begin_write`]).
    pub async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.db.begin_write().await
    }

    /// The whole database, for server-wide tables.
    pub fn db(&self) -> &Db {
        &self.db
    }
}

/// A case-insensitive `LIKE … ESCAPE '\'` pattern that finds `text` anywhere, with the
/// pattern's own wildcards in `text` escaped.
pub fn like_pattern(text: &str) -> String {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Now, in Unix milliseconds: how every time is stored.
pub fn now_ms() -> i64 {
    let nanos = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
    i64::try_from(nanos / 1_000_000).unwrap_or(i64::MAX)
}

/// A stored Unix-milliseconds time as RFC 3339, as SCIM `meta` and the admin API show it.
pub fn rfc3339(ms: i64) -> String {
    let nanos = i128::from(ms) * 1_000_000;
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_the_wildcards_of_the_searched_text() {
        assert_eq!(like_pattern("Ada"), "%ada%");
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }

    #[test]
    fn stored_times_read_back_as_rfc_3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_500), "1970-01-01T00:00:01.5Z");
    }
}
