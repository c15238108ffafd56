//! The `audit` table: every admin action, who, when, what.

use scim_sync_core::api::AuditEntry;
use scim_sync_core::audit::AdminAction;

use super::row::StoredRow;
use super::{ProjectDb, StoreError, Tx, rfc3339};
use crate::domain::project::ProjectId;

/// Who did what, to record in the same transaction as the change itself.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The admin.
    pub name: &'a str,
    /// The action.
    pub action: AdminAction,
}

impl Actor<'_> {
    /// Records this admin's action with `summary` inside the caller's transaction.
    pub async fn record_in(
        &self,
        tx: &mut Tx,
        project: ProjectId,
        summary: &str,
    ) -> Result<(), StoreError> {
        record_in(tx, project, self.name, self.action, summary).await
    }
}

/// Records an admin action.
pub async fn record(
    db: &ProjectDb,
    actor: &str,
    action: AdminAction,
    summary: &str,
) -> Result<(), StoreError> {
    dispatch!(
        db.backend(),
        audit::record(db.id(), actor, action.code(), summary)
    )
}

/// Records an admin action inside the caller's transaction, so that the action and its entry
/// commit together.
pub async fn record_in(
    tx: &mut Tx,
    project: ProjectId,
    actor: &str,
    action: AdminAction,
    summary: &str,
) -> Result<(), StoreError> {
    dispatch_tx!(tx, audit::insert(project, actor, action.code(), summary))
}

/// Which entries an Activity page lists; every field narrows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only this action.
    pub action: Option<AdminAction>,
    /// Only this admin's (the name exactly).
    pub actor: Option<String>,
    /// Text in the summary or the admin's name, in any case.
    pub text: Option<String>,
    /// Not before (Unix ms).
    pub since: Option<i64>,
    /// Before (Unix ms).
    pub until: Option<i64>,
}

/// A page of the entries `query` matches, newest first, after the entry `before` (keyset on
/// the id).
pub async fn search(
    db: &ProjectDb,
    query: &AuditQuery,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    dispatch!(db.backend(), audit::search(db.id(), query, before, limit))
}

/// How many entries `query` matches.
pub async fn count(db: &ProjectDb, query: &AuditQuery) -> Result<u64, StoreError> {
    dispatch!(db.backend(), audit::count(db.id(), query))
}

/// An entry as read (`id, at, actor, action, summary`).
pub(super) fn entry(row: &impl StoredRow) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        id: row.col("id")?,
        at: rfc3339(row.col("at")?),
        actor: row.col("actor")?,
        action: row.col("action")?,
        summary: row.col("summary")?,
    })
}
