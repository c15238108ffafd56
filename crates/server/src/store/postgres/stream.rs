//! The live stream's tickets, notifications and parked messages on PostgreSQL
//! (`store::stream`).

use super::PgDb;
use crate::domain::project::ProjectId;
use crate::store::StoreError;

pub async fn issue_ticket(
    db: &PgDb,
    hash: &str,
    project: ProjectId,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO stream_tickets (hash, project_id, expires_at) VALUES ($1, $2, $3)")
        .bind(hash)
        .bind(project)
        .bind(expires_at)
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn take_ticket(db: &PgDb, hash: &str) -> Result<Option<(ProjectId, i64)>, StoreError> {
    let ticket = sqlx::query_as(
        "DELETE FROM stream_tickets WHERE hash = $1 RETURNING project_id, expires_at",
    )
    .bind(hash)
    .fetch_optional(db.writer())
    .await?;
    Ok(ticket)
}

pub async fn prune_tickets(db: &PgDb, now: i64) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM stream_tickets WHERE expires_at <= $1")
        .bind(now)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}

pub async fn notify(db: &PgDb, channel: &str, payload: &str) -> Result<(), StoreError> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(channel)
        .bind(payload)
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn park(
    db: &PgDb,
    payload: &str,
    now: i64,
    stale_before: i64,
) -> Result<i64, StoreError> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("DELETE FROM stream_parked WHERE created_at < $1")
        .bind(stale_before)
        .execute(&mut *tx)
        .await?;
    let id = sqlx::query_scalar(
        "INSERT INTO stream_parked (payload, created_at) VALUES ($1, $2) RETURNING id",
    )
    .bind(payload)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn parked(db: &PgDb, id: i64) -> Result<Option<String>, StoreError> {
    let payload = sqlx::query_scalar("SELECT payload FROM stream_parked WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(payload)
}
