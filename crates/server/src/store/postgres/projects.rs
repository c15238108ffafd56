//! The `projects` table on PostgreSQL.

use scim_sync_core::setup::ProjectSummary;
use sqlx::PgConnection;

use super::PgDb;
use crate::domain::project::ProjectId;
use crate::store::projects::{COLUMNS, summary};
use crate::store::{StoreError, now_ms};

pub async fn create(
    conn: &mut PgConnection,
    name: &str,
    seat_limit: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO projects (name, scim_enabled, seat_limit, created_at) VALUES ($1, TRUE, $2, $3)
         RETURNING id",
    )
    .bind(name)
    .bind(seat_limit)
    .bind(now_ms())
    .fetch_one(conn)
    .await?)
}

/// SHARE ROW EXCLUSIVE conflicts with itself and with writes, not with reads.
pub async fn lock(conn: &mut PgConnection) -> Result<(), StoreError> {
    sqlx::query("LOCK TABLE projects IN SHARE ROW EXCLUSIVE MODE")
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn any(conn: &mut PgConnection) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM projects)")
        .fetch_one(conn)
        .await?)
}

pub async fn list(db: &PgDb) -> Result<Vec<ProjectSummary>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{COLUMNS} ORDER BY id")))
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(summary).collect()
}

pub async fn get(db: &PgDb, id: ProjectId) -> Result<Option<ProjectSummary>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{COLUMNS} WHERE id = $1")))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(summary).transpose()
}
