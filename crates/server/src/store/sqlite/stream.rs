//! The live stream's tickets on SQLite (`store::stream`).

use super::SqliteDb;
use crate::domain::project::ProjectId;
use crate::store::StoreError;

pub async fn issue_ticket(
    db: &SqliteDb,
    hash: &str,
    project: ProjectId,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO stream_tickets (hash, project_id, expires_at) VALUES (?, ?, ?)")
        .bind(hash)
        .bind(project)
        .bind(expires_at)
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn take_ticket(
    db: &SqliteDb,
    hash: &str,
) -> Result<Option<(ProjectId, i64)>, StoreError> {
    let ticket = sqlx::query_as(
        "DELETE FROM stream_tickets WHERE hash = ? RETURNING project_id, expires_at",
    )
    .bind(hash)
    .fetch_optional(db.writer())
    .await?;
    Ok(ticket)
}

pub async fn prune_tickets(db: &SqliteDb, now: i64) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM stream_tickets WHERE expires_at <= ?")
        .bind(now)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
