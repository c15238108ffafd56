//! The `identities` table: Users and Readers.

use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::{Db, StoreError, now_ms};
use crate::domain::identity::{IdentityDraft, IdentityKind, Origin};

/// A stored identity.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// The SCIM id.
    pub id: String,
    /// User or Reader.
    pub kind: IdentityKind,
    /// Whether it may sign in.
    pub active: bool,
    /// The SCIM representation last accepted (no id, no meta, no secrets).
    pub resource: serde_json::Value,
    /// Bumped on every change; the ETag.
    pub version: i64,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms.
    pub updated_at: i64,
}

/// Why a SCIM-managed identity could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// Its `userName` or email is taken.
    #[error("userName or email already in use")]
    Duplicate,
    /// It is an active User and every seat is taken.
    #[error("no licence seat is free (limit {limit})")]
    NoSeat {
        /// The seat limit in force.
        limit: u32,
    },
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Inserts a SCIM-managed identity. An active User is inserted only while a seat is free; the
/// check and the insert are one statement under the database's write lock, so concurrent
/// creates can never over-allocate seats, and uniqueness is the unique indexes' job.
pub async fn create_scim(
    db: &Db,
    id: &str,
    draft: &IdentityDraft,
    resource: &serde_json::Value,
) -> Result<Identity, CreateError> {
    let now = now_ms();
    let result = sqlx::query(
        "INSERT INTO identities (id, external_id, user_name, user_name_key, email, email_key,
             display_name, kind, active, origin, resource, version, created_at, updated_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?
         WHERE NOT ? OR (SELECT COUNT(*) FROM identities WHERE kind = 'user' AND active = 1)
                        < (SELECT seat_limit FROM settings WHERE id = 1)",
    )
    .bind(id)
    .bind(draft.external_id.as_deref())
    .bind(draft.user_name.as_str())
    .bind(draft.user_name.key())
    .bind(draft.email.as_ref().map(|e| e.as_str()))
    .bind(draft.email.as_ref().map(|e| e.key()))
    .bind(draft.display_name.as_deref())
    .bind(draft.kind.code())
    .bind(draft.active)
    .bind(Origin::Scim.code())
    .bind(resource.to_string())
    .bind(now)
    .bind(now)
    .bind(draft.takes_seat())
    .execute(db.pool())
    .await;
    match result {
        Ok(done) if done.rows_affected() == 1 => Ok(Identity {
            id: id.to_owned(),
            kind: draft.kind,
            active: draft.active,
            resource: resource.clone(),
            version: 1,
            created_at: now,
            updated_at: now,
        }),
        Ok(_) => {
            let limit = super::settings::get(db).await?.seat_limit;
            Err(CreateError::NoSeat { limit })
        }
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(CreateError::Duplicate),
        Err(e) => Err(CreateError::Store(e.into())),
    }
}

/// The identity with this id.
pub async fn get(db: &Db, id: &str) -> Result<Option<Identity>, StoreError> {
    let row = sqlx::query(
        "SELECT id, kind, active, resource, version, created_at, updated_at
         FROM identities WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| from_row(&r)).transpose()
}

/// Seats held (active Users) and Readers, in one read.
pub async fn counts(db: &Db) -> Result<(u32, u64), StoreError> {
    let row = sqlx::query(
        "SELECT
             (SELECT COUNT(*) FROM identities WHERE kind = 'user' AND active = 1) AS seats,
             (SELECT COUNT(*) FROM identities WHERE kind = 'reader') AS readers",
    )
    .fetch_one(db.pool())
    .await?;
    let seats: i64 = row.try_get("seats")?;
    let readers: i64 = row.try_get("readers")?;
    Ok((
        u32::try_from(seats).unwrap_or(u32::MAX),
        u64::try_from(readers).unwrap_or(0),
    ))
}

fn from_row(row: &SqliteRow) -> Result<Identity, StoreError> {
    let resource: String = row.try_get("resource")?;
    Ok(Identity {
        id: row.try_get("id")?,
        kind: IdentityKind::from_code(row.try_get::<&str, _>("kind")?),
        active: row.try_get("active")?,
        resource: serde_json::from_str(&resource).unwrap_or(serde_json::Value::Null),
        version: row.try_get("version")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}
