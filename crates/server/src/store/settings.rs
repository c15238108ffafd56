//! A project's settings (SCIM on/off, the seat limit): columns of its `projects` row.

use super::audit::Actor;
use super::row::StoredRow;
use super::{ProjectDb, StoreError, Tx};
use crate::domain::project::ProjectId;

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
    dispatch!(db.backend(), settings::get(db.id()))
}

/// Whether the project accepts SCIM requests, read inside a transaction.
pub async fn scim_enabled_in(tx: &mut Tx, project: ProjectId) -> Result<bool, StoreError> {
    dispatch_tx!(tx, settings::scim_enabled(project))
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
    let seat_limit = seat_limit.map(i64::from);
    dispatch_tx!(&mut tx, settings::update(db.id(), scim_enabled, seat_limit))?;
    actor.record_in(&mut tx, db.id(), summary).await?;
    tx.commit().await?;
    get(db).await
}

/// Settings as read (`scim_enabled, seat_limit`).
pub(super) fn from_row(row: &impl StoredRow) -> Result<Settings, StoreError> {
    Ok(Settings {
        scim_enabled: row.col("scim_enabled")?,
        seat_limit: u32::try_from(row.col::<i64>("seat_limit")?).unwrap_or(0),
    })
}
