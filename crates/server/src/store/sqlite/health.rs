//! Connection health's reads and the `connection_health` table on SQLite.

use sqlx::SqliteConnection;

use scim_sync_core::health::Thresholds;

use super::SqliteDb;
use crate::domain::project::ProjectId;
use crate::store::StoreError;
use crate::store::health::{THRESHOLD_COLUMNS, thresholds_from_row};

/// The connection's latest requests, newest first: category, time, IdP.
pub async fn recent(
    db: &SqliteDb,
    project: ProjectId,
    connection_id: i64,
    window: i64,
) -> Result<Vec<(Option<String>, i64, String)>, StoreError> {
    Ok(sqlx::query_as(
        // Our own throttling (429) is not the IdP's sync failing: the IdP retries it, and
        // its category says nothing about the IdP's data.
        "SELECT category, occurred_at, idp FROM sync_events
         WHERE connection_id = ? AND project_id = ? AND status <> 429
         ORDER BY id DESC LIMIT ?",
    )
    .bind(connection_id)
    .bind(project)
    .bind(window)
    .fetch_all(db.pool())
    .await?)
}

/// The starts of the connection's latest runs, newest first.
pub async fn run_starts(
    db: &SqliteDb,
    project: ProjectId,
    connection_id: i64,
    runs: i64,
) -> Result<Vec<i64>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT started_at FROM sync_runs WHERE connection_id = ? AND project_id = ?
         ORDER BY id DESC LIMIT ?",
    )
    .bind(connection_id)
    .bind(project)
    .bind(runs)
    .fetch_all(db.pool())
    .await?)
}

pub async fn state(
    conn: &mut SqliteConnection,
    project: ProjectId,
    connection_id: i64,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT state FROM connection_health WHERE connection_id = ? AND project_id = ?",
    )
    .bind(connection_id)
    .bind(project)
    .fetch_optional(conn)
    .await?)
}

pub async fn set_state(
    conn: &mut SqliteConnection,
    project: ProjectId,
    connection_id: i64,
    state: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO connection_health (connection_id, project_id, state, changed_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (connection_id) DO UPDATE SET state = excluded.state,
             changed_at = excluded.changed_at",
    )
    .bind(connection_id)
    .bind(project)
    .bind(state)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn thresholds(db: &SqliteDb, project: ProjectId) -> Result<Thresholds, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {THRESHOLD_COLUMNS} FROM projects WHERE id = ?"
    )))
    .bind(project)
    .fetch_one(db.pool())
    .await?;
    thresholds_from_row(&row)
}

pub async fn set_thresholds(
    conn: &mut SqliteConnection,
    project: ProjectId,
    thresholds: &Thresholds,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE projects SET health_window = ?, health_min_requests = ?,
             health_degraded_percent = ?, health_failing_percent = ?,
             health_refused_streak = ?, health_silent_after_ms = ?
         WHERE id = ?",
    )
    .bind(i64::from(thresholds.window))
    .bind(i64::from(thresholds.min_requests))
    .bind(i64::from(thresholds.degraded_percent))
    .bind(i64::from(thresholds.failing_percent))
    .bind(i64::from(thresholds.refused_streak))
    .bind(thresholds.silent_after_ms)
    .bind(project)
    .execute(conn)
    .await?;
    Ok(())
}
