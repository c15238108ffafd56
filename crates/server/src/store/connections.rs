//! The `connections` table: a project's IdP connections ("Okta production"), each with its
//! SCIM tokens.

use scim_sync_core::setup::ConnectionSummary;

use super::row::StoredRow;
use super::{ProjectDb, StoreError, Tx, rfc3339};
use crate::domain::project::{ConnectionId, ProjectId};

/// Why a connection could not be created.
#[derive(Debug, thiserror::Error)]
pub enum ConnectionError {
    /// The project already has a connection of that name.
    #[error("a connection of that name exists")]
    Duplicate,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Creates a connection inside a caller's transaction.
pub async fn create(
    tx: &mut Tx,
    project: ProjectId,
    name: &str,
) -> Result<ConnectionId, ConnectionError> {
    let created: Result<i64, StoreError> = dispatch_tx!(tx, connections::create(project, name));
    match created {
        Ok(id) => Ok(ConnectionId(id)),
        Err(e) if e.is_unique_violation() => Err(ConnectionError::Duplicate),
        Err(e) => Err(ConnectionError::Store(e)),
    }
}

/// The project's connections, oldest first, with whether each one's last request failed
/// authentication (their tokens are listed by [`super::tokens::list_scim`]).
pub async fn list(db: &ProjectDb) -> Result<Vec<ConnectionSummary>, StoreError> {
    dispatch!(db.backend(), connections::list(db.id()))
}

/// The project's connection with this id, if it has one.
pub async fn find(tx: &mut Tx, project: ProjectId, id: i64) -> Result<Option<String>, StoreError> {
    dispatch_tx!(tx, connections::find(project, id))
}

/// A connection as listed (`id, name, created_at, refused`).
pub(super) fn summary(row: &impl StoredRow) -> Result<ConnectionSummary, StoreError> {
    Ok(ConnectionSummary {
        id: row.col("id")?,
        name: row.col("name")?,
        created_at: rfc3339(row.col("created_at")?),
        tokens: Vec::new(),
        last_request_refused: row.col::<Option<bool>>("refused")?.unwrap_or(false),
    })
}
