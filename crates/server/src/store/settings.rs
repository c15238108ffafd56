//! A project's settings (SCIM on/off, the seat limit): columns of its `projects` row.

use sqlx::Row;

use super::audit::Actor;
use super::{ProjectDb, StoreError};

/// A project's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Whether SCIM requests are accepted.
    pub scim_enabled: bool,
    /// Licence seats for Users.
    pub seat_limit: u32,
}

/// Reads the project's settings.
pub async fn get(db: &ProjectDb) -> Result<Settings, StoreError> {
    let row = sqlx::query("SELECT scim_enabled, seat_limit FROM projects WHERE id = ?")
        .bind(db.id())
        .fetch_one(db.pool())
        .await?;
    Ok(Settings {
        scim_enabled: row.try_get::<bool, _>("scim_enabled")?,
        seat_limit: u32::try_from(row.try_get::<i64, _>("seat_limit")?).unwrap_or(0),
    })
}

/// Whether the project accepts SCIM requests, read inside a transaction.
pub async fn scim_enabled_in(
    conn: &mut sqlx::SqliteConnection,
    project: crate::domain::project::ProjectId,
) -> Result<bool, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT scim_enabled FROM projects WHERE id = ?")
            .bind(project)
            .fetch_one(conn)
            .await?,
    )
}

/// Changes the given settings and records `summary` as the admin's action, in one
/// transaction; returns the settings as they are now.
pub async fn update(
    db: &ProjectDb,
    scim_enabled: Option<bool>,
    seat_limit: Option<u32>,
    actor: Actor<'_>,
    summary: &str,
) -> Result<Settings, StoreError> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE projects SET scim_enabled = COALESCE(?, scim_enabled),
             seat_limit = COALESCE(?, seat_limit) WHERE id = ?",
    )
    .bind(scim_enabled)
    .bind(seat_limit.map(i64::from))
    .bind(db.id())
    .execute(&mut *tx)
    .await?;
    actor.record_in(&mut tx, db.id(), summary).await?;
    tx.commit().await?;
    get(db).await
}
