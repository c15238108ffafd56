//! The `audit` table: every admin action, who, when, what.

use scim_sync_core::api::AuditEntry;

use super::row::StoredRow;
use super::{ProjectDb, StoreError, Tx, rfc3339};
use crate::domain::project::ProjectId;

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
    action: &str,
    summary: &str,
) -> Result<(), StoreError> {
    dispatch!(db.backend(), audit::record(db.id(), actor, action, summary))
}

/// Records an admin action inside the caller's transaction, so that the action and its entry
/// commit together.
pub async fn record_in(
    tx: &mut Tx,
    project: ProjectId,
    actor: &str,
    action: &str,
    summary: &str,
) -> Result<(), StoreError> {
    dispatch_tx!(tx, audit::insert(project, actor, action, summary))
}

/// The latest entries, newest first.
pub async fn latest(db: &ProjectDb, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
    dispatch!(db.backend(), audit::latest(db.id(), limit))
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
