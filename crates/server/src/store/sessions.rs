//! The `sessions` table: signed-in admins (see migration 0005). Only the secret's hash is
//! stored; an expired session authenticates nothing and is pruned.

use sqlx::Row;

use super::{Db, StoreError, now_ms};
use crate::domain::project::ProjectId;
use crate::domain::secret::TokenHash;

/// How a session travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// In an HttpOnly cookie (standalone dashboard); writes need its CSRF token.
    Cookie,
    /// As a bearer token a host platform handed the embedded dashboard.
    Embedded,
}

impl SessionKind {
    fn code(self) -> &'static str {
        match self {
            SessionKind::Cookie => "cookie",
            SessionKind::Embedded => "embedded",
        }
    }
}

/// A live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Its project.
    pub project: ProjectId,
    /// Who signed in.
    pub actor: String,
    /// The CSRF token of a cookie session.
    pub csrf: Option<String>,
    /// Unix ms.
    pub expires_at: i64,
}

/// Stores a new session.
pub async fn create(
    db: &Db,
    hash: &TokenHash,
    kind: SessionKind,
    session: &Session,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (hash, project_id, actor, kind, csrf, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(hash.as_str())
    .bind(session.project)
    .bind(&session.actor)
    .bind(kind.code())
    .bind(&session.csrf)
    .bind(now_ms())
    .bind(session.expires_at)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// The unexpired session of this kind with this hash.
pub async fn find(
    db: &Db,
    hash: &TokenHash,
    kind: SessionKind,
) -> Result<Option<Session>, StoreError> {
    let row = sqlx::query(
        "SELECT project_id, actor, csrf, expires_at FROM sessions
         WHERE hash = ? AND kind = ? AND expires_at > ?",
    )
    .bind(hash.as_str())
    .bind(kind.code())
    .bind(now_ms())
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| {
        Ok(Session {
            project: ProjectId(row.try_get("project_id")?),
            actor: row.try_get("actor")?,
            csrf: row.try_get("csrf")?,
            expires_at: row.try_get("expires_at")?,
        })
    })
    .transpose()
}

/// Ends a session (signing out).
pub async fn delete(db: &Db, hash: &TokenHash) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE hash = ?")
        .bind(hash.as_str())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Removes expired sessions; returns how many.
pub async fn prune(db: &Db) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= ?")
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
