//! The `identities` table: Users and Readers, SCIM-managed or project-native. What a write may
//! do (adoption, duplicates, seats) is [`crate::rules::identities`]'s to decide; the writes
//! here run inside its transaction.

use super::row::StoredRow;
use super::{ProjectDb, StoreError, Tx};
use crate::domain::identity::{IdentityDraft, IdentityKind, Origin};
use crate::domain::project::ProjectId;

pub(super) const COLUMNS: &str = "id, external_id, user_name, email, display_name, kind, active, origin, \
                       resource, version, created_at, updated_at";

/// A stored identity.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// The SCIM id.
    pub id: String,
    /// The IdP's id for it.
    pub external_id: Option<String>,
    /// The login name.
    pub user_name: String,
    /// The primary email.
    pub email: Option<String>,
    /// The name to show.
    pub display_name: Option<String>,
    /// User or Reader.
    pub kind: IdentityKind,
    /// Whether it may sign in.
    pub active: bool,
    /// SCIM-managed or project-native.
    pub origin: Origin,
    /// The SCIM representation last accepted (no id, no meta, no secrets).
    pub resource: serde_json::Value,
    /// Bumped on every change; the ETag.
    pub version: i64,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms.
    pub updated_at: i64,
}

impl Identity {
    /// Whether it holds a licence seat.
    pub fn takes_seat(&self) -> bool {
        self.kind == IdentityKind::User && self.active
    }
}

/// The identity with this id.
pub async fn get(db: &ProjectDb, id: &str) -> Result<Option<Identity>, StoreError> {
    dispatch!(db.backend(), identities::get(db.id(), id))
}

/// An indexed attribute a filter can look up directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// `id eq …` (case-exact).
    Id,
    /// `userName eq …` (case-insensitive).
    UserName,
    /// `externalId eq …` (case-exact).
    ExternalId,
}

impl Lookup {
    /// The column it looks up, and the key to look up `value` by there.
    pub(super) fn column_and_key(self, value: &str) -> (&'static str, String) {
        match self {
            Lookup::Id => ("id", value.to_owned()),
            Lookup::UserName => ("user_name_key", value.to_lowercase()),
            Lookup::ExternalId => ("external_id", value.to_owned()),
        }
    }
}

/// Identities whose `attribute` equals `value`, in creation order.
pub async fn find_by(
    db: &ProjectDb,
    attribute: Lookup,
    value: &str,
) -> Result<Vec<Identity>, StoreError> {
    dispatch!(db.backend(), identities::find_by(db.id(), attribute, value))
}

/// A page of identities in creation order: `offset` skipped, at most `limit` returned.
pub async fn page(db: &ProjectDb, offset: i64, limit: i64) -> Result<Vec<Identity>, StoreError> {
    dispatch!(db.backend(), identities::page(db.id(), offset, limit))
}

/// Every identity, in creation order (for filters no index answers).
pub async fn all(db: &ProjectDb) -> Result<Vec<Identity>, StoreError> {
    page(db, 0, i64::MAX).await
}

/// The filters of the People page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityQuery {
    /// Text in the userName, email or display name.
    pub text: Option<String>,
    /// Only Users or only Readers.
    pub kind: Option<IdentityKind>,
    /// Only SCIM-managed or only project-native.
    pub origin: Option<Origin>,
    /// Only active or only inactive.
    pub active: Option<bool>,
}

/// A page of identities in creation order after the row `after` (keyset on the creation
/// order), with the position of the last one for the next page.
pub async fn search(
    db: &ProjectDb,
    query: &IdentityQuery,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<Identity>, Option<i64>), StoreError> {
    dispatch!(
        db.backend(),
        identities::search(db.id(), query, after, limit)
    )
}

/// How many identities match.
pub async fn count_matching(db: &ProjectDb, query: &IdentityQuery) -> Result<u64, StoreError> {
    dispatch!(db.backend(), identities::count_matching(db.id(), query))
}

/// The identity with this id or (case-insensitive) userName, inside a transaction.
pub async fn find_in(
    tx: &mut Tx,
    project: ProjectId,
    id_or_user_name: &str,
) -> Result<Option<Identity>, StoreError> {
    dispatch_tx!(tx, identities::find_in(project, id_or_user_name))
}

/// Seats in use and the limit, read inside a transaction.
pub async fn seat_usage(
    tx: &mut Tx,
    project: ProjectId,
) -> Result<scim_sync_core::seats::SeatUsage, StoreError> {
    let (used, limit) = dispatch_tx!(tx, identities::seat_usage(project))?;
    Ok(scim_sync_core::seats::SeatUsage {
        limit: u32::try_from(limit).unwrap_or(0),
        used: u32::try_from(used).unwrap_or(u32::MAX),
    })
}

/// How many identities exist.
pub async fn count(db: &ProjectDb) -> Result<i64, StoreError> {
    dispatch!(db.backend(), identities::count(db.id()))
}

/// Seats held (active Users) and Readers, in one read.
pub async fn counts(db: &ProjectDb) -> Result<(u32, u64), StoreError> {
    let (seats, readers) = dispatch!(db.backend(), identities::counts(db.id()))?;
    Ok((
        u32::try_from(seats).unwrap_or(u32::MAX),
        u64::try_from(readers).unwrap_or(0),
    ))
}

/// The identities whose `userName` or email equals the draft's (zero, one or two).
pub async fn find_matches(
    tx: &mut Tx,
    project: ProjectId,
    draft: &IdentityDraft,
) -> Result<Vec<Identity>, StoreError> {
    dispatch_tx!(tx, identities::find_matches(project, draft))
}

/// The identity with this id, inside a transaction.
pub async fn get_in(
    tx: &mut Tx,
    project: ProjectId,
    id: &str,
) -> Result<Option<Identity>, StoreError> {
    dispatch_tx!(tx, identities::get_in(project, id))
}

/// Deletes an identity (its group memberships go with it), inside a transaction.
pub async fn delete_in(tx: &mut Tx, project: ProjectId, id: &str) -> Result<(), StoreError> {
    dispatch_tx!(tx, identities::delete_in(project, id))
}

/// Inserts an identity inside a caller's write transaction; a taken `userName` or email fails
/// as a unique violation ([`StoreError::is_unique_violation`]).
pub async fn insert(
    tx: &mut Tx,
    project: ProjectId,
    id: &str,
    draft: &IdentityDraft,
    origin: Origin,
    resource: &serde_json::Value,
) -> Result<(), StoreError> {
    dispatch_tx!(tx, identities::insert(project, id, draft, origin, resource))
}

/// Replaces an identity's attributes and bumps its version, inside a caller's write
/// transaction; a taken `userName` or email fails as a unique violation.
pub async fn update(
    tx: &mut Tx,
    project: ProjectId,
    id: &str,
    draft: &IdentityDraft,
    origin: Origin,
    resource: &serde_json::Value,
) -> Result<(), StoreError> {
    dispatch_tx!(tx, identities::update(project, id, draft, origin, resource))
}

/// An identity as read (the [`COLUMNS`]).
pub(super) fn from_row(row: &impl StoredRow) -> Result<Identity, StoreError> {
    let resource: String = row.col("resource")?;
    Ok(Identity {
        id: row.col("id")?,
        external_id: row.col("external_id")?,
        user_name: row.col("user_name")?,
        email: row.col("email")?,
        display_name: row.col("display_name")?,
        kind: IdentityKind::from_code(&row.col::<String>("kind")?),
        active: row.col("active")?,
        origin: Origin::from_code(&row.col::<String>("origin")?),
        resource: serde_json::from_str(&resource).unwrap_or(serde_json::Value::Null),
        version: row.col("version")?,
        created_at: row.col("created_at")?,
        updated_at: row.col("updated_at")?,
    })
}
