//! The `audit` table on SQLite.

use scim_sync_core::api::AuditEntry;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::SqliteDb;
use crate::domain::project::ProjectId;
use crate::store::audit::AuditQuery;
use crate::store::{StoreError, like_pattern, now_ms};

pub async fn record(
    db: &SqliteDb,
    project: ProjectId,
    actor: &str,
    action: &str,
    summary: &str,
) -> Result<(), StoreError> {
    insert(
        db.writer().acquire().await?.as_mut(),
        project,
        actor,
        action,
        summary,
    )
    .await
}

pub async fn insert(
    conn: &mut SqliteConnection,
    project: ProjectId,
    actor: &str,
    action: &str,
    summary: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit (project_id, at, actor, action, summary) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(project)
    .bind(now_ms())
    .bind(actor)
    .bind(action)
    .bind(summary)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn search(
    db: &SqliteDb,
    project: ProjectId,
    query: &AuditQuery,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut sql =
        QueryBuilder::<Sqlite>::new("SELECT id, at, actor, action, summary FROM audit WHERE ");
    push_filters(&mut sql, project, query);
    if let Some(before) = before {
        sql.push(" AND id < ").push_bind(before);
    }
    sql.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
    let rows = sql.build().fetch_all(db.pool()).await?;
    rows.iter().map(crate::store::audit::entry).collect()
}

pub async fn count(
    db: &SqliteDb,
    project: ProjectId,
    query: &AuditQuery,
) -> Result<u64, StoreError> {
    let mut sql = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM audit WHERE ");
    push_filters(&mut sql, project, query);
    let count: i64 = sql.build_query_scalar().fetch_one(db.pool()).await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

fn push_filters(sql: &mut QueryBuilder<Sqlite>, project: ProjectId, query: &AuditQuery) {
    sql.push("project_id = ").push_bind(project);
    if let Some(action) = query.action {
        sql.push(" AND action = ").push_bind(action.code());
    }
    if let Some(actor) = &query.actor {
        sql.push(" AND actor = ").push_bind(actor.clone());
    }
    if let Some(since) = query.since {
        sql.push(" AND at >= ").push_bind(since);
    }
    if let Some(until) = query.until {
        sql.push(" AND at < ").push_bind(until);
    }
    if let Some(text) = &query.text {
        let pattern = like_pattern(text);
        sql.push(" AND (lower(summary) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(actor) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}
