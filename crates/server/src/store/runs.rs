//! The `sync_runs` table: runs as the event recorder keeps them up to date (which run an event
//! joins is [`crate::rules::runs`]'s to decide).

use scim_sync_core::api::{CategoryCount, RunSummary};
use scim_sync_core::category::FailureCategory;
use scim_sync_core::idp::Idp;
use sqlx::Row;

use super::events::NewEvent;
use super::{Db, ProjectDb, StoreError, rfc3339};
use crate::domain::project::ProjectId;

const COLUMNS: &str = "id, connection, idp, started_at, last_event_at, requests, failures";

/// A connection's run with the most recent request: its id and when that request came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatestRun {
    /// The run's id.
    pub id: i64,
    /// Unix ms of its last request.
    pub last_event_at: i64,
}

/// The run with the most recent request of the event's connection, inside a write transaction.
pub async fn latest_of_connection(
    conn: &mut sqlx::SqliteConnection,
    event: &NewEvent,
) -> Result<Option<LatestRun>, StoreError> {
    let row = sqlx::query(
        "SELECT id, last_event_at FROM sync_runs
         WHERE project_id = ? AND connection_id IS ? AND connection = ?
         ORDER BY last_event_at DESC LIMIT 1",
    )
    .bind(event.project)
    .bind(event.connection_id)
    .bind(&event.connection)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(LatestRun {
            id: r.try_get("id")?,
            last_event_at: r.try_get("last_event_at")?,
        })
    })
    .transpose()
}

/// Counts one more request (failed or not) in a run, inside a write transaction.
pub async fn extend_in(
    conn: &mut sqlx::SqliteConnection,
    id: i64,
    occurred_at: i64,
    failed: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE sync_runs SET last_event_at = MAX(last_event_at, ?),
             requests = requests + 1, failures = failures + ? WHERE id = ?",
    )
    .bind(occurred_at)
    .bind(i64::from(failed))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Opens a run with the event's request as its first, inside a write transaction; answers
/// the run's id.
pub async fn open_in(
    conn: &mut sqlx::SqliteConnection,
    event: &NewEvent,
    failed: bool,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO sync_runs (project_id, connection_id, connection, idp, started_at,
         last_event_at, requests, failures)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
    )
    .bind(event.project)
    .bind(event.connection_id)
    .bind(&event.connection)
    .bind(&event.idp)
    .bind(event.occurred_at)
    .bind(event.occurred_at)
    .bind(i64::from(failed))
    .fetch_one(conn)
    .await?)
}

/// The run with the most recent request, if any request was ever recorded.
pub async fn latest(
    db: &ProjectDb,
    now_ms: i64,
    idle_gap_ms: i64,
) -> Result<Option<RunSummary>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sync_runs WHERE project_id = ?
         ORDER BY last_event_at DESC, id DESC LIMIT 1"
    )))
    .bind(db.id())
    .fetch_optional(db.pool())
    .await?;
    match row {
        Some(row) => Ok(Some(summary(db, &row, now_ms, idle_gap_ms).await?)),
        None => Ok(None),
    }
}

/// The run with this id.
pub async fn get(
    db: &ProjectDb,
    id: i64,
    now_ms: i64,
    idle_gap_ms: i64,
) -> Result<Option<RunSummary>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sync_runs WHERE id = ? AND project_id = ?"
    )))
    .bind(id)
    .bind(db.id())
    .fetch_optional(db.pool())
    .await?;
    match row {
        Some(row) => Ok(Some(summary(db, &row, now_ms, idle_gap_ms).await?)),
        None => Ok(None),
    }
}

/// A page of runs, newest first, after the run `before` (keyset on id).
pub async fn page(
    db: &ProjectDb,
    before: Option<i64>,
    limit: i64,
    now_ms: i64,
    idle_gap_ms: i64,
) -> Result<Vec<RunSummary>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sync_runs WHERE project_id = ? AND id < ? ORDER BY id DESC LIMIT ?"
    )))
    .bind(db.id())
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let mut runs = Vec::with_capacity(rows.len());
    for row in &rows {
        runs.push(summary(db, row, now_ms, idle_gap_ms).await?);
    }
    Ok(runs)
}

/// Runs whose last request is older than `before` (Unix ms) and whose end was not announced,
/// oldest first, at most `limit`: the project and the run's id.
pub async fn unannounced_ended(
    db: &Db,
    before: i64,
    limit: i64,
) -> Result<Vec<(ProjectId, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT project_id, id FROM sync_runs
         WHERE ended_announced_at IS NULL AND last_event_at < ?
         ORDER BY last_event_at LIMIT ?",
    )
    .bind(before)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok((ProjectId(r.try_get("project_id")?), r.try_get("id")?)))
        .collect()
}

/// Marks run `id`'s end announced at `now`, inside the caller's transaction; false when it
/// already was (another task or server announced it).
pub async fn mark_end_announced_in(
    conn: &mut sqlx::SqliteConnection,
    project: ProjectId,
    id: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE sync_runs SET ended_announced_at = ?
         WHERE id = ? AND project_id = ? AND ended_announced_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(project)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

async fn summary(
    db: &ProjectDb,
    row: &sqlx::sqlite::SqliteRow,
    now_ms: i64,
    idle_gap_ms: i64,
) -> Result<RunSummary, StoreError> {
    let id: i64 = row.try_get("id")?;
    let last_event_at: i64 = row.try_get("last_event_at")?;
    let failures = u64::try_from(row.try_get::<i64, _>("failures")?).unwrap_or(0);
    let status = crate::domain::run::status(last_event_at, failures, now_ms, idle_gap_ms);
    let started_at: i64 = row.try_get("started_at")?;
    Ok(RunSummary {
        id,
        connection: row.try_get("connection")?,
        idp: Idp::from_code(row.try_get::<&str, _>("idp")?),
        status,
        started_at: rfc3339(started_at),
        last_event_at: rfc3339(last_event_at),
        requests: u64::try_from(row.try_get::<i64, _>("requests")?).unwrap_or(0),
        failures,
        failures_by_category: failures_by_category(db, id).await?,
        duration_ms: u64::try_from(last_event_at - started_at).unwrap_or(0),
    })
}

/// A run's failed requests per category, most frequent first.
async fn failures_by_category(
    db: &ProjectDb,
    run_id: i64,
) -> Result<Vec<CategoryCount>, StoreError> {
    let rows = sqlx::query(
        "SELECT category, COUNT(*) AS n FROM sync_events
         WHERE run_id = ? AND category IS NOT NULL
         GROUP BY category ORDER BY n DESC, category",
    )
    .bind(run_id)
    .fetch_all(db.pool())
    .await?;
    let mut counts = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(category) = FailureCategory::from_code(row.try_get::<&str, _>("category")?) {
            counts.push(CategoryCount {
                category,
                count: u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0),
            });
        }
    }
    Ok(counts)
}
