//! The `audit` table: every admin action, who, when, what.

use scim_sync_core::api::AuditEntry;
use sqlx::Row;

use super::{Db, StoreError, now_ms, rfc3339};

/// Records an admin action.
pub async fn record(db: &Db, actor: &str, action: &str, summary: &str) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO audit (at, actor, action, summary) VALUES (?, ?, ?, ?)")
        .bind(now_ms())
        .bind(actor)
        .bind(action)
        .bind(summary)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// The latest entries, newest first.
pub async fn latest(db: &Db, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
    let rows =
        sqlx::query("SELECT id, at, actor, action, summary FROM audit ORDER BY id DESC LIMIT ?")
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
