//! The `sync_events` table on SQLite.

use scim_sync_core::api::EventSummary;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::SqliteDb;
use crate::domain::project::ProjectId;
use crate::store::events::{
    FailureQuery, NewEvent, SUMMARY_COLUMNS, StoredEvent, stored_from_row, summary_from_row,
};
use crate::store::{StoreError, like_pattern};

pub async fn insert(
    conn: &mut SqliteConnection,
    event: &NewEvent,
    run_id: i64,
) -> Result<i64, StoreError> {
    let id = sqlx::query_scalar(
        "INSERT INTO sync_events (project_id, run_id, request_id, occurred_at, connection_id,
             token_id, connection, idp, user_agent, method, path, resource_type, target_id,
             target_external_id, target_user_name, status, scim_type, category, detail,
             request_body, duration_us, retry_of)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(event.project)
    .bind(run_id)
    .bind(&event.request_id)
    .bind(event.occurred_at)
    .bind(event.connection_id)
    .bind(event.token_id)
    .bind(&event.connection)
    .bind(&event.idp)
    .bind(&event.user_agent)
    .bind(&event.method)
    .bind(&event.path)
    .bind(&event.resource_type)
    .bind(&event.target_id)
    .bind(&event.target_external_id)
    .bind(&event.target_user_name)
    .bind(i64::from(event.status))
    .bind(&event.scim_type)
    .bind(&event.category)
    .bind(&event.detail)
    .bind(&event.request_body)
    .bind(event.duration_us)
    .bind(event.retry_of)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub async fn failures(
    db: &SqliteDb,
    project: ProjectId,
    query: &FailureQuery,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<EventSummary>, StoreError> {
    let mut sql = QueryBuilder::<Sqlite>::new(format!(
        "SELECT {SUMMARY_COLUMNS} FROM sync_events WHERE category IS NOT NULL"
    ));
    push_filters(&mut sql, project, query);
    if let Some(before) = before {
        sql.push(" AND id < ").push_bind(before);
    }
    sql.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
    let rows = sql.build().fetch_all(db.pool()).await?;
    rows.iter().map(summary_from_row).collect()
}

pub async fn count_failures(
    db: &SqliteDb,
    project: ProjectId,
    query: &FailureQuery,
) -> Result<u64, StoreError> {
    let mut sql =
        QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM sync_events WHERE category IS NOT NULL");
    push_filters(&mut sql, project, query);
    let count: i64 = sql.build_query_scalar().fetch_one(db.pool()).await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

fn push_filters(sql: &mut QueryBuilder<Sqlite>, project: ProjectId, query: &FailureQuery) {
    sql.push(" AND project_id = ").push_bind(project);
    if let Some(run) = query.run {
        sql.push(" AND run_id = ").push_bind(run);
    }
    if let Some(category) = query.category {
        sql.push(" AND category = ").push_bind(category.code());
    }
    if let Some(idp) = query.idp {
        sql.push(" AND idp = ").push_bind(idp.code());
    }
    if let Some(resource_type) = &query.resource_type {
        sql.push(" AND resource_type = ")
            .push_bind(resource_type.clone());
    }
    if let Some(since) = query.since {
        sql.push(" AND occurred_at >= ").push_bind(since);
    }
    if let Some(until) = query.until {
        sql.push(" AND occurred_at < ").push_bind(until);
    }
    if let Some(text) = &query.text {
        let pattern = like_pattern(text);
        sql.push(" AND (lower(target_user_name) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(target_external_id) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(detail) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

pub async fn get(
    db: &SqliteDb,
    project: ProjectId,
    id: i64,
) -> Result<Option<StoredEvent>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS}, connection_id, token_id, user_agent, request_body, request_id
         FROM sync_events WHERE id = ? AND project_id = ?"
    )))
    .bind(id)
    .bind(project)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(stored_from_row).transpose()
}

pub async fn retries_of(
    db: &SqliteDb,
    project: ProjectId,
    id: i64,
) -> Result<Vec<EventSummary>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM sync_events WHERE retry_of = ? AND project_id = ? ORDER BY id"
    )))
    .bind(id)
    .bind(project)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(summary_from_row).collect()
}

pub async fn timeline(
    db: &SqliteDb,
    project: ProjectId,
    target_id: &str,
    limit: i64,
) -> Result<Vec<EventSummary>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM sync_events WHERE project_id = ? AND target_id = ?
         ORDER BY id DESC LIMIT ?"
    )))
    .bind(project)
    .bind(target_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(summary_from_row).collect()
}

pub async fn last_failed_user_create(
    conn: &mut SqliteConnection,
    project: ProjectId,
    user_name: &str,
) -> Result<Option<String>, StoreError> {
    let body: Option<Option<String>> = sqlx::query_scalar(
        "SELECT request_body FROM sync_events
         WHERE category IS NOT NULL AND resource_type = 'User' AND method = 'POST'
           AND project_id = ? AND lower(target_user_name) = ?
         ORDER BY id DESC LIMIT 1",
    )
    .bind(project)
    .bind(user_name.to_lowercase())
    .fetch_optional(conn)
    .await?;
    Ok(body.flatten())
}

/// Events naming the userName `key` (lowercased) or about the identity with it, newest first.
pub async fn timeline_of_user_name(
    db: &SqliteDb,
    project: ProjectId,
    key: &str,
    limit: i64,
) -> Result<Vec<EventSummary>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM sync_events
         WHERE project_id = ? AND lower(target_user_name) = ? AND target_user_name IS NOT NULL
         UNION
         SELECT {SUMMARY_COLUMNS} FROM sync_events
         WHERE project_id = ? AND target_id IS NOT NULL AND target_id IN
             (SELECT id FROM identities WHERE project_id = ? AND user_name_key = ?)
         ORDER BY id DESC LIMIT ?"
    )))
    .bind(project)
    .bind(key)
    .bind(project)
    .bind(project)
    .bind(key)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(summary_from_row).collect()
}
