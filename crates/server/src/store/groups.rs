//! The `groups`, `group_members` and `group_pushed_members` tables.
//!
//! A group deleted inside the project is a tombstone: its row stays (same id, externalId,
//! displayName) with `state` saying how it was deleted, so a re-push can restore it.

use std::collections::HashSet;

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

use super::audit::Actor;
use super::{ProjectDb, StoreError, now_ms};
use crate::domain::project::ProjectId;

const COLUMNS: &str =
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

    fn from_code(code: &str) -> GroupState {
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

/// Why a group write was refused.
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

impl From<sqlx::Error> for GroupWriteError {
    fn from(error: sqlx::Error) -> GroupWriteError {
        GroupWriteError::Store(error.into())
    }
}

/// Creates a live group with its members; all members must be provisioned.
pub async fn create(
    db: &ProjectDb,
    id: &str,
    draft: &GroupDraft,
) -> Result<Group, GroupWriteError> {
    let project = db.id();
    let mut tx = db.begin_write().await.map_err(StoreError::from)?;
    let members = distinct_values(&draft.members);
    require_provisioned(&mut tx, project, &members).await?;
    let now = now_ms();
    let inserted = sqlx::query(
        "INSERT INTO groups (id, project_id, external_id, display_name, display_name_key,
             resource, version, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, 'active', ?, ?)",
    )
    .bind(id)
    .bind(project)
    .bind(&draft.external_id)
    .bind(&draft.display_name)
    .bind(draft.display_name.to_lowercase())
    .bind(draft.resource.to_string())
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await;
    match inserted {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(GroupWriteError::Duplicate(draft.display_name.clone()));
        }
        other => other?,
    };
    link(&mut tx, id, &members).await?;
    set_pushed(&mut tx, id, &draft.members).await?;
    let group = fetch(&mut tx, project, id)
        .await?
        .ok_or(GroupWriteError::NotFound)?;
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
    let mut tx = db.begin_write().await.map_err(StoreError::from)?;
    let current = fetch(&mut tx, project, id)
        .await?
        .ok_or(GroupWriteError::NotFound)?;
    if current.state != GroupState::Active {
        return Err(GroupWriteError::Deleted);
    }
    if if_match.is_some_and(|v| v != current.version) {
        return Err(GroupWriteError::VersionMismatch);
    }
    let wanted: HashSet<String> = distinct_values(&draft.members).into_iter().collect();
    let linked: HashSet<String> = member_ids(&mut tx, id).await?.into_iter().collect();
    let added: Vec<String> = draft
        .members
        .iter()
        .map(|m| m.value.clone())
        .filter(|v| !linked.contains(v))
        .collect::<Vec<_>>();
    let added = distinct(added);
    let removed: Vec<String> = linked.difference(&wanted).cloned().collect();
    require_provisioned(&mut tx, project, &added).await?;
    let updated = sqlx::query(
        "UPDATE groups SET external_id = ?, display_name = ?, display_name_key = ?, resource = ?,
             version = version + 1, updated_at = ? WHERE id = ? AND project_id = ?",
    )
    .bind(&draft.external_id)
    .bind(&draft.display_name)
    .bind(draft.display_name.to_lowercase())
    .bind(draft.resource.to_string())
    .bind(now_ms())
    .bind(id)
    .bind(project)
    .execute(&mut *tx)
    .await;
    match updated {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(GroupWriteError::Duplicate(draft.display_name.clone()));
        }
        other => other?,
    };
    link(&mut tx, id, &added).await?;
    for chunk in removed.chunks(500) {
        let sql = format!(
            "DELETE FROM group_members WHERE group_id = ? AND identity_id IN ({})",
            vec!["?"; chunk.len()].join(",")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id);
        for member in chunk {
            query = query.bind(member);
        }
        query.execute(&mut *tx).await?;
    }
    set_pushed(&mut tx, id, &draft.members).await?;
    let group = fetch(&mut tx, project, id)
        .await?
        .ok_or(GroupWriteError::NotFound)?;
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
    let exists: Option<String> =
        sqlx::query_scalar("SELECT id FROM groups WHERE id = ? AND project_id = ?")
            .bind(id)
            .bind(db.id())
            .fetch_optional(&mut *tx)
            .await?;
    if exists.is_some() {
        set_pushed(&mut tx, id, members).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Deletes a group for good (the IdP's DELETE).
pub async fn delete(
    db: &ProjectDb,
    id: &str,
    if_match: Option<i64>,
) -> Result<(), GroupWriteError> {
    let project = db.id();
    let mut tx = db.begin_write().await.map_err(StoreError::from)?;
    let current = fetch(&mut tx, project, id)
        .await?
        .ok_or(GroupWriteError::NotFound)?;
    if current.state != GroupState::Active {
        return Err(GroupWriteError::Deleted);
    }
    if if_match.is_some_and(|v| v != current.version) {
        return Err(GroupWriteError::VersionMismatch);
    }
    sqlx::query("DELETE FROM groups WHERE id = ? AND project_id = ?")
        .bind(id)
        .bind(project)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The group with this id, live or tombstone.
pub async fn get(db: &ProjectDb, id: &str) -> Result<Option<Group>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM groups WHERE id = ? AND project_id = ?");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(db.id())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| from_row(&r)).transpose()
}

/// A live group's linked members, in the order they were linked.
pub async fn members(db: &ProjectDb, id: &str) -> Result<Vec<Member>, StoreError> {
    let rows = sqlx::query(
        "SELECT i.id,
             (SELECT p.display FROM group_pushed_members p
              WHERE p.group_id = m.group_id AND p.value = i.id LIMIT 1) AS display
         FROM group_members m JOIN identities i ON i.id = m.identity_id
         WHERE m.group_id = ? AND i.project_id = ? ORDER BY i.rowid",
    )
    .bind(id)
    .bind(db.id())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Member {
                id: r.try_get("id")?,
                display: r.try_get("display")?,
            })
        })
        .collect()
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

/// Live groups whose `attribute` equals `value`, in creation order.
pub async fn find_by(
    db: &ProjectDb,
    attribute: Lookup,
    value: &str,
) -> Result<Vec<Group>, StoreError> {
    let (column, key) = match attribute {
        Lookup::Id => ("id", value.to_owned()),
        Lookup::DisplayName => ("display_name_key", value.to_lowercase()),
        Lookup::ExternalId => ("external_id", value.to_owned()),
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM groups
         WHERE project_id = ? AND state = 'active' AND {column} = ? ORDER BY rowid"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(db.id())
        .bind(key)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// A page of live groups in creation order.
pub async fn page(db: &ProjectDb, offset: i64, limit: i64) -> Result<Vec<Group>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM groups WHERE project_id = ? AND state = 'active'
         ORDER BY rowid LIMIT ? OFFSET ?"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(db.id())
        .bind(limit)
        .bind(offset)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// How many live groups exist.
pub async fn count(db: &ProjectDb) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM groups WHERE project_id = ? AND state = 'active'")
            .bind(db.id())
            .fetch_one(db.pool())
            .await?,
    )
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
    let sql = format!(
        "SELECT {COLUMNS},
             (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS member_count,
             (SELECT COUNT(*) FROM group_pushed_members p WHERE p.group_id = g.id) AS pushed_count,
             EXISTS (SELECT 1 FROM group_pushed_members p WHERE p.group_id = g.id AND NOT EXISTS
                 (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.identity_id = p.value))
                 AS has_unlinked,
             (SELECT MAX(e.occurred_at) FROM sync_events e
              WHERE e.project_id = g.project_id AND e.target_id = g.id) AS last_push_at
         FROM groups g WHERE g.project_id = ? AND (? IS NULL OR state = ?) ORDER BY g.rowid DESC"
    );
    let code = state.map(GroupState::code);
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(db.id())
        .bind(code)
        .bind(code)
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|row| {
            Ok(GroupRow {
                group: from_row(row)?,
                member_count: u64::try_from(row.try_get::<i64, _>("member_count")?).unwrap_or(0),
                pushed_member_count: u64::try_from(row.try_get::<i64, _>("pushed_count")?)
                    .unwrap_or(0),
                has_unlinked: row.try_get("has_unlinked")?,
                last_push_at: row.try_get("last_push_at")?,
            })
        })
        .collect()
}

/// Deletes a live group inside the project: it becomes a tombstone (same id, externalId,
/// displayName, pushed member list), its members are unlinked, and the IdP's requests to it
/// get 404 until a re-push restores it.
/// The admin's action is recorded in the same transaction, with the summary `describe` gives
/// of the group and how it was deleted.
pub async fn delete_in_project(
    db: &ProjectDb,
    id: &str,
    actor: Actor<'_>,
    describe: impl FnOnce(&Group, GroupState) -> String,
) -> Result<GroupState, GroupWriteError> {
    let project = db.id();
    let mut tx = db.begin_write().await.map_err(StoreError::from)?;
    let current = fetch(&mut tx, project, id)
        .await?
        .ok_or(GroupWriteError::NotFound)?;
    if current.state != GroupState::Active {
        return Err(GroupWriteError::Deleted);
    }
    let scim_enabled: bool = sqlx::query_scalar("SELECT scim_enabled FROM projects WHERE id = ?")
        .bind(project)
        .fetch_one(&mut *tx)
        .await?;
    let state = if scim_enabled {
        GroupState::DeletedInProject
    } else {
        GroupState::DeletedWhileScimDisabled
    };
    sqlx::query(
        "UPDATE groups SET state = ?, deleted_at = ?, version = version + 1, updated_at = ?
         WHERE id = ? AND project_id = ?",
    )
    .bind(state.code())
    .bind(now_ms())
    .bind(now_ms())
    .bind(id)
    .bind(project)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM group_members WHERE group_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    actor
        .record_in(&mut tx, project, &describe(&current, state))
        .await?;
    tx.commit().await?;
    Ok(state)
}

/// The group with this id, live or tombstone, inside a transaction.
pub async fn get_in(
    tx: &mut Transaction<'static, Sqlite>,
    project: ProjectId,
    id: &str,
) -> Result<Option<Group>, GroupWriteError> {
    fetch(tx, project, id).await
}

/// The IdP's last pushed member list of a group, in order.
pub async fn pushed_members(
    conn: &mut sqlx::SqliteConnection,
    id: &str,
) -> Result<Vec<MemberRef>, StoreError> {
    let rows = sqlx::query(
        "SELECT value, display FROM group_pushed_members WHERE group_id = ? ORDER BY position",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MemberRef {
                value: r.try_get("value")?,
                display: r.try_get("display")?,
            })
        })
        .collect()
}

/// Restores a tombstone as a live group under the same id (the re-push). Fails with
/// `Duplicate` when a live group took its name meanwhile.
pub async fn restore_in(
    tx: &mut Transaction<'static, Sqlite>,
    project: ProjectId,
    group: &Group,
) -> Result<(), GroupWriteError> {
    let restored = sqlx::query(
        "UPDATE groups SET state = 'active', deleted_at = NULL, version = version + 1,
             updated_at = ? WHERE id = ? AND project_id = ?",
    )
    .bind(now_ms())
    .bind(&group.id)
    .bind(project)
    .execute(&mut **tx)
    .await;
    match restored {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Err(GroupWriteError::Duplicate(group.display_name.clone()))
        }
        other => other.map(|_| ()).map_err(GroupWriteError::from),
    }
}

/// Links members inside the re-push.
pub async fn relink_in(
    tx: &mut Transaction<'static, Sqlite>,
    project: ProjectId,
    id: &str,
    members: &[MemberRef],
) -> Result<(), GroupWriteError> {
    let members = distinct_values(members);
    require_provisioned(tx, project, &members).await?;
    link(tx, id, &members).await?;
    sqlx::query(
        "UPDATE groups SET version = version + 1, updated_at = ? WHERE id = ? AND project_id = ?",
    )
    .bind(now_ms())
    .bind(id)
    .bind(project)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Replaces a group's pushed member list inside a transaction.
pub async fn set_pushed_in(
    tx: &mut Transaction<'static, Sqlite>,
    id: &str,
    members: &[MemberRef],
) -> Result<(), GroupWriteError> {
    Ok(set_pushed(tx, id, members).await?)
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

/// Fails unless every id is an identity of the project: a group links only its own
/// project's provisioned members.
async fn require_provisioned(
    tx: &mut Transaction<'static, Sqlite>,
    project: ProjectId,
    ids: &[String],
) -> Result<(), GroupWriteError> {
    let mut found = HashSet::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT id FROM identities WHERE project_id = ? AND id IN ({})",
            vec!["?"; chunk.len()].join(",")
        );
        let mut query = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(project);
        for id in chunk {
            query = query.bind(id);
        }
        found.extend(query.fetch_all(&mut **tx).await?);
    }
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

async fn link(
    tx: &mut Transaction<'static, Sqlite>,
    group_id: &str,
    members: &[String],
) -> Result<(), sqlx::Error> {
    for chunk in members.chunks(400) {
        let sql = format!(
            "INSERT OR IGNORE INTO group_members (group_id, identity_id) VALUES {}",
            vec!["(?, ?)"; chunk.len()].join(",")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for member in chunk {
            query = query.bind(group_id).bind(member);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn member_ids(
    tx: &mut Transaction<'static, Sqlite>,
    group_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT identity_id FROM group_members WHERE group_id = ?")
        .bind(group_id)
        .fetch_all(&mut **tx)
        .await
}

async fn set_pushed(
    tx: &mut Transaction<'static, Sqlite>,
    group_id: &str,
    members: &[MemberRef],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM group_pushed_members WHERE group_id = ?")
        .bind(group_id)
        .execute(&mut **tx)
        .await?;
    let rows: Vec<(usize, &MemberRef)> = members.iter().enumerate().collect();
    for chunk in rows.chunks(300) {
        let sql = format!(
            "INSERT INTO group_pushed_members (group_id, position, value, display) VALUES {}",
            vec!["(?, ?, ?, ?)"; chunk.len()].join(",")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (position, member) in chunk {
            query = query
                .bind(group_id)
                .bind(i64::try_from(*position).unwrap_or(i64::MAX))
                .bind(&member.value)
                .bind(&member.display);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn fetch(
    tx: &mut Transaction<'static, Sqlite>,
    project: ProjectId,
    id: &str,
) -> Result<Option<Group>, GroupWriteError> {
    let sql = format!("SELECT {COLUMNS} FROM groups WHERE id = ? AND project_id = ?");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(project)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(|r| from_row(&r)).transpose()?)
}

fn from_row(row: &SqliteRow) -> Result<Group, StoreError> {
    let resource: String = row.try_get("resource")?;
    Ok(Group {
        id: row.try_get("id")?,
        external_id: row.try_get("external_id")?,
        display_name: row.try_get("display_name")?,
        resource: serde_json::from_str(&resource).unwrap_or(serde_json::Value::Null),
        version: row.try_get("version")?,
        state: GroupState::from_code(row.try_get::<&str, _>("state")?),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}
