//! The `identities` table on SQLite.

use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use super::SqliteDb;
use crate::domain::identity::{IdentityDraft, Origin};
use crate::domain::project::ProjectId;
use crate::store::identities::{COLUMNS, Identity, IdentityQuery, Lookup, from_row};
use crate::store::{StoreError, like_pattern, now_ms};

pub async fn get(
    db: &SqliteDb,
    project: ProjectId,
    id: &str,
) -> Result<Option<Identity>, StoreError> {
    get_in(&mut *db.pool().acquire().await?, project, id).await
}

pub async fn find_by(
    db: &SqliteDb,
    project: ProjectId,
    attribute: Lookup,
    value: &str,
) -> Result<Vec<Identity>, StoreError> {
    let (column, key) = attribute.column_and_key(value);
    let sql = format!(
        "SELECT {COLUMNS} FROM identities WHERE project_id = ? AND {column} = ? ORDER BY rowid"
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
) -> Result<Vec<Identity>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM identities WHERE project_id = ? ORDER BY rowid LIMIT ? OFFSET ?"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(limit)
        .bind(offset)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn search(
    db: &SqliteDb,
    project: ProjectId,
    query: &IdentityQuery,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<Identity>, Option<i64>), StoreError> {
    let mut sql = QueryBuilder::<Sqlite>::new(format!(
        "SELECT rowid AS position, {COLUMNS} FROM identities WHERE project_id = "
    ));
    sql.push_bind(project);
    sql.push(" AND rowid > ").push_bind(after.unwrap_or(0));
    push_identity_filters(&mut sql, query);
    sql.push(" ORDER BY rowid LIMIT ").push_bind(limit);
    let rows = sql.build().fetch_all(db.pool()).await?;
    let last = rows
        .last()
        .map(|r| r.try_get::<i64, _>("position"))
        .transpose()?;
    let found = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    Ok((found, last))
}

pub async fn count_matching(
    db: &SqliteDb,
    project: ProjectId,
    query: &IdentityQuery,
) -> Result<u64, StoreError> {
    let mut sql =
        QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM identities WHERE project_id = ");
    sql.push_bind(project);
    push_identity_filters(&mut sql, query);
    let count: i64 = sql.build_query_scalar().fetch_one(db.pool()).await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

fn push_identity_filters(sql: &mut QueryBuilder<Sqlite>, query: &IdentityQuery) {
    if let Some(kind) = query.kind {
        sql.push(" AND kind = ").push_bind(kind.code());
    }
    if let Some(origin) = query.origin {
        sql.push(" AND origin = ").push_bind(origin.code());
    }
    if let Some(active) = query.active {
        sql.push(" AND active = ").push_bind(active);
    }
    if let Some(text) = &query.text {
        let pattern = like_pattern(text);
        sql.push(" AND (user_name_key LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR email_key LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(display_name) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

pub async fn find_in(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id_or_user_name: &str,
) -> Result<Option<Identity>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM identities WHERE project_id = ? AND (id = ? OR user_name_key = ?)
         ORDER BY id = ? DESC LIMIT 1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(id_or_user_name)
        .bind(id_or_user_name.to_lowercase())
        .bind(id_or_user_name)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Seats in use and the limit.
pub async fn seat_usage(
    conn: &mut SqliteConnection,
    project: ProjectId,
) -> Result<(i64, i64), StoreError> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM identities
                 WHERE project_id = ?1 AND kind = 'user' AND active = 1) AS used,
                (SELECT seat_limit FROM projects WHERE id = ?1) AS seat_limit",
    )
    .bind(project)
    .fetch_one(conn)
    .await?)
}

pub async fn count(db: &SqliteDb, project: ProjectId) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM identities WHERE project_id = ?")
            .bind(project)
            .fetch_one(db.pool())
            .await?,
    )
}

/// Seats held and Readers.
pub async fn counts(db: &SqliteDb, project: ProjectId) -> Result<(i64, i64), StoreError> {
    Ok(sqlx::query_as(
        "SELECT
             (SELECT COUNT(*) FROM identities
              WHERE project_id = ?1 AND kind = 'user' AND active = 1) AS seats,
             (SELECT COUNT(*) FROM identities WHERE project_id = ?1 AND kind = 'reader') AS readers",
    )
    .bind(project)
    .fetch_one(db.pool())
    .await?)
}

pub async fn find_matches(
    conn: &mut SqliteConnection,
    project: ProjectId,
    draft: &IdentityDraft,
) -> Result<Vec<Identity>, StoreError> {
    let user_name_key = draft.user_name.key();
    let email_key = draft.email.as_ref().map(|e| e.key());
    let sql = format!(
        "SELECT {COLUMNS} FROM identities \
         WHERE project_id = ? AND (user_name_key IN (?, ?) OR email_key IN (?, ?)) ORDER BY rowid"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(&user_name_key)
        .bind(&email_key)
        .bind(&user_name_key)
        .bind(&email_key)
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn get_in(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
) -> Result<Option<Identity>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM identities WHERE id = ? AND project_id = ?");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(project)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn delete_in(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM identities WHERE id = ? AND project_id = ?")
        .bind(id)
        .bind(project)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
    draft: &IdentityDraft,
    origin: Origin,
    resource: &serde_json::Value,
) -> Result<(), StoreError> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO identities (id, project_id, external_id, user_name, user_name_key, email,
             email_key, display_name, kind, active, origin, resource, version, created_at,
             updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
    )
    .bind(id)
    .bind(project)
    .bind(draft.external_id.as_deref())
    .bind(draft.user_name.as_str())
    .bind(draft.user_name.key())
    .bind(draft.email.as_ref().map(|e| e.as_str()))
    .bind(draft.email.as_ref().map(|e| e.key()))
    .bind(draft.display_name.as_deref())
    .bind(draft.kind.code())
    .bind(draft.active)
    .bind(origin.code())
    .bind(resource.to_string())
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
    draft: &IdentityDraft,
    origin: Origin,
    resource: &serde_json::Value,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE identities SET external_id = ?, user_name = ?, user_name_key = ?, email = ?,
             email_key = ?, display_name = ?, kind = ?, active = ?, origin = ?, resource = ?,
             version = version + 1, updated_at = ?
         WHERE id = ? AND project_id = ?",
    )
    .bind(draft.external_id.as_deref())
    .bind(draft.user_name.as_str())
    .bind(draft.user_name.key())
    .bind(draft.email.as_ref().map(|e| e.as_str()))
    .bind(draft.email.as_ref().map(|e| e.key()))
    .bind(draft.display_name.as_deref())
    .bind(draft.kind.code())
    .bind(draft.active)
    .bind(origin.code())
    .bind(resource.to_string())
    .bind(now_ms())
    .bind(id)
    .bind(project)
    .execute(conn)
    .await?;
    Ok(())
}
