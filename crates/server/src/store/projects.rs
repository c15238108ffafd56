//! The `projects` table: the tenants. Only the operator creates or lists them.

use scim_sync_core::setup::ProjectSummary;
use sqlx::Row;

use super::{Db, StoreError, now_ms, rfc3339};
use crate::domain::project::ProjectId;

/// Creates a project with SCIM on.
pub async fn create(db: &Db, name: &str, seat_limit: u32) -> Result<ProjectId, StoreError> {
    create_in(db.writer().acquire().await?.as_mut(), name, seat_limit).await
}

/// Creates a project with SCIM on, inside the caller's transaction.
pub async fn create_in(
    conn: &mut sqlx::SqliteConnection,
    name: &str,
    seat_limit: u32,
) -> Result<ProjectId, StoreError> {
    let id = sqlx::query_scalar(
        "INSERT INTO projects (name, scim_enabled, seat_limit, created_at) VALUES (?, 1, ?, ?)
         RETURNING id",
    )
    .bind(name)
    .bind(i64::from(seat_limit))
    .bind(now_ms())
    .fetch_one(conn)
    .await?;
    Ok(ProjectId(id))
}

const COLUMNS: &str = "SELECT id, name, seat_limit, scim_enabled, created_at FROM projects";

/// Every project, oldest first.
pub async fn list(db: &Db) -> Result<Vec<ProjectSummary>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{COLUMNS} ORDER BY id")))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(summary).collect()
}

/// The project with this id.
pub async fn get(db: &Db, id: ProjectId) -> Result<Option<ProjectSummary>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{COLUMNS} WHERE id = ?")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(summary).transpose()
}

fn summary(row: &sqlx::sqlite::SqliteRow) -> Result<ProjectSummary, StoreError> {
    Ok(ProjectSummary {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        seat_limit: u32::try_from(row.try_get::<i64, _>("seat_limit")?).unwrap_or(0),
        scim_enabled: row.try_get("scim_enabled")?,
        created_at: rfc3339(row.try_get("created_at")?),
    })
}
