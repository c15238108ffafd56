//! The `groups`, `group_members` and `group_pushed_members` tables.
//!
//! A group deleted inside the project is a tombstone: its row stays (same id, externalId,
//! displayName) with `state` saying how it was deleted, so a re-push can restore it. When a
//! group may be written, and how, is [`crate::rules::groups`]'s to decide; the writes here run
//! inside its transaction.

use std::collections::HashSet;

use super::row::StoredRow;
use super::{ProjectDb, StoreError, Tx};
use crate::domain::project::ProjectId;

pub(super) const COLUMNS: &str =
    "id, external_id, display_name, resource, version, state, deleted_at, created_at, updated_at";

/// Whether a group is live or how it was deleted in the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupState {
    /// Live.
    Active,
    /// Deleted by an admin inside the project while SCIM was on.
    DeletedInProject,
    /// Deleted by an admin inside the project while SCIM was off.
    DeletedWhileScimDisabled,
}

impl GroupState {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            GroupState::Active => "active",
            GroupState::DeletedInProject => "deleted_in_project",
            GroupState::DeletedWhileScimDisabled => "deleted_while_scim_disabled",
        }
    }

    pub(super) fn from_code(code: &str) -> GroupState {
        match code {
            "deleted_in_project" => GroupState::DeletedInProject,
            "deleted_while_scim_disabled" => GroupState::DeletedWhileScimDisabled,
            _ => GroupState::Active,
        }
    }
}

/// A stored group (members apart).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The SCIM id.
    pub id: String,
    /// The IdP's id for it.
    pub external_id: Option<String>,
    /// Its unique (among live groups) name.
    pub display_name: String,
    /// The SCIM representation last accepted, without members, id or meta.
    pub resource: serde_json::Value,
    /// Bumped on every change; the ETag.
    pub version: i64,
    /// Live or tombstone.
    pub state: GroupState,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms.
    pub updated_at: i64,
}

/// A group as the IdP asks for it.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupDraft {
    /// The name.
    pub display_name: String,
    /// The IdP's id.
    pub external_id: Option<String>,
    /// The representation to store (no members, id, meta).
    pub resource: serde_json::Value,
    /// Member identity ids, as pushed.
    pub members: Vec<MemberRef>,
}

/// A member as the IdP referenced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRef {
    /// The identity's SCIM id.
    pub value: String,
    /// The IdP's label for it (Okta sends the userName), if any.
    pub display: Option<String>,
}

/// A linked member, with what the group representation shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The identity's SCIM id.
    pub id: String,
    /// The label the IdP last pushed for it, if any.
    pub display: Option<String>,
}

/// The group with this id, live or tombstone.
pub async fn get(db: &ProjectDb, id: &str) -> Result<Option<Group>, StoreError> {
    dispatch!(db.backend(), groups::get(db.id(), id))
}

/// A live group's linked members, in the order they were linked.
pub async fn members(db: &ProjectDb, id: &str) -> Result<Vec<Member>, StoreError> {
    dispatch!(db.backend(), groups::members(db.id(), id))
}

/// An indexed attribute a filter can look up directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// `id eq …`.
    Id,
    /// `displayName eq …` (case-insensitive).
    DisplayName,
    /// `externalId eq …`.
    ExternalId,
}

impl Lookup {
    /// The column it looks up, and the key to look up `value` by there.
    pub(super) fn column_and_key(self, value: &str) -> (&'static str, String) {
        match self {
            Lookup::Id => ("id", value.to_owned()),
            Lookup::DisplayName => ("display_name_key", value.to_lowercase()),
            Lookup::ExternalId => ("external_id", value.to_owned()),
        }
    }
}

/// Live groups whose `attribute` equals `value`, in creation order.
pub async fn find_by(
    db: &ProjectDb,
    attribute: Lookup,
    value: &str,
) -> Result<Vec<Group>, StoreError> {
    dispatch!(db.backend(), groups::find_by(db.id(), attribute, value))
}

/// A page of live groups in creation order.
pub async fn page(db: &ProjectDb, offset: i64, limit: i64) -> Result<Vec<Group>, StoreError> {
    dispatch!(db.backend(), groups::page(db.id(), offset, limit))
}

/// How many live groups exist.
pub async fn count(db: &ProjectDb) -> Result<i64, StoreError> {
    dispatch!(db.backend(), groups::count(db.id()))
}

/// A group as the dashboard's Groups page lists it (live and tombstones).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// The group.
    pub group: Group,
    /// Members linked now.
    pub member_count: u64,
    /// Members in the IdP's last push.
    pub pushed_member_count: u64,
    /// Whether some pushed member is not linked.
    pub has_unlinked: bool,
    /// When the IdP last sent a request about it (Unix ms).
    pub last_push_at: Option<i64>,
}

/// Every group with its counts, newest first; `state` keeps only groups in that state.
pub async fn overview(
    db: &ProjectDb,
    state: Option<GroupState>,
) -> Result<Vec<GroupRow>, StoreError> {
    dispatch!(
        db.backend(),
        groups::overview(db.id(), state.map(GroupState::code))
    )
}

/// Inserts a live group (members apart), inside a write transaction; a live group's name
/// fails as a unique violation.
pub async fn insert(
    tx: &mut Tx,
    project: ProjectId,
    id: &str,
    draft: &GroupDraft,
) -> Result<(), StoreError> {
    dispatch_tx!(tx, groups::insert(project, id, draft))
}

/// Replaces a group's attributes (members apart) and bumps its version, inside a write
/// transaction; a live group's name fails as a unique violation.
pub async fn update(
    tx: &mut Tx,
    project: ProjectId,
    id: &str,
    draft: &GroupDraft,
) -> Result<(), StoreError> {
    dispatch_tx!(tx, groups::update(project, id, draft))
}

/// Sets a group's state (a tombstone's says how it was deleted) and bumps its version; back to
/// [`GroupState::Active`], a name a live group took meanwhile fails as a unique violation.
pub async fn set_state(
    tx: &mut Tx,
    project: ProjectId,
    id: &str,
    state: GroupState,
) -> Result<(), StoreError> {
    dispatch_tx!(tx, groups::set_state(project, id, state))
}

/// Bumps a group's version (its members changed).
pub async fn bump_version(tx: &mut Tx, project: ProjectId, id: &str) -> Result<(), StoreError> {
    dispatch_tx!(tx, groups::bump_version(project, id))
}

/// Deletes a group's row (its links and pushed list go with it).
pub async fn delete_in(tx: &mut Tx, project: ProjectId, id: &str) -> Result<(), StoreError> {
    dispatch_tx!(tx, groups::delete_in(project, id))
}

/// The group with this id, live or tombstone, inside a transaction.
pub async fn get_in(
    tx: &mut Tx,
    project: ProjectId,
    id: &str,
) -> Result<Option<Group>, StoreError> {
    dispatch_tx!(tx, groups::get_in(project, id))
}

/// The IdP's last pushed member list of a group, in order.
pub async fn pushed_members(tx: &mut Tx, id: &str) -> Result<Vec<MemberRef>, StoreError> {
    dispatch_tx!(tx, groups::pushed_members(id))
}

/// Which of these ids are identities of the project.
pub async fn existing_identities(
    tx: &mut Tx,
    project: ProjectId,
    ids: &[String],
) -> Result<HashSet<String>, StoreError> {
    dispatch_tx!(tx, groups::existing_identities(project, ids))
}

/// Links identities to a group (those linked already stay linked once).
pub async fn link(tx: &mut Tx, group_id: &str, members: &[String]) -> Result<(), StoreError> {
    dispatch_tx!(tx, groups::link(group_id, members))
}

/// Unlinks these identities from a group.
pub async fn unlink(tx: &mut Tx, group_id: &str, members: &[String]) -> Result<(), StoreError> {
    dispatch_tx!(tx, groups::unlink(group_id, members))
}

/// Unlinks every member of a group.
pub async fn unlink_all(tx: &mut Tx, group_id: &str) -> Result<(), StoreError> {
    dispatch_tx!(tx, groups::unlink_all(group_id))
}

/// The ids of a group's linked members.
pub async fn member_ids(tx: &mut Tx, group_id: &str) -> Result<Vec<String>, StoreError> {
    dispatch_tx!(tx, groups::member_ids(group_id))
}

/// Replaces a group's pushed member list.
pub async fn set_pushed(
    tx: &mut Tx,
    group_id: &str,
    members: &[MemberRef],
) -> Result<(), StoreError> {
    dispatch_tx!(tx, groups::set_pushed(group_id, members))
}

/// A group as read (the [`COLUMNS`]).
pub(super) fn from_row(row: &impl StoredRow) -> Result<Group, StoreError> {
    let resource: String = row.col("resource")?;
    Ok(Group {
        id: row.col("id")?,
        external_id: row.col("external_id")?,
        display_name: row.col("display_name")?,
        resource: serde_json::from_str(&resource).unwrap_or(serde_json::Value::Null),
        version: row.col("version")?,
        state: GroupState::from_code(&row.col::<String>("state")?),
        created_at: row.col("created_at")?,
        updated_at: row.col("updated_at")?,
    })
}

/// A group with its counts, as the overview reads it.
pub(super) fn overview_from_row(row: &impl StoredRow) -> Result<GroupRow, StoreError> {
    Ok(GroupRow {
        group: from_row(row)?,
        member_count: u64::try_from(row.col::<i64>("member_count")?).unwrap_or(0),
        pushed_member_count: u64::try_from(row.col::<i64>("pushed_count")?).unwrap_or(0),
        has_unlinked: row.col("has_unlinked")?,
        last_push_at: row.col("last_push_at")?,
    })
}

/// A linked member, as read (`id, display`).
pub(super) fn member_from_row(row: &impl StoredRow) -> Result<Member, StoreError> {
    Ok(Member {
        id: row.col("id")?,
        display: row.col("display")?,
    })
}

/// A pushed member, as read (`value, display`).
pub(super) fn pushed_from_row(row: &impl StoredRow) -> Result<MemberRef, StoreError> {
    Ok(MemberRef {
        value: row.col("value")?,
        display: row.col("display")?,
    })
}
