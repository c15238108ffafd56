//! The `sessions` table on SQLite.

use super::SqliteDb;
use crate::store::sessions::{Session, from_row};
use crate::store::{StoreError, now_ms};

pub async fn create(
    db: &SqliteDb,
    hash: &str,
    kind: &str,
    session: &Session,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (hash, project_id, actor, kind, csrf, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
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

pub async fn find(db: &SqliteDb, hash: &str, kind: &str) -> Result<Option<Session>, StoreError> {
    let row = sqlx::query(
        "SELECT project_id, actor, csrf, expires_at FROM sessions
         WHERE hash = ? AND kind = ? AND expires_at > ?",
    )
    .bind(hash)
    .bind(kind)
    .bind(now_ms())
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn delete(db: &SqliteDb, hash: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE hash = ?")
        .bind(hash)
        .execute(db.writer())
        .await?;
    Ok(())
}

pub async fn prune(db: &SqliteDb) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= ?")
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
