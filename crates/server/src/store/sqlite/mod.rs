//! The SQLite backend: the embedded database file under `--data-dir`, one file of SQL per
//! table (the same names as `store/`'s).
//!
//! A pool of readers and one writer: SQLite runs one write transaction at a time; queueing
//! writers on our own single connection (instead of letting many connections retry against
//! SQLite's lock) keeps writes fair and fast under load.

pub mod audit;
pub mod connections;
pub mod events;
pub mod groups;
pub mod health;
pub mod identities;
pub mod jobs;
pub mod migrate;
pub mod projects;
pub mod refused;
pub mod retention;
pub mod runs;
pub mod sessions;
pub mod settings;
pub mod stream;
pub mod tokens;
pub mod webhooks;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use super::StoreError;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "scim-sync.sqlite3";

/// The schema's migrations (`migrations/`), applied at open; `migrate-data` checks a source
/// database against them.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The SQLite database: readers and the single writer.
#[derive(Debug, Clone)]
pub struct SqliteDb {
    pool: SqlitePool,
    writer: SqlitePool,
}

impl SqliteDb {
    /// Opens (creating if needed) the database under `data_dir`, in WAL mode, and applies the
    /// migrations.
    pub async fn open(data_dir: &Path) -> Result<SqliteDb, StoreError> {
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
        MIGRATOR.run(&writer).await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.read_only(true))
            .await?;
        Ok(SqliteDb { pool, writer })
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
}
