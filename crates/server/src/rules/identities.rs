//! Users and Readers: adoption, duplicates, seats and the Reader/User conflict (PRODUCT.md,
//! "Project-native vs SCIM-managed").
//!
//! Every write that can take a seat reads the seat count inside the same write transaction as
//! it writes: the count cannot change before it commits, so seats are never over-allocated
//! under concurrency. Uniqueness of `userName` and email within a project is the unique
//! indexes' job; a violation is a [`WriteError::Duplicate`].

use crate::domain::identity::{IdentityDraft, IdentityKind, Origin};
use crate::domain::project::ProjectId;
use crate::store::audit::Actor;
use crate::store::identities::{self, Identity};
use crate::store::{ProjectDb, StoreError, Tx};

/// Why a write was refused; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The `userName` or email belongs to a SCIM-managed identity (or to two identities).
    #[error("userName or email already in use")]
    Duplicate,
    /// A Reader was pushed whose email belongs to a project-native User.
    #[error("user already available in the project")]
    UserAlreadyExists,
    /// It would take a seat and none is free.
    #[error("no licence seat is free (limit {limit})")]
    NoSeat {
        /// The seat limit in force.
        limit: u32,
    },
    /// No identity with that id.
    #[error("not found")]
    NotFound,
    /// `If-Match` named another version.
    #[error("version mismatch")]
    VersionMismatch,
    /// Storage failed.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for WriteError {
    fn from(error: StoreError) -> WriteError {
        if error.is_unique_violation() {
            WriteError::Duplicate
        } else {
            WriteError::Store(error)
        }
    }
}

/// What a SCIM create did.
#[derive(Debug, Clone, PartialEq)]
pub struct Created {
    /// The identity as stored now.
    pub identity: Identity,
    /// True when an existing project-native identity was adopted (it keeps its id).
    pub adopted: bool,
}

/// Creates a SCIM-managed identity, or adopts the project-native identity with the same
/// `userName` or email (see PRODUCT.md, "Project-native vs SCIM-managed").
pub async fn create_scim(
    db: &ProjectDb,
    new_id: &str,
    draft: &IdentityDraft,
    resource: &serde_json::Value,
) -> Result<Created, WriteError> {
    let project = db.id();
    let mut tx = db.begin_write().await?;
    let matches = identities::find_matches(&mut tx, project, draft).await?;
    let created = match matches.as_slice() {
        [] => {
            if draft.takes_seat() {
                ensure_seat_free(&mut tx, project).await?;
            }
            identities::insert(&mut tx, project, new_id, draft, Origin::Scim, resource).await?;
            Created {
                identity: stored(&mut tx, project, new_id).await?,
                adopted: false,
            }
        }
        [existing] if existing.origin == Origin::Project => {
            if existing.kind == IdentityKind::User && draft.kind == IdentityKind::Reader {
                return Err(WriteError::UserAlreadyExists);
            }
            if draft.takes_seat() && !existing.takes_seat() {
                ensure_seat_free(&mut tx, project).await?;
            }
            identities::update(
                &mut tx,
                project,
                &existing.id,
                draft,
                Origin::Scim,
                resource,
            )
            .await?;
            Created {
                identity: stored(&mut tx, project, &existing.id).await?,
                adopted: true,
            }
        }
        _ => return Err(WriteError::Duplicate),
    };
    tx.commit().await?;
    Ok(created)
}

/// Invites a project-native identity (as an admin does inside the project); the invitation
/// and its audit entry commit together.
pub async fn create_project(
    db: &ProjectDb,
    new_id: &str,
    draft: &IdentityDraft,
    resource: &serde_json::Value,
    actor: Actor<'_>,
    summary: &str,
) -> Result<Identity, WriteError> {
    let project = db.id();
    let mut tx = db.begin_write().await?;
    if !identities::find_matches(&mut tx, project, draft)
        .await?
        .is_empty()
    {
        return Err(WriteError::Duplicate);
    }
    if draft.takes_seat() {
        ensure_seat_free(&mut tx, project).await?;
    }
    identities::insert(&mut tx, project, new_id, draft, Origin::Project, resource).await?;
    let identity = stored(&mut tx, project, new_id).await?;
    actor.record_in(&mut tx, project, summary).await?;
    tx.commit().await?;
    Ok(identity)
}

/// Replaces an identity's attributes (SCIM PUT, or PATCH once applied). Turning a Reader into
/// a User or re-activating a User needs a free seat; turning a User into a Reader or
/// deactivating it frees one.
pub async fn replace_scim(
    db: &ProjectDb,
    id: &str,
    draft: &IdentityDraft,
    resource: &serde_json::Value,
    if_match: Option<i64>,
) -> Result<Identity, WriteError> {
    let project = db.id();
    let mut tx = db.begin_write().await?;
    let current = stored(&mut tx, project, id).await?;
    if if_match.is_some_and(|v| v != current.version) {
        return Err(WriteError::VersionMismatch);
    }
    if draft.takes_seat() && !current.takes_seat() {
        ensure_seat_free(&mut tx, project).await?;
    }
    identities::update(&mut tx, project, id, draft, current.origin, resource).await?;
    let identity = stored(&mut tx, project, id).await?;
    tx.commit().await?;
    Ok(identity)
}

/// Deletes an identity (and its group memberships).
pub async fn delete(db: &ProjectDb, id: &str, if_match: Option<i64>) -> Result<(), WriteError> {
    let project = db.id();
    let mut tx = db.begin_write().await?;
    let current = stored(&mut tx, project, id).await?;
    if if_match.is_some_and(|v| v != current.version) {
        return Err(WriteError::VersionMismatch);
    }
    identities::delete_in(&mut tx, project, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Fails with [`WriteError::NoSeat`] unless a seat is free. Call inside a write transaction.
async fn ensure_seat_free(tx: &mut Tx, project: ProjectId) -> Result<(), WriteError> {
    let seats = identities::seat_usage(tx, project).await?;
    if seats.free() > 0 {
        Ok(())
    } else {
        Err(WriteError::NoSeat { limit: seats.limit })
    }
}

/// The identity with this id, or [`WriteError::NotFound`].
async fn stored(tx: &mut Tx, project: ProjectId, id: &str) -> Result<Identity, WriteError> {
    identities::get_in(tx, project, id)
        .await?
        .ok_or(WriteError::NotFound)
}
