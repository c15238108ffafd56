//! The `sessions` table on PostgreSQL.

use super::PgDb;
use crate::store::sessions::{Session, from_row};
use crate::store::{StoreError, now_ms};

pub async fn create(
    db: &PgDb,
    hash: &str,
    kind: &str,
    session: &Session,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (hash, project_id, actor, kind, csrf, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(hash)
    .bind(session.project)
    .bind(&session.actor)
    .bind(kind)
    .bind(&session.csrf)
    .bind(now_ms())
    .bind(session.expires_at)
    .execute(db.writer())
    .await?;
    Ok(())
}

pub async fn find(db: &PgDb, hash: &str, kind: &str) -> Result<Option<Session>, StoreError> {
    let row = sqlx::query(
        "SELECT project_id, actor, csrf, expires_at FROM sessions
         WHERE hash = $1 AND kind = $2 AND expires_at > $3",
    )
    .bind(hash)
    .bind(kind)
    .bind(now_ms())
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn delete(db: &PgDb, hash: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE hash = $1")
        .bind(hash)
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn prune(db: &PgDb) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
