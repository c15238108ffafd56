//! What a connection's health is judged from ([`scim_sync_core::health::Activity`]): its
//! latest requests' outcomes and the starts of its latest runs. Read-only, over indexed
//! columns (`sync_events_by_connection`).

use scim_sync_core::category::FailureCategory;
use scim_sync_core::health::Activity;
use scim_sync_core::idp::Idp;
use sqlx::Row;

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
        "SELECT category, occurred_at, idp FROM sync_events
         WHERE connection_id = ? AND project_id = ? ORDER BY id DESC LIMIT ?",
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
