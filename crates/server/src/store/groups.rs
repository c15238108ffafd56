//! The `groups`, `group_members` and `group_pushed_members` tables.
//!
//! A group deleted inside the project is a tombstone: its row stays (same id, externalId,
//! displayName) with `state` saying how it was deleted, so a re-push can restore it. When a
//! group may be written, and how, is [`crate::rules::groups`]'s to decide; the writes here run
//! inside its transaction.

use std::collections::HashSet;

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

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

/// The group with this id, live or tombstone.
pub async fn get(db: &ProjectDb, id: &str) -> Result<Option<Group>, StoreError> {
    get_in(&mut *db.pool().acquire().await?, db.id(), id).await
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

/// Inserts a live group (members apart), inside a write transaction; a live group's name
/// fails as a unique violation.
pub async fn insert(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
    draft: &GroupDraft,
) -> Result<(), StoreError> {
    let now = now_ms();
    sqlx::query(
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
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces a group's attributes (members apart) and bumps its version, inside a write
/// transaction; a live group's name fails as a unique violation.
pub async fn update(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
    draft: &GroupDraft,
) -> Result<(), StoreError> {
    sqlx::query(
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
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets a group's state (a tombstone's says how it was deleted) and bumps its version; back to
/// [`GroupState::Active`], a name a live group took meanwhile fails as a unique violation.
pub async fn set_state(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
    state: GroupState,
) -> Result<(), StoreError> {
    let now = now_ms();
    let deleted_at = (state != GroupState::Active).then_some(now);
    sqlx::query(
        "UPDATE groups SET state = ?, deleted_at = ?, version = version + 1, updated_at = ?
         WHERE id = ? AND project_id = ?",
    )
    .bind(state.code())
    .bind(deleted_at)
    .bind(now)
    .bind(id)
    .bind(project)
    .execute(conn)
    .await?;
    Ok(())
}

/// Bumps a group's version (its members changed).
pub async fn bump_version(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE groups SET version = version + 1, updated_at = ? WHERE id = ? AND project_id = ?",
    )
    .bind(now_ms())
    .bind(id)
    .bind(project)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes a group's row (its links and pushed list go with it).
pub async fn delete_in(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM groups WHERE id = ? AND project_id = ?")
        .bind(id)
        .bind(project)
        .execute(conn)
        .await?;
    Ok(())
}

/// The group with this id, live or tombstone, inside a transaction.
pub async fn get_in(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
) -> Result<Option<Group>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM groups WHERE id = ? AND project_id = ?");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(project)
        .fetch_optional(conn)
        .await?;
    row.map(|r| from_row(&r)).transpose()
}

/// The IdP's last pushed member list of a group, in order.
pub async fn pushed_members(
    conn: &mut SqliteConnection,
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

/// Which of these ids are identities of the project.
pub async fn existing_identities(
    conn: &mut SqliteConnection,
    project: ProjectId,
    ids: &[String],
) -> Result<HashSet<String>, StoreError> {
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
        found.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(found)
}

/// Links identities to a group (those linked already stay linked once).
pub async fn link(
    conn: &mut SqliteConnection,
    group_id: &str,
    members: &[String],
) -> Result<(), StoreError> {
    for chunk in members.chunks(400) {
        let sql = format!(
            "INSERT OR IGNORE INTO group_members (group_id, identity_id) VALUES {}",
            vec!["(?, ?)"; chunk.len()].join(",")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for member in chunk {
            query = query.bind(group_id).bind(member);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Unlinks these identities from a group.
pub async fn unlink(
    conn: &mut SqliteConnection,
    group_id: &str,
    members: &[String],
) -> Result<(), StoreError> {
    for chunk in members.chunks(500) {
        let sql = format!(
            "DELETE FROM group_members WHERE group_id = ? AND identity_id IN ({})",
            vec!["?"; chunk.len()].join(",")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(group_id);
        for member in chunk {
            query = query.bind(member);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Unlinks every member of a group.
pub async fn unlink_all(conn: &mut SqliteConnection, group_id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM group_members WHERE group_id = ?")
        .bind(group_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The ids of a group's linked members.
pub async fn member_ids(
    conn: &mut SqliteConnection,
    group_id: &str,
) -> Result<Vec<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT identity_id FROM group_members WHERE group_id = ?")
            .bind(group_id)
            .fetch_all(conn)
            .await?,
    )
}

/// Replaces a group's pushed member list.
pub async fn set_pushed(
    conn: &mut SqliteConnection,
    group_id: &str,
    members: &[MemberRef],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM group_pushed_members WHERE group_id = ?")
        .bind(group_id)
        .execute(&mut *conn)
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
        query.execute(&mut *conn).await?;
    }
    Ok(())
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
