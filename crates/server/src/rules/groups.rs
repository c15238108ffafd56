//! Groups: live ones, and tombstones (PRODUCT.md). A group deleted inside the project keeps its
//! row (same id, externalId, displayName, pushed member list) in a state that says how it was
//! deleted; the IdP's requests to it get 404 until a re-push restores it. A group links only
//! its own project's provisioned identities; the member list the IdP pushed is kept apart, also
//! when linking failed, for the re-push.

use std::collections::HashSet;

use crate::domain::project::ProjectId;
use crate::store::audit::Actor;
use crate::store::groups::{self, Group, GroupDraft, GroupState, MemberRef};
use crate::store::{ProjectDb, StoreError, Tx, settings};

/// Why a group write was refused; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum GroupWriteError {
    /// A live group already has the displayName.
    #[error("displayName taken")]
    Duplicate(String),
    /// These member ids are not provisioned identities.
    #[error("members not provisioned")]
    MembersNotProvisioned(Vec<String>),
    /// No group with the id.
    #[error("not found")]
    NotFound,
    /// The group is a tombstone.
    #[error("deleted in the project")]
    Deleted,
    /// `If-Match` named another version.
    #[error("version mismatch")]
    VersionMismatch,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Creates a live group with its members; all members must be provisioned.
pub async fn create(
    db: &ProjectDb,
    id: &str,
    draft: &GroupDraft,
) -> Result<Group, GroupWriteError> {
    let project = db.id();
    let mut tx = db.begin_write().await?;
    let members = distinct_values(&draft.members);
    require_provisioned(&mut tx, project, &members).await?;
    groups::insert(&mut tx, project, id, draft)
        .await
        .map_err(|e| duplicate_name(e, &draft.display_name))?;
    groups::link(&mut tx, id, &members).await?;
    groups::set_pushed(&mut tx, id, &draft.members).await?;
    let group = stored(&mut tx, project, id).await?;
    tx.commit().await?;
    Ok(group)
}

/// Replaces a live group's attributes and members (SCIM PUT, or PATCH once applied): only the
/// difference in members is written. All new members must be provisioned.
pub async fn replace(
    db: &ProjectDb,
    id: &str,
    draft: &GroupDraft,
    if_match: Option<i64>,
) -> Result<Group, GroupWriteError> {
    let project = db.id();
    let mut tx = db.begin_write().await?;
    let current = live(&mut tx, project, id).await?;
    if if_match.is_some_and(|v| v != current.version) {
        return Err(GroupWriteError::VersionMismatch);
    }
    let wanted: HashSet<String> = distinct_values(&draft.members).into_iter().collect();
    let linked: HashSet<String> = groups::member_ids(&mut tx, id).await?.into_iter().collect();
    let added = distinct(
        draft
            .members
            .iter()
            .map(|m| m.value.clone())
            .filter(|v| !linked.contains(v))
            .collect(),
    );
    let removed: Vec<String> = linked.difference(&wanted).cloned().collect();
    require_provisioned(&mut tx, project, &added).await?;
    groups::update(&mut tx, project, id, draft)
        .await
        .map_err(|e| duplicate_name(e, &draft.display_name))?;
    groups::link(&mut tx, id, &added).await?;
    groups::unlink(&mut tx, id, &removed).await?;
    groups::set_pushed(&mut tx, id, &draft.members).await?;
    let group = stored(&mut tx, project, id).await?;
    tx.commit().await?;
    Ok(group)
}

/// Records the member list the IdP last pushed for a group, also when linking failed.
pub async fn record_pushed(
    db: &ProjectDb,
    id: &str,
    members: &[MemberRef],
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    if groups::get_in(&mut tx, db.id(), id).await?.is_some() {
        groups::set_pushed(&mut tx, id, members).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Deletes a live group for good (the IdP's DELETE).
pub async fn delete(
    db: &ProjectDb,
    id: &str,
    if_match: Option<i64>,
) -> Result<(), GroupWriteError> {
    let project = db.id();
    let mut tx = db.begin_write().await?;
    let current = live(&mut tx, project, id).await?;
    if if_match.is_some_and(|v| v != current.version) {
        return Err(GroupWriteError::VersionMismatch);
    }
    groups::delete_in(&mut tx, project, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a live group inside the project: it becomes a tombstone (same id, externalId,
/// displayName, pushed member list), its members are unlinked, and the IdP's requests to it
/// get 404 until a re-push restores it. The tombstone says whether SCIM was on.
/// The admin's action is recorded in the same transaction, with the summary `describe` gives
/// of the group and how it was deleted.
pub async fn delete_in_project(
    db: &ProjectDb,
    id: &str,
    actor: Actor<'_>,
    describe: impl FnOnce(&Group, GroupState) -> String,
) -> Result<GroupState, GroupWriteError> {
    let project = db.id();
    let mut tx = db.begin_write().await?;
    let current = live(&mut tx, project, id).await?;
    let state = if settings::scim_enabled_in(&mut tx, project).await? {
        GroupState::DeletedInProject
    } else {
        GroupState::DeletedWhileScimDisabled
    };
    groups::set_state(&mut tx, project, id, state).await?;
    groups::unlink_all(&mut tx, id).await?;
    actor
        .record_in(&mut tx, project, &describe(&current, state))
        .await?;
    tx.commit().await?;
    Ok(state)
}

/// Restores a tombstone as a live group under the same id, inside the re-push's transaction.
/// Fails with `Duplicate` when a live group took its name meanwhile.
pub async fn restore_in(
    tx: &mut Tx,
    project: ProjectId,
    group: &Group,
) -> Result<(), GroupWriteError> {
    groups::set_state(tx, project, &group.id, GroupState::Active)
        .await
        .map_err(|e| duplicate_name(e, &group.display_name))
}

/// Links members inside the re-push's transaction; all must be provisioned.
pub async fn relink_in(
    tx: &mut Tx,
    project: ProjectId,
    id: &str,
    members: &[MemberRef],
) -> Result<(), GroupWriteError> {
    let members = distinct_values(members);
    require_provisioned(tx, project, &members).await?;
    groups::link(tx, id, &members).await?;
    groups::bump_version(tx, project, id).await?;
    Ok(())
}

/// Fails unless every id is an identity of the project: a group links only its own
/// project's provisioned members.
async fn require_provisioned(
    tx: &mut Tx,
    project: ProjectId,
    ids: &[String],
) -> Result<(), GroupWriteError> {
    let found = groups::existing_identities(tx, project, ids).await?;
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| !found.contains(*id))
        .cloned()
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(GroupWriteError::MembersNotProvisioned(missing))
    }
}

/// The group, which must be live.
async fn live(tx: &mut Tx, project: ProjectId, id: &str) -> Result<Group, GroupWriteError> {
    let group = stored(tx, project, id).await?;
    if group.state == GroupState::Active {
        Ok(group)
    } else {
        Err(GroupWriteError::Deleted)
    }
}

/// The group, live or tombstone, or [`GroupWriteError::NotFound`].
async fn stored(tx: &mut Tx, project: ProjectId, id: &str) -> Result<Group, GroupWriteError> {
    groups::get_in(tx, project, id)
        .await?
        .ok_or(GroupWriteError::NotFound)
}

/// A unique violation on a group write: another live group has the name.
fn duplicate_name(error: StoreError, display_name: &str) -> GroupWriteError {
    if error.is_unique_violation() {
        GroupWriteError::Duplicate(display_name.to_owned())
    } else {
        GroupWriteError::Store(error)
    }
}

fn distinct_values(members: &[MemberRef]) -> Vec<String> {
    distinct(members.iter().map(|m| m.value.clone()).collect())
}

fn distinct(values: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::with_capacity(values.len());
    values
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .collect()
}
