//! The `connections` table: a project's IdP connections ("Okta production"), each with its
//! SCIM tokens.

use scim_sync_core::setup::ConnectionSummary;
use sqlx::Row;

use super::{ProjectDb, StoreError, now_ms, rfc3339};
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
    conn: &mut sqlx::SqliteConnection,
    project: ProjectId,
    name: &str,
) -> Result<ConnectionId, ConnectionError> {
    let id = sqlx::query_scalar(
        "INSERT INTO connections (project_id, name, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(project)
    .bind(name)
    .bind(now_ms())
    .fetch_one(conn)
    .await
    .map_err(|error| match &error {
        sqlx::Error::Database(e) if e.is_unique_violation() => ConnectionError::Duplicate,
        _ => ConnectionError::Store(error.into()),
    })?;
    Ok(ConnectionId(id))
}

/// The project's connections, oldest first, with whether each one's last request failed
/// authentication (their tokens are listed by [`super::tokens::list_scim`]).
pub async fn list(db: &ProjectDb) -> Result<Vec<ConnectionSummary>, StoreError> {
    let rows = sqlx::query(
        "SELECT c.id, c.name, c.created_at,
             (SELECT e.category = 'auth' FROM sync_events e
              WHERE e.connection_id = c.id ORDER BY e.id DESC LIMIT 1) AS refused
         FROM connections c WHERE c.project_id = ? ORDER BY c.id",
    )
    .bind(db.id())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(ConnectionSummary {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                created_at: rfc3339(row.try_get("created_at")?),
                tokens: Vec::new(),
                last_request_refused: row.try_get::<Option<bool>, _>("refused")?.unwrap_or(false),
            })
        })
        .collect()
}

/// The project's connection with this id, if it has one.
pub async fn find(
    conn: &mut sqlx::SqliteConnection,
    project: ProjectId,
    id: i64,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT name FROM connections WHERE id = ? AND project_id = ?")
            .bind(id)
            .bind(project)
            .fetch_optional(conn)
            .await?,
    )
}
