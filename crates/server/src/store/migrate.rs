//! `scim-sync-server migrate-data`: moves an installation from its SQLite file to PostgreSQL,
//! every project at once, so that it can scale out (several servers on one database).
//!
//! The copy is generic over the schema rather than written per table: each table of
//! [`COPIED`] is read with the columns the PostgreSQL schema has (the SQLite schema has the
//! same, `tests/postgres_schema.rs` checks it; PostgreSQL's `seq` is SQLite's rowid) and sent
//! with `COPY … FROM STDIN`, so a column a migration adds is copied with no change here. A
//! table a migration adds is not: it must be named in [`COPIED`] or [`NOT_COPIED`], and
//! `tests/migrate_data.rs` fails until it is.
//!
//! What holds, and how:
//! * The source is only read, in one read transaction (one snapshot of every table), and only
//!   if it is a database of ours at this build's schema ([`SourceError`]).
//! * The target is migrated first, as a server's start migrates it; then everything is copied
//!   in one transaction that first takes the lock a first start takes (so a server starting
//!   meanwhile waits, then finds the copied projects instead of creating its own) and refuses
//!   a target that holds a row in any copied table. A failure rolls all of it back.
//! * Ids are kept (SCIM ids, project and token ids, event ids in links); each identity column
//!   is set past the highest id copied and past SQLite's own high-water mark
//!   (`sqlite_sequence`), so no id SQLite handed out is handed out again.
//!
//! The SQL is in `store/sqlite/migrate.rs` (reading) and `store/postgres/migrate.rs` (writing).

use std::path::{Path, PathBuf};

use futures_util::Stream;

use super::StoreError;
use super::postgres::{self, PgDb};
use super::sqlite;

/// The tables copied, parents before the tables whose foreign keys name them.
pub const COPIED: [&str; 15] = [
    "projects",
    "connections",
    "tokens",
    "identities",
    "groups",
    "group_members",
    "group_pushed_members",
    "sync_runs",
    "sync_events",
    "audit",
    "refused_sources",
    "sessions",
    "webhook_endpoints",
    "webhook_deliveries",
    "connection_health",
];

/// The schema's tables that are not copied, each with why.
pub const NOT_COPIED: [(&str, &str); 3] = [
    (
        "_sqlx_migrations",
        "the migrations' own record: the target's is written by migrating it",
    ),
    (
        "stream_tickets",
        "live-stream tickets live a minute: a dashboard asks the new servers for another",
    ),
    (
        "stream_parked",
        "PostgreSQL's own: live messages parked for the moment the servers take to read them",
    ),
];

/// PostgreSQL columns that hold what SQLite's rowid is (creation order, which SCIM lists
/// follow): copied from the rowid.
const FROM_ROWID: [(&str, &str); 2] = [("groups", "seq"), ("identities", "seq")];

/// How a column's values travel: what the PostgreSQL schema declares (SQLite stores a
/// boolean as an integer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `BIGINT`.
    Integer,
    /// `BOOLEAN`, 0 or 1 in SQLite.
    Boolean,
    /// `TEXT`.
    Text,
}

/// One value of a row on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// An integer (or a boolean, as 0 or 1).
    Integer(i64),
    /// Text.
    Text(String),
}

/// A column of the target, and where the source keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its name in PostgreSQL.
    pub name: String,
    /// Its type.
    pub kind: Kind,
    /// Whether the source has it as its rowid rather than as a column of this name.
    pub from_rowid: bool,
}

/// Why the source cannot be copied.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// Nothing is at the path.
    #[error("{0} does not exist")]
    Missing(PathBuf),
    /// The file is not a SQLite database.
    #[error("{0} is not a SQLite database")]
    NotSqlite(PathBuf),
    /// A SQLite database, but not one a SCIM Sync Dashboard server made.
    #[error("{path} is not a SCIM Sync Dashboard database: {why}")]
    NotOurs {
        /// The file.
        path: PathBuf,
        /// What is missing or different.
        why: String,
    },
    /// Ours, at an older schema than this build's.
    #[error(
        "{path} is at schema version {found}, this server's is {expected}: start this version's \
         server on it once (it migrates it at start), stop it, and run migrate-data again"
    )]
    Behind {
        /// The file.
        path: PathBuf,
        /// The last migration it has.
        found: i64,
        /// The last migration this build has.
        expected: i64,
    },
}

/// Why `migrate-data` copied nothing.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// The source is not a database this build can copy.
    #[error("the source {0}")]
    Source(#[from] SourceError),
    /// The target holds data already.
    #[error(
        "the target database already holds data ({tables}): migrate-data copies into an empty \
         database only, so nothing was copied"
    )]
    TargetNotEmpty {
        /// The tables with rows, with their counts.
        tables: String,
    },
    /// The two schemas disagree about a table (a build whose migrations differ).
    #[error("the table {table} differs between the two databases: {why}")]
    Schema {
        /// The table.
        table: String,
        /// How.
        why: String,
    },
    /// A table could not be read or written; nothing was copied.
    #[error("copying {table} failed, so nothing was copied: {source}")]
    Copy {
        /// The table.
        table: &'static str,
        /// Why.
        source: StoreError,
    },
    /// The target could not be reached, migrated or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What was copied: rows per table, in [`COPIED`]'s order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    /// Each copied table with its rows.
    pub tables: Vec<(&'static str, u64)>,
}

/// Copies every table of [`COPIED`] from the SQLite database at `source` into the PostgreSQL
/// database at `target_url`, which is migrated first and must hold no data; all or nothing.
pub async fn migrate_data(source: &Path, target_url: &str) -> Result<Copied, MigrateError> {
    let mut reader = sqlite::migrate::Reader::open(source).await?;
    let target = PgDb::connect(target_url).await?;
    let mut writer = postgres::migrate::Writer::begin(&target).await?;
    let holding = writer.tables_with_rows(&COPIED).await?;
    if !holding.is_empty() {
        let tables: Vec<String> = holding
            .iter()
            .map(|(table, rows)| format!("{table}: {rows} rows"))
            .collect();
        return Err(MigrateError::TargetNotEmpty {
            tables: tables.join(", "),
        });
    }
    let mut tables = Vec::with_capacity(COPIED.len());
    for table in COPIED {
        let target_columns = writer.columns(table).await?;
        let source_columns = reader.columns(table).await?;
        let columns = columns(table, &target_columns, &source_columns)?;
        let copied = writer
            .copy(table, &columns, reader.rows(table, &columns))
            .await
            .map_err(|source| MigrateError::Copy { table, source })?;
        tables.push((table, copied));
    }
    let floors = reader.high_water_marks().await?;
    writer.set_identities_past(&COPIED, &floors).await?;
    writer.commit().await?;
    reader.close().await?;
    Ok(Copied { tables })
}

/// The target's columns of `table` with where the source has each; a column one side has and
/// the other lacks is a schema this build does not know, and copies nothing.
fn columns(
    table: &str,
    target: &[(String, Kind)],
    source: &[String],
) -> Result<Vec<Column>, MigrateError> {
    let differs = |why: String| MigrateError::Schema {
        table: table.to_owned(),
        why,
    };
    if target.is_empty() {
        return Err(differs("the target has no such table".into()));
    }
    let mut columns = Vec::with_capacity(target.len());
    for (name, kind) in target {
        let from_rowid = FROM_ROWID.contains(&(table, name.as_str()));
        if !from_rowid && !source.contains(name) {
            return Err(differs(format!("the source has no column {name}")));
        }
        columns.push(Column {
            name: name.clone(),
            kind: *kind,
            from_rowid,
        });
    }
    if let Some(extra) = source.iter().find(|s| !target.iter().any(|(t, _)| t == *s)) {
        return Err(differs(format!("the target has no column {extra}")));
    }
    Ok(columns)
}

/// The rows of one table as the source hands them over.
pub type Rows<'a> =
    std::pin::Pin<Box<dyn Stream<Item = Result<Vec<Value>, StoreError>> + Send + 'a>>;

#[cfg(test)]
mod tests {
    use super::*;

    fn target(names: &[&str]) -> Vec<(String, Kind)> {
        names
            .iter()
            .map(|n| ((*n).to_owned(), Kind::Text))
            .collect()
    }

    fn source(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn a_creation_order_column_is_read_from_the_rowid() {
        let columns = columns("groups", &target(&["id", "seq"]), &source(&["id"])).unwrap();

        assert!(!columns[0].from_rowid);
        assert!(columns[1].from_rowid);
    }

    #[test]
    fn a_column_only_one_side_has_copies_nothing() {
        let lacking = columns("audit", &target(&["id", "actor"]), &source(&["id"]));
        let extra = columns("audit", &target(&["id"]), &source(&["id", "actor"]));
        let seq_elsewhere = columns("audit", &target(&["id", "seq"]), &source(&["id"]));

        assert!(
            matches!(lacking, Err(MigrateError::Schema { .. })),
            "{lacking:?}"
        );
        assert!(
            matches!(extra, Err(MigrateError::Schema { .. })),
            "{extra:?}"
        );
        assert!(
            matches!(seq_elsewhere, Err(MigrateError::Schema { .. })),
            "{seq_elsewhere:?}"
        );
    }
}
