//! `migrate-data`'s source: a SQLite database of ours, read in one read transaction and never
//! written (see `store::migrate`).

use std::io::Read;
use std::path::{Path, PathBuf};

use futures_util::TryStreamExt;
use sqlx::sqlite::{SqliteConnectOptions, SqliteRow};
use sqlx::{ConnectOptions, Connection, Row, SqliteConnection};

use super::MIGRATOR;
use crate::store::StoreError;
use crate::store::migrate::{Column, Kind, MigrateError, Rows, SourceError, Value};

/// The first bytes of every SQLite database file.
const HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The source, inside its read transaction (begun by the first read, so every table is read
/// from one snapshot).
pub struct Reader {
    conn: SqliteConnection,
}

impl Reader {
    /// Opens the database at `path` read-only, after checking that it is a SQLite file with
    /// exactly this build's migrations applied.
    pub async fn open(path: &Path) -> Result<Reader, MigrateError> {
        check_header(path)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .create_if_missing(false);
        let mut conn = options.connect().await.map_err(StoreError::from)?;
        check_migrations(&mut conn, path).await?;
        sqlx::query("BEGIN")
            .execute(&mut conn)
            .await
            .map_err(StoreError::from)?;
        Ok(Reader { conn })
    }

    /// The names of `table`'s columns.
    pub async fn columns(&mut self, table: &str) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                .bind(table)
                .fetch_all(&mut self.conn)
                .await?,
        )
    }

    /// Every row of `table`, its values in the order of `columns`.
    pub fn rows<'a>(&'a mut self, table: &str, columns: &'a [Column]) -> Rows<'a> {
        let selected: Vec<String> = columns
            .iter()
            .map(|c| {
                if c.from_rowid {
                    "rowid".to_owned()
                } else {
                    format!("\"{}\"", c.name)
                }
            })
            .collect();
        let sql = format!("SELECT {} FROM \"{table}\"", selected.join(", "));
        Box::pin(
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch(&mut self.conn)
                .map_err(StoreError::from)
                .and_then(move |row| std::future::ready(values(&row, columns))),
        )
    }

    /// The highest id each AUTOINCREMENT table ever handed out, deleted rows' included.
    pub async fn high_water_marks(&mut self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query("SELECT name, seq FROM sqlite_sequence")
            .fetch_all(&mut self.conn)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("name")?, r.try_get("seq")?)))
            .collect()
    }

    /// Ends the read transaction.
    pub async fn close(self) -> Result<(), StoreError> {
        Ok(self.conn.close().await?)
    }
}

/// A row's values as the target's column kinds read them.
fn values(row: &SqliteRow, columns: &[Column]) -> Result<Vec<Value>, StoreError> {
    columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            Ok(match column.kind {
                Kind::Integer | Kind::Boolean => row
                    .try_get::<Option<i64>, _>(i)?
                    .map_or(Value::Null, Value::Integer),
                Kind::Text => row
                    .try_get::<Option<String>, _>(i)?
                    .map_or(Value::Null, Value::Text),
            })
        })
        .collect()
}

/// Refuses a path with nothing at it or a file that is not a SQLite database, before SQLite
/// opens it (which would take any file for an empty database).
fn check_header(path: &Path) -> Result<(), SourceError> {
    let mut file = std::fs::File::open(path).map_err(|_| SourceError::Missing(path.into()))?;
    let mut header = [0_u8; 16];
    match file.read_exact(&mut header) {
        Ok(()) if &header == HEADER => Ok(()),
        _ => Err(SourceError::NotSqlite(path.into())),
    }
}

/// Refuses a database whose applied migrations are not exactly this build's.
async fn check_migrations(conn: &mut SqliteConnection, path: &Path) -> Result<(), MigrateError> {
    let not_ours = |why: &str| SourceError::NotOurs {
        path: PathBuf::from(path),
        why: why.to_owned(),
    };
    let has_record: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(|_| SourceError::NotSqlite(path.into()))?;
    if !has_record {
        return Err(not_ours("it has no record of our migrations").into());
    }
    let applied =
        sqlx::query("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await
            .map_err(StoreError::from)?;
    let expected = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    let mut found = 0;
    for row in &applied {
        let version: i64 = row.try_get("version").map_err(StoreError::from)?;
        let checksum: Vec<u8> = row.try_get("checksum").map_err(StoreError::from)?;
        let success: bool = row.try_get("success").map_err(StoreError::from)?;
        let Some(ours) = MIGRATOR.iter().find(|m| m.version == version) else {
            return Err(not_ours(&format!(
                "it has migration {version}, which this build does not (a newer server's?)"
            ))
            .into());
        };
        if *ours.checksum != *checksum {
            return Err(not_ours(&format!("its migration {version} is not ours")).into());
        }
        if !success {
            return Err(not_ours(&format!("its migration {version} did not complete")).into());
        }
        found = found.max(version);
    }
    if applied.len() != MIGRATOR.iter().count() {
        return Err(SourceError::Behind {
            path: path.into(),
            found,
            expected,
        }
        .into());
    }
    Ok(())
}
