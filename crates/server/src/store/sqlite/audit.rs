//! The `audit` table on SQLite.

use scim_sync_core::api::AuditEntry;
use sqlx::SqliteConnection;

use super::SqliteDb;
use crate::domain::project::ProjectId;
use crate::store::{StoreError, now_ms};

pub async fn record(
    db: &SqliteDb,
    project: ProjectId,
    actor: &str,
    action: &str,
    summary: &str,
) -> Result<(), StoreError> {
    insert(
        db.writer().acquire().await?.as_mut(),
        project,
        actor,
        action,
        summary,
    )
    .await
}

pub async fn insert(
    conn: &mut SqliteConnection,
    project: ProjectId,
    actor: &str,
    action: &str,
    summary: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit (project_id, at, actor, action, summary) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(project)
    .bind(now_ms())
    .bind(actor)
    .bind(action)
    .bind(summary)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn latest(
    db: &SqliteDb,
    project: ProjectId,
    limit: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, at, actor, action, summary FROM audit WHERE project_id = ?
         ORDER BY id DESC LIMIT ?",
    )
    .bind(project)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(crate::store::audit::entry).collect()
}
