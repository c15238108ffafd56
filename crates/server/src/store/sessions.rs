//! The `sessions` table: signed-in admins (see migration 0005). Only the secret's hash is
//! stored; an expired session authenticates nothing and is pruned.

use super::row::StoredRow;
use super::{Db, StoreError};
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
    pub(super) fn code(self) -> &'static str {
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
    dispatch!(
        db.backend(),
        sessions::create(hash.as_str(), kind.code(), session)
    )
}

/// The unexpired session of this kind with this hash.
pub async fn find(
    db: &Db,
    hash: &TokenHash,
    kind: SessionKind,
) -> Result<Option<Session>, StoreError> {
    dispatch!(db.backend(), sessions::find(hash.as_str(), kind.code()))
}

/// Ends a session (signing out).
pub async fn delete(db: &Db, hash: &TokenHash) -> Result<(), StoreError> {
    dispatch!(db.backend(), sessions::delete(hash.as_str()))
}

/// Removes expired sessions; returns how many.
pub async fn prune(db: &Db) -> Result<u64, StoreError> {
    dispatch!(db.backend(), sessions::prune())
}

/// A session as read (`project_id, actor, csrf, expires_at`).
pub(super) fn from_row(row: &impl StoredRow) -> Result<Session, StoreError> {
    Ok(Session {
        project: ProjectId(row.col("project_id")?),
        actor: row.col("actor")?,
        csrf: row.col("csrf")?,
        expires_at: row.col("expires_at")?,
    })
}
