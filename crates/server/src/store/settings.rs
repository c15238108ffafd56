//! The `settings` table: SCIM on/off and the seat limit.

use sqlx::Row;

use super::{Db, StoreError};

/// The project's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Whether SCIM requests are accepted.
    pub scim_enabled: bool,
    /// Licence seats for Users.
    pub seat_limit: u32,
}

/// Creates the settings row on first start; an existing row is left as it is.
pub async fn ensure(db: &Db, initial_seat_limit: u32) -> Result<(), StoreError> {
    sqlx::query("INSERT OR IGNORE INTO settings (id, scim_enabled, seat_limit) VALUES (1, 1, ?)")
        .bind(i64::from(initial_seat_limit))
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Reads the settings.
pub async fn get(db: &Db) -> Result<Settings, StoreError> {
    let row = sqlx::query("SELECT scim_enabled, seat_limit FROM settings WHERE id = 1")
        .fetch_one(db.pool())
        .await?;
    Ok(Settings {
        scim_enabled: row.try_get::<bool, _>("scim_enabled")?,
        seat_limit: u32::try_from(row.try_get::<i64, _>("seat_limit")?).unwrap_or(0),
    })
}

/// Changes the given settings, returning them as they are now.
pub async fn update(
    db: &Db,
    scim_enabled: Option<bool>,
    seat_limit: Option<u32>,
) -> Result<Settings, StoreError> {
    sqlx::query(
        "UPDATE settings SET scim_enabled = COALESCE(?, scim_enabled),
             seat_limit = COALESCE(?, seat_limit) WHERE id = 1",
    )
    .bind(scim_enabled)
    .bind(seat_limit.map(i64::from))
    .execute(db.writer())
    .await?;
    get(db).await
}
