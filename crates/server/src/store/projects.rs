//! The `projects` table: the tenants. Only the operator creates or lists them.

use scim_sync_core::setup::ProjectSummary;

use super::row::StoredRow;
use super::{Db, StoreError, Tx, rfc3339};
use crate::domain::project::ProjectId;

/// Creates a project with SCIM on.
pub async fn create(db: &Db, name: &str, seat_limit: u32) -> Result<ProjectId, StoreError> {
    let mut tx = db.begin_write().await?;
    let id = create_in(&mut tx, name, seat_limit).await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates a project with SCIM on, inside the caller's transaction.
pub async fn create_in(tx: &mut Tx, name: &str, seat_limit: u32) -> Result<ProjectId, StoreError> {
    let id = dispatch_tx!(tx, projects::create(name, i64::from(seat_limit)))?;
    Ok(ProjectId(id))
}

/// Makes the transaction the only one that may create a project until it ends: on SQLite its
/// write lock does; on PostgreSQL it locks the `projects` table against other such
/// transactions (reads go on).
pub async fn lock_in(tx: &mut Tx) -> Result<(), StoreError> {
    dispatch_tx!(tx, projects::lock())
}

/// Whether any project exists, read inside a transaction.
pub async fn any_in(tx: &mut Tx) -> Result<bool, StoreError> {
    dispatch_tx!(tx, projects::any())
}

/// Every project, oldest first.
pub async fn list(db: &Db) -> Result<Vec<ProjectSummary>, StoreError> {
    dispatch!(db.backend(), projects::list())
}

/// The project with this id.
pub async fn get(db: &Db, id: ProjectId) -> Result<Option<ProjectSummary>, StoreError> {
    dispatch!(db.backend(), projects::get(id))
}

/// The columns [`summary`] reads.
pub(super) const COLUMNS: &str =
    "SELECT id, name, seat_limit, scim_enabled, created_at FROM projects";

/// A project as listed (the [`COLUMNS`]).
pub(super) fn summary(row: &impl StoredRow) -> Result<ProjectSummary, StoreError> {
    Ok(ProjectSummary {
        id: row.col("id")?,
        name: row.col("name")?,
        seat_limit: u32::try_from(row.col::<i64>("seat_limit")?).unwrap_or(0),
        scim_enabled: row.col("scim_enabled")?,
        created_at: rfc3339(row.col("created_at")?),
    })
}
