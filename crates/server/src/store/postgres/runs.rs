//! The `sync_runs` table on PostgreSQL.

use sqlx::PgConnection;

use super::PgDb;
use crate::domain::project::ProjectId;
use crate::store::StoreError;
use crate::store::events::NewEvent;
use crate::store::runs::{COLUMNS, RunRow};

/// The id and last request time of the connection's latest run.
pub async fn latest_of_connection(
    conn: &mut PgConnection,
    event: &NewEvent,
) -> Result<Option<(i64, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, last_event_at FROM sync_runs
         WHERE project_id = $1 AND connection_id IS NOT DISTINCT FROM $2 AND connection = $3
         ORDER BY last_event_at DESC LIMIT 1",
    )
    .bind(event.project)
    .bind(event.connection_id)
    .bind(&event.connection)
    .fetch_optional(conn)
    .await?)
}

/// One advisory lock per key, in the keys' order, held until the transaction ends.
pub async fn lock_connections(conn: &mut PgConnection, keys: &[String]) -> Result<(), StoreError> {
    for key in keys {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(key)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn extend(
    conn: &mut PgConnection,
    id: i64,
    occurred_at: i64,
    failed: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE sync_runs SET last_event_at = GREATEST(last_event_at, $1),
             requests = requests + 1, failures = failures + $2
         WHERE id = $3 AND ended_announced_at IS NULL",
    )
    .bind(occurred_at)
    .bind(failed)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn open(
    conn: &mut PgConnection,
    event: &NewEvent,
    failed: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO sync_runs (project_id, connection_id, connection, idp, started_at,
         last_event_at, requests, failures)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
    )
    .bind(event.project)
    .bind(event.connection_id)
    .bind(&event.connection)
    .bind(&event.idp)
    .bind(event.occurred_at)
    .bind(event.occurred_at)
    .bind(failed)
    .fetch_one(conn)
    .await?)
}

pub async fn latest(db: &PgDb, project: ProjectId) -> Result<Option<RunRow>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sync_runs WHERE project_id = $1
         ORDER BY last_event_at DESC, id DESC LIMIT 1"
    )))
    .bind(project)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(RunRow::from_row).transpose()
}

pub async fn get(db: &PgDb, project: ProjectId, id: i64) -> Result<Option<RunRow>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sync_runs WHERE id = $1 AND project_id = $2"
    )))
    .bind(id)
    .bind(project)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(RunRow::from_row).transpose()
}

pub async fn page(
    db: &PgDb,
    project: ProjectId,
    before: i64,
    limit: i64,
) -> Result<Vec<RunRow>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sync_runs WHERE project_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
    )))
    .bind(project)
    .bind(before)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(RunRow::from_row).collect()
}

/// A run's failed requests per category, most frequent first.
pub async fn failures_by_category(
    db: &PgDb,
    project: ProjectId,
    run_id: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT category, COUNT(*) AS n FROM sync_events
         WHERE run_id = $1 AND project_id = $2 AND category IS NOT NULL
         GROUP BY category ORDER BY n DESC, category COLLATE \"C\"",
    )
    .bind(run_id)
    .bind(project)
    .fetch_all(db.pool())
    .await?)
}

/// Project and id of runs ended before `before` and not announced, oldest first.
pub async fn unannounced_ended(
    db: &PgDb,
    before: i64,
    limit: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT project_id, id FROM sync_runs
         WHERE ended_announced_at IS NULL AND last_event_at < $1
         ORDER BY last_event_at LIMIT $2",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

pub async fn mark_end_announced(
    conn: &mut PgConnection,
    project: ProjectId,
    id: i64,
    requests: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE sync_runs SET ended_announced_at = $1
         WHERE id = $2 AND project_id = $3 AND requests = $4 AND ended_announced_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(project)
    .bind(requests)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
