//! All SQL lives here, one file per table per backend. The rest of the server calls the
//! functions of `store::<table>` and never writes SQL of its own. Storage is data access only:
//! what a write may do (adoption, duplicates, seats, tombstones, re-push, runs) is decided in
//! [`crate::rules`], which reads and writes through these functions inside one write
//! transaction.
//!
//! A project's data is reached only through a [`ProjectDb`] (the database scoped to one
//! project): every function over a project's tables takes one and puts its id in every
//! statement. Server-wide tables (projects, tokens, refused sources) take the plain [`Db`].
//!
//! ## Two backends, one interface
//!
//! [`Db`] is an embedded SQLite file (the default) or a PostgreSQL database (`--database-url`),
//! shared by any number of server processes. Each table has three files: `store/<table>.rs`
//! holds its types, the mapping of a row to them ([`row::StoredRow`], written once for both
//! backends) and the public functions, each of which only hands its arguments to the backend
//! in use; `store/sqlite/<table>.rs` and `store/postgres/<table>.rs` hold the SQL. So the rules
//! are written once, above storage, and only SQL differs.
//!
//! Why an enum over the two backends rather than a trait the rules are generic over: the rules
//! and handlers stay free of type parameters and `dyn` (async functions in traits are not
//! object-safe), a [`Tx`] is one concrete type every rule passes down, and the choice is made
//! once per call by a `match` the compiler checks for both arms (the `dispatch!` and
//! `dispatch_tx!` macros below write that `match`).
//!
//! ## Writers and concurrency
//!
//! SQLite runs one write transaction at a time: [`Db::begin_write`] takes its write lock at
//! once (`BEGIN IMMEDIATE`) on our single writer connection, so nothing a rule reads can change
//! before it writes. PostgreSQL runs many: a project's write transaction
//! ([`ProjectDb::begin_write`]) first locks that project's row (`SELECT … FOR UPDATE`), so the
//! writers of one project — on one server process or on several sharing the database — take
//! turns, and a rule's read-then-write (free seats, a free userName) holds as on SQLite, while
//! different projects write in parallel. A row lock rather than serializable transactions with
//! retry: a writer waits instead of failing, so a PATCH without `If-Match` is never answered
//! 412 for a conflict it could not see, and nothing is applied twice. Where the lock is not the
//! project's, the same holds by other locks: run detection takes an advisory lock per
//! connection ([`runs::lock_connections_in`]), the first start locks the `projects` table
//! ([`projects::lock_in`]), and webhook senders claim deliveries with `FOR UPDATE SKIP LOCKED`
//! ([`webhooks::claim_due`]). `tests/replicas.rs` checks each with two server processes (or two
//! pools) on one database.
//!
//! ## From one backend to the other
//!
//! [`migrate`] copies a SQLite database into an empty PostgreSQL one (`migrate-data`). It uses
//! both backends at once, so it has no `dispatch!`: `sqlite/migrate.rs` reads, and
//! `postgres/migrate.rs` writes, in one transaction.

/// Calls `store::sqlite::$module::$f` or `store::postgres::$module::$f` with the backend's
/// handle (its pools) first, then the arguments, and awaits it.
macro_rules! dispatch {
    ($backend:expr, $module:ident :: $f:ident ( $($arg:expr),* $(,)? )) => {
        match $backend {
            $crate::store::Backend::Sqlite(b) => {
                $crate::store::sqlite::$module::$f(b, $($arg),*).await
            }
            $crate::store::Backend::Postgres(b) => {
                $crate::store::postgres::$module::$f(b, $($arg),*).await
            }
        }
    };
}

/// [`dispatch!`] inside a transaction: the backend's function gets the transaction's
/// connection first.
macro_rules! dispatch_tx {
    ($tx:expr, $module:ident :: $f:ident ( $($arg:expr),* $(,)? )) => {
        match $tx {
            $crate::store::Tx::Sqlite(c) => {
                $crate::store::sqlite::$module::$f(&mut **c, $($arg),*).await
            }
            $crate::store::Tx::Postgres(c) => {
                $crate::store::postgres::$module::$f(&mut **c, $($arg),*).await
            }
        }
    };
}

pub mod audit;
pub mod connections;
mod error;
pub mod events;
pub mod groups;
pub mod health;
pub mod identities;
pub mod jobs;
pub mod migrate;
mod postgres;
pub mod projects;
pub mod recorder;
pub mod refused;
pub mod retention;
pub mod row;
pub mod runs;
pub mod sessions;
pub mod settings;
mod sqlite;
pub mod stream;
pub mod tokens;
pub mod webhooks;

pub use error::{RETRY_AFTER_UNAVAILABLE_SECS, StoreError};
pub use settings::Settings;

use std::path::Path;

use sqlx::{Postgres, Sqlite, Transaction};

use crate::domain::project::ProjectId;

pub use postgres::{PgDb, redact};
pub use sqlite::SqliteDb;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = sqlite::DATABASE_FILE;

/// Which database the server stores in, with its pools.
#[derive(Debug, Clone)]
pub enum Backend {
    /// The embedded SQLite file.
    Sqlite(SqliteDb),
    /// A PostgreSQL database, possibly shared with other server processes.
    Postgres(PgDb),
}

/// The server's database, on either backend; cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    backend: Backend,
}

impl Db {
    /// Opens (creating if needed) the SQLite database under `data_dir` and applies its
    /// migrations.
    pub async fn open(data_dir: &Path) -> Result<Db, StoreError> {
        Ok(Db {
            backend: Backend::Sqlite(SqliteDb::open(data_dir).await?),
        })
    }

    /// Connects to the PostgreSQL database at `url` and applies its migrations.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        Ok(Db {
            backend: Backend::Postgres(PgDb::connect(url).await?),
        })
    }

    /// The PostgreSQL database at `database_url` when one is given, else the SQLite database
    /// under `data_dir`.
    pub async fn open_configured(
        database_url: Option<&str>,
        data_dir: &Path,
    ) -> Result<Db, StoreError> {
        match database_url {
            Some(url) => Db::connect(url).await,
            None => Db::open(data_dir).await,
        }
    }

    /// The backend, for the store's functions.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The SQLite database, when that is the backend (for tests that look at its file).
    pub fn sqlite(&self) -> Option<&SqliteDb> {
        match &self.backend {
            Backend::Sqlite(db) => Some(db),
            Backend::Postgres(_) => None,
        }
    }

    /// A server-wide write transaction: on SQLite it holds the database's write lock from its
    /// start (`BEGIN IMMEDIATE`), so that what it reads cannot change before it writes; on
    /// PostgreSQL it is a plain transaction (a project's writes take [`ProjectDb::begin_write`]).
    pub async fn begin_write(&self) -> Result<Tx, StoreError> {
        match &self.backend {
            Backend::Sqlite(db) => Ok(Tx::Sqlite(db.begin_write().await?)),
            Backend::Postgres(db) => Ok(Tx::Postgres(db.pool().begin().await?)),
        }
    }

    /// A transaction that only reads (rolled back when dropped).
    pub async fn begin_read(&self) -> Result<Tx, StoreError> {
        match &self.backend {
            Backend::Sqlite(db) => Ok(Tx::Sqlite(db.pool().begin().await?)),
            Backend::Postgres(db) => Ok(Tx::Postgres(db.pool().begin().await?)),
        }
    }

    /// The database as one project sees it.
    pub fn project(&self, id: ProjectId) -> ProjectDb {
        ProjectDb {
            db: self.clone(),
            id,
        }
    }
}

/// A transaction on either backend: what rules pass down to the store's `…_in` functions.
/// Dropped without [`Tx::commit`], it rolls back.
#[derive(Debug)]
pub enum Tx {
    /// On SQLite.
    Sqlite(Transaction<'static, Sqlite>),
    /// On PostgreSQL.
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    /// Commits.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
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

    /// The backend, for the store's functions.
    pub fn backend(&self) -> &Backend {
        self.db.backend()
    }

    /// A write transaction of this project. On SQLite, see [`Db::begin_write`]; on PostgreSQL
    /// it starts by locking the project's row (`SELECT … FOR UPDATE`), so that the project's
    /// writers, on however many server processes, take turns: seats and uniqueness read
    /// inside it cannot change before it commits.
    pub async fn begin_write(&self) -> Result<Tx, StoreError> {
        match self.db.backend() {
            Backend::Sqlite(db) => Ok(Tx::Sqlite(db.begin_write().await?)),
            Backend::Postgres(db) => Ok(Tx::Postgres(db.begin_write(self.id).await?)),
        }
    }

    /// A transaction that only reads (see [`Db::begin_read`]).
    pub async fn begin_read(&self) -> Result<Tx, StoreError> {
        self.db.begin_read().await
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
