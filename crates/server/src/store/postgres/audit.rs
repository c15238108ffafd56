//! The `audit` table on PostgreSQL.

use scim_sync_core::api::AuditEntry;
use sqlx::PgConnection;

use super::PgDb;
use crate::domain::project::ProjectId;
use crate::store::{StoreError, now_ms};

pub async fn record(
    db: &PgDb,
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
    conn: &mut PgConnection,
    project: ProjectId,
    actor: &str,
    action: &str,
    summary: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit (project_id, at, actor, action, summary) VALUES ($1, $2, $3, $4, $5)",
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
    db: &PgDb,
    project: ProjectId,
    limit: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, at, actor, action, summary FROM audit WHERE project_id = $1
         ORDER BY id DESC LIMIT $2",
    )
    .bind(project)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(crate::store::audit::entry).collect()
}
