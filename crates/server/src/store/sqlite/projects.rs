//! The `projects` table on SQLite.

use scim_sync_core::setup::ProjectSummary;
use sqlx::SqliteConnection;

use super::SqliteDb;
use crate::domain::project::ProjectId;
use crate::store::projects::{COLUMNS, summary};
use crate::store::{StoreError, now_ms};

pub async fn create(
    conn: &mut SqliteConnection,
    name: &str,
    seat_limit: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO projects (name, scim_enabled, seat_limit, created_at) VALUES (?, 1, ?, ?)
         RETURNING id",
    )
    .bind(name)
    .bind(seat_limit)
    .bind(now_ms())
    .fetch_one(conn)
    .await?)
}

/// Nothing to take: the write transaction holds the database's write lock.
pub async fn lock(_conn: &mut SqliteConnection) -> Result<(), StoreError> {
    Ok(())
}

pub async fn any(conn: &mut SqliteConnection) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM projects)")
        .fetch_one(conn)
        .await?)
}

pub async fn list(db: &SqliteDb) -> Result<Vec<ProjectSummary>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{COLUMNS} ORDER BY id")))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(summary).collect()
}

pub async fn get(db: &SqliteDb, id: ProjectId) -> Result<Option<ProjectSummary>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{COLUMNS} WHERE id = ?")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(summary).transpose()
}
