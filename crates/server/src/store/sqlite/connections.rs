//! The `connections` table on SQLite.

use scim_sync_core::setup::ConnectionSummary;
use sqlx::SqliteConnection;

use super::SqliteDb;
use crate::domain::project::ProjectId;
use crate::store::{StoreError, now_ms};

pub async fn create(
    conn: &mut SqliteConnection,
    project: ProjectId,
    name: &str,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO connections (project_id, name, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(project)
    .bind(name)
    .bind(now_ms())
    .fetch_one(conn)
    .await?)
}

pub async fn list(db: &SqliteDb, project: ProjectId) -> Result<Vec<ConnectionSummary>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.created_at,
             (SELECT e.category = 'auth' FROM sync_events e
              WHERE e.connection_id = c.id ORDER BY e.id DESC LIMIT 1) AS refused
         FROM connections c WHERE c.project_id = ? ORDER BY c.id",
    )
    .bind(project)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(crate::store::connections::summary)
        .collect()
}

pub async fn find(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: i64,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT name FROM connections WHERE id = ? AND project_id = ?")
            .bind(id)
            .bind(project)
            .fetch_optional(conn)
            .await?,
    )
}
