//! What a connection's health is judged from ([`scim_sync_core::health::Activity`]): its
//! latest requests' outcomes and the starts of its latest runs, over indexed columns
//! (`sync_events_by_connection`); the `connection_health` table, each connection's state as
//! last judged; and the project's [`Thresholds`] (columns of its `projects` row).

use scim_sync_core::category::FailureCategory;
use scim_sync_core::health::{Activity, HealthState, Thresholds};
use scim_sync_core::idp::Idp;
use sqlx::Row;

use super::audit::Actor;
use super::{ProjectDb, StoreError};

/// How many of the latest runs the usual pause between syncs is taken over.
const RUNS_FOR_CADENCE: i64 = 21;

/// A connection's recent activity (at most `window` requests), with the IdP of its latest
/// request.
pub async fn activity(
    db: &ProjectDb,
    connection_id: i64,
    window: u32,
) -> Result<(Activity, Option<Idp>), StoreError> {
    let rows = sqlx::query(
        // Our own throttling (429) is not the IdP's sync failing: the IdP retries it, and
        // its category says nothing about the IdP's data.
        "SELECT category, occurred_at, idp FROM sync_events
         WHERE connection_id = ? AND project_id = ? AND status <> 429
         ORDER BY id DESC LIMIT ?",
    )
    .bind(connection_id)
    .bind(db.id())
    .bind(i64::from(window))
    .fetch_all(db.pool())
    .await?;
    let mut recent = Vec::with_capacity(rows.len());
    for row in &rows {
        let category: Option<String> = row.try_get("category")?;
        recent.push(
            category.map(|c| FailureCategory::from_code(&c).unwrap_or(FailureCategory::Internal)),
        );
    }
    let last_request_at = rows.first().map(|r| r.try_get("occurred_at")).transpose()?;
    let idp = rows
        .first()
        .map(|r| r.try_get::<&str, _>("idp").map(Idp::from_code))
        .transpose()?;
    let starts: Vec<i64> = sqlx::query_scalar(
        "SELECT started_at FROM sync_runs WHERE connection_id = ? AND project_id = ?
         ORDER BY id DESC LIMIT ?",
    )
    .bind(connection_id)
    .bind(db.id())
    .bind(RUNS_FOR_CADENCE)
    .fetch_all(db.pool())
    .await?;
    Ok((
        Activity {
            recent,
            last_request_at,
            usual_gap_ms: median_gap(&starts),
        },
        idp,
    ))
}

/// Records `state` as connection `connection_id`'s, inside the caller's transaction; the
/// state it had before (healthy when never recorded), or `None` when it is unchanged.
pub async fn record_in(
    conn: &mut sqlx::SqliteConnection,
    db: &ProjectDb,
    connection_id: i64,
    state: HealthState,
    now: i64,
) -> Result<Option<HealthState>, StoreError> {
    let before: Option<String> = sqlx::query_scalar(
        "SELECT state FROM connection_health WHERE connection_id = ? AND project_id = ?",
    )
    .bind(connection_id)
    .bind(db.id())
    .fetch_optional(&mut *conn)
    .await?;
    let before = before
        .as_deref()
        .and_then(HealthState::from_code)
        .unwrap_or(HealthState::Healthy);
    if before == state {
        return Ok(None);
    }
    sqlx::query(
        "INSERT INTO connection_health (connection_id, project_id, state, changed_at)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (connection_id) DO UPDATE SET state = excluded.state,
             changed_at = excluded.changed_at",
    )
    .bind(connection_id)
    .bind(db.id())
    .bind(state.code())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(Some(before))
}

/// The project's thresholds.
pub async fn thresholds(db: &ProjectDb) -> Result<Thresholds, StoreError> {
    let row = sqlx::query(
        "SELECT health_window, health_min_requests, health_degraded_percent,
             health_failing_percent, health_refused_streak, health_silent_after_ms
         FROM projects WHERE id = ?",
    )
    .bind(db.id())
    .fetch_one(db.pool())
    .await?;
    // The table's CHECKs keep every value in range; a value that is not reads as the default.
    let d = Thresholds::default();
    let get = |column: &str| row.try_get::<i64, _>(column);
    Ok(Thresholds {
        window: u32::try_from(get("health_window")?).unwrap_or(d.window),
        min_requests: u32::try_from(get("health_min_requests")?).unwrap_or(d.min_requests),
        degraded_percent: u8::try_from(get("health_degraded_percent")?)
            .unwrap_or(d.degraded_percent),
        failing_percent: u8::try_from(get("health_failing_percent")?).unwrap_or(d.failing_percent),
        refused_streak: u32::try_from(get("health_refused_streak")?).unwrap_or(d.refused_streak),
        silent_after_ms: get("health_silent_after_ms")?,
    })
}

/// Sets the project's thresholds (checked by the caller) and records the admin's action, in one
/// transaction.
pub async fn set_thresholds(
    db: &ProjectDb,
    thresholds: &Thresholds,
    actor: Actor<'_>,
    summary: &str,
) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
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
    .bind(db.id())
    .execute(&mut *tx)
    .await?;
    actor.record_in(&mut tx, db.id(), summary).await?;
    tx.commit().await?;
    Ok(())
}

/// The median pause between consecutive run starts (newest first), if there are two runs.
fn median_gap(starts: &[i64]) -> Option<i64> {
    let mut gaps: Vec<i64> = starts.windows(2).map(|w| (w[0] - w[1]).abs()).collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    Some(gaps[gaps.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_gap_is_the_median_pause_between_run_starts() {
        assert_eq!(median_gap(&[]), None);
        assert_eq!(median_gap(&[100]), None);
        assert_eq!(median_gap(&[300, 200, 100]), Some(100));
        // One long outage does not make the cadence look slow.
        assert_eq!(median_gap(&[10_000, 400, 300, 200, 100]), Some(100));
    }
}
