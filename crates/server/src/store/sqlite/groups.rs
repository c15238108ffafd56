//! The `groups`, `group_members` and `group_pushed_members` tables on SQLite.

use std::collections::HashSet;

use sqlx::SqliteConnection;

use super::SqliteDb;
use crate::domain::project::ProjectId;
use crate::store::groups::{
    COLUMNS, Group, GroupDraft, GroupRow, GroupState, Lookup, Member, MemberRef, from_row,
    member_from_row, overview_from_row, pushed_from_row,
};
use crate::store::{StoreError, now_ms};

pub async fn get(db: &SqliteDb, project: ProjectId, id: &str) -> Result<Option<Group>, StoreError> {
    get_in(&mut *db.pool().acquire().await?, project, id).await
}

pub async fn members(
    db: &SqliteDb,
    project: ProjectId,
    id: &str,
) -> Result<Vec<Member>, StoreError> {
    let rows = sqlx::query(
        "SELECT i.id,
             (SELECT p.display FROM group_pushed_members p
              WHERE p.group_id = m.group_id AND p.value = i.id LIMIT 1) AS display
         FROM group_members m JOIN identities i ON i.id = m.identity_id
         WHERE m.group_id = ? AND i.project_id = ? ORDER BY i.rowid",
    )
    .bind(id)
    .bind(project)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(member_from_row).collect()
}

pub async fn find_by(
    db: &SqliteDb,
    project: ProjectId,
    attribute: Lookup,
    value: &str,
) -> Result<Vec<Group>, StoreError> {
    let (column, key) = attribute.column_and_key(value);
    let sql = format!(
        "SELECT {COLUMNS} FROM groups
         WHERE project_id = ? AND state = 'active' AND {column} = ? ORDER BY rowid"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(key)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn page(
    db: &SqliteDb,
    project: ProjectId,
    offset: i64,
    limit: i64,
) -> Result<Vec<Group>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM groups WHERE project_id = ? AND state = 'active'
         ORDER BY rowid LIMIT ? OFFSET ?"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(limit)
        .bind(offset)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn count(db: &SqliteDb, project: ProjectId) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM groups WHERE project_id = ? AND state = 'active'")
            .bind(project)
            .fetch_one(db.pool())
            .await?,
    )
}

pub async fn overview(
    db: &SqliteDb,
    project: ProjectId,
    code: Option<&str>,
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
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(code)
        .bind(code)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(overview_from_row).collect()
}

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
    row.as_ref().map(from_row).transpose()
}

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
    rows.iter().map(pushed_from_row).collect()
}

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

pub async fn unlink_all(conn: &mut SqliteConnection, group_id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM group_members WHERE group_id = ?")
        .bind(group_id)
        .execute(conn)
        .await?;
    Ok(())
}

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
