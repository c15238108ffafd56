//! The `audit` table: every admin action, who, when, what.

use scim_sync_core::api::AuditEntry;
use sqlx::Row;

use super::{ProjectDb, StoreError, now_ms, rfc3339};

/// Who did what, to record in the same transaction as the change itself.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The admin.
    pub name: &'a str,
    /// The action's code (`settings`, `invite`, …).
    pub action: &'a str,
}

impl Actor<'_> {
    /// Records this admin's action with `summary` inside the caller's transaction.
    pub async fn record_in(
        &self,
        conn: &mut sqlx::SqliteConnection,
        project: crate::domain::project::ProjectId,
        summary: &str,
    ) -> Result<(), StoreError> {
        record_in(conn, project, self.name, self.action, summary).await
    }
}

/// Records an admin action.
pub async fn record(
    db: &ProjectDb,
    actor: &str,
    action: &str,
    summary: &str,
) -> Result<(), StoreError> {
    record_in(
        db.writer().acquire().await?.as_mut(),
        db.id(),
        actor,
        action,
        summary,
    )
    .await
}

/// Records an admin action inside the caller's transaction, so that the action and its entry
/// commit together.
pub async fn record_in(
    conn: &mut sqlx::SqliteConnection,
    project: crate::domain::project::ProjectId,
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

/// The latest entries, newest first.
pub async fn latest(db: &ProjectDb, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, at, actor, action, summary FROM audit WHERE project_id = ?
         ORDER BY id DESC LIMIT ?",
    )
    .bind(db.id())
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(AuditEntry {
                id: row.try_get("id")?,
                at: rfc3339(row.try_get("at")?),
                actor: row.try_get("actor")?,
                action: row.try_get("action")?,
                summary: row.try_get("summary")?,
            })
        })
        .collect()
}
