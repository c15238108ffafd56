//! What a connection's health is judged from ([`scim_sync_core::health::Activity`]): its
//! latest requests' outcomes and the starts of its latest runs, over indexed columns
//! (`sync_events_by_connection`); the `connection_health` table, each connection's state as
//! last judged; and the project's [`Thresholds`] (columns of its `projects` row).

use super::audit::Actor;
use super::row::StoredRow;
use super::{ProjectDb, StoreError, Tx};
use scim_sync_core::category::FailureCategory;
use scim_sync_core::health::{Activity, HealthState, Thresholds};
use scim_sync_core::idp::Idp;

/// How many of the latest runs the usual pause between syncs is taken over.
const RUNS_FOR_CADENCE: i64 = 21;

/// A connection's recent activity (at most `window` requests), with the IdP of its latest
/// request.
pub async fn activity(
    db: &ProjectDb,
    connection_id: i64,
    window: u32,
) -> Result<(Activity, Option<Idp>), StoreError> {
    let window = i64::from(window);
    let rows = dispatch!(db.backend(), health::recent(db.id(), connection_id, window))?;
    let recent = rows
        .iter()
        .map(|(category, _, _)| {
            category
                .as_deref()
                .map(|c| FailureCategory::from_code(c).unwrap_or(FailureCategory::Internal))
        })
        .collect();
    let last_request_at = rows.first().map(|(_, at, _)| *at);
    let idp = rows.first().map(|(_, _, idp)| Idp::from_code(idp));
    let starts = dispatch!(
        db.backend(),
        health::run_starts(db.id(), connection_id, RUNS_FOR_CADENCE)
    )?;
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
    tx: &mut Tx,
    db: &ProjectDb,
    connection_id: i64,
    state: HealthState,
    now: i64,
) -> Result<Option<HealthState>, StoreError> {
    let before = dispatch_tx!(tx, health::state(db.id(), connection_id))?;
    let before = before
        .as_deref()
        .and_then(HealthState::from_code)
        .unwrap_or(HealthState::Healthy);
    if before == state {
        return Ok(None);
    }
    dispatch_tx!(
        tx,
        health::set_state(db.id(), connection_id, state.code(), now)
    )?;
    Ok(Some(before))
}

/// The project's thresholds.
pub async fn thresholds(db: &ProjectDb) -> Result<Thresholds, StoreError> {
    dispatch!(db.backend(), health::thresholds(db.id()))
}

/// The thresholds' columns, as [`thresholds_from_row`] reads them.
pub(super) const THRESHOLD_COLUMNS: &str = "health_window, health_min_requests, \
     health_degraded_percent, health_failing_percent, health_refused_streak, \
     health_silent_after_ms";

/// A project's thresholds as read (the [`THRESHOLD_COLUMNS`]).
pub(super) fn thresholds_from_row(row: &impl StoredRow) -> Result<Thresholds, StoreError> {
    // The table's CHECKs keep every value in range; a value that is not reads as the default.
    let d = Thresholds::default();
    let get = |column: &str| row.col::<i64>(column);
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
    dispatch_tx!(&mut tx, health::set_thresholds(db.id(), thresholds))?;
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
