//! The `groups`, `group_members` and `group_pushed_members` tables on PostgreSQL.

use std::collections::HashSet;

use sqlx::PgConnection;

use super::PgDb;
use crate::domain::project::ProjectId;
use crate::store::groups::{
    COLUMNS, Group, GroupDraft, GroupRow, GroupState, Lookup, Member, MemberRef, from_row,
    member_from_row, overview_from_row, pushed_from_row,
};
use crate::store::{StoreError, now_ms};

pub async fn get(db: &PgDb, project: ProjectId, id: &str) -> Result<Option<Group>, StoreError> {
    get_in(&mut *db.pool().acquire().await?, project, id).await
}

pub async fn members(db: &PgDb, project: ProjectId, id: &str) -> Result<Vec<Member>, StoreError> {
    let rows = sqlx::query(
        "SELECT i.id,
             (SELECT p.display FROM group_pushed_members p
              WHERE p.group_id = m.group_id AND p.value = i.id LIMIT 1) AS display
         FROM group_members m JOIN identities i ON i.id = m.identity_id
         WHERE m.group_id = $1 AND i.project_id = $2 ORDER BY i.seq",
    )
    .bind(id)
    .bind(project)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(member_from_row).collect()
}

pub async fn find_by(
    db: &PgDb,
    project: ProjectId,
    attribute: Lookup,
    value: &str,
) -> Result<Vec<Group>, StoreError> {
    let (column, key) = attribute.column_and_key(value);
    let sql = format!(
        "SELECT {COLUMNS} FROM groups
         WHERE project_id = $1 AND state = 'active' AND {column} = $2 ORDER BY seq"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(key)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn page(
    db: &PgDb,
    project: ProjectId,
    offset: i64,
    limit: i64,
) -> Result<Vec<Group>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM groups WHERE project_id = $1 AND state = 'active'
         ORDER BY seq LIMIT $2 OFFSET $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(limit)
        .bind(offset)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn count(db: &PgDb, project: ProjectId) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM groups WHERE project_id = $1 AND state = 'active'",
        )
        .bind(project)
        .fetch_one(db.pool())
        .await?,
    )
}

pub async fn overview(
    db: &PgDb,
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
         FROM groups g WHERE g.project_id = $1 AND ($2::text IS NULL OR state = $3) ORDER BY g.seq DESC"
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
    conn: &mut PgConnection,
    project: ProjectId,
    id: &str,
    draft: &GroupDraft,
) -> Result<(), StoreError> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO groups (id, project_id, external_id, display_name, display_name_key,
             resource, version, state, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 1, 'active', $7, $8)",
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
    conn: &mut PgConnection,
    project: ProjectId,
    id: &str,
    draft: &GroupDraft,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE groups SET external_id = $1, display_name = $2, display_name_key = $3, resource = $4,
             version = version + 1, updated_at = $5 WHERE id = $6 AND project_id = $7",
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
    conn: &mut PgConnection,
    project: ProjectId,
    id: &str,
    state: GroupState,
) -> Result<(), StoreError> {
    let now = now_ms();
    let deleted_at = (state != GroupState::Active).then_some(now);
    sqlx::query(
        "UPDATE groups SET state = $1, deleted_at = $2, version = version + 1, updated_at = $3
         WHERE id = $4 AND project_id = $5",
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
    conn: &mut PgConnection,
    project: ProjectId,
    id: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE groups SET version = version + 1, updated_at = $1 WHERE id = $2 AND project_id = $3",
    )
    .bind(now_ms())
    .bind(id)
    .bind(project)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_in(
    conn: &mut PgConnection,
    project: ProjectId,
    id: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM groups WHERE id = $1 AND project_id = $2")
        .bind(id)
        .bind(project)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn get_in(
    conn: &mut PgConnection,
    project: ProjectId,
    id: &str,
) -> Result<Option<Group>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM groups WHERE id = $1 AND project_id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(project)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn pushed_members(
    conn: &mut PgConnection,
    id: &str,
) -> Result<Vec<MemberRef>, StoreError> {
    let rows = sqlx::query(
        "SELECT value, display FROM group_pushed_members WHERE group_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(pushed_from_row).collect()
}

pub async fn existing_identities(
    conn: &mut PgConnection,
    project: ProjectId,
    ids: &[String],
) -> Result<HashSet<String>, StoreError> {
    let found: Vec<String> =
        sqlx::query_scalar("SELECT id FROM identities WHERE project_id = $1 AND id = ANY($2)")
            .bind(project)
            .bind(ids)
            .fetch_all(conn)
            .await?;
    Ok(found.into_iter().collect())
}

pub async fn link(
    conn: &mut PgConnection,
    group_id: &str,
    members: &[String],
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO group_members (group_id, identity_id) SELECT $1, unnest($2::text[])
         ON CONFLICT DO NOTHING",
    )
    .bind(group_id)
    .bind(members)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn unlink(
    conn: &mut PgConnection,
    group_id: &str,
    members: &[String],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM group_members WHERE group_id = $1 AND identity_id = ANY($2)")
        .bind(group_id)
        .bind(members)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn unlink_all(conn: &mut PgConnection, group_id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM group_members WHERE group_id = $1")
        .bind(group_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn member_ids(
    conn: &mut PgConnection,
    group_id: &str,
) -> Result<Vec<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT identity_id FROM group_members WHERE group_id = $1")
            .bind(group_id)
            .fetch_all(conn)
            .await?,
    )
}

pub async fn set_pushed(
    conn: &mut PgConnection,
    group_id: &str,
    members: &[MemberRef],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM group_pushed_members WHERE group_id = $1")
        .bind(group_id)
        .execute(&mut *conn)
        .await?;
    let positions: Vec<i64> = (0..members.len())
        .map(|p| i64::try_from(p).unwrap_or(i64::MAX))
        .collect();
    let values: Vec<&str> = members.iter().map(|m| m.value.as_str()).collect();
    let displays: Vec<Option<&str>> = members.iter().map(|m| m.display.as_deref()).collect();
    sqlx::query(
        "INSERT INTO group_pushed_members (group_id, position, value, display)
         SELECT $1, p, v, d FROM unnest($2::bigint[], $3::text[], $4::text[]) AS u (p, v, d)",
    )
    .bind(group_id)
    .bind(positions)
    .bind(values)
    .bind(displays)
    .execute(conn)
    .await?;
    Ok(())
}
