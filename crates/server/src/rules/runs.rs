//! Run detection: every SCIM request joins its connection's current run, or opens a new run
//! when the connection's last request is older than the idle gap ([`crate::domain::run`]).
//! Events are recorded in batches (group commit, [`crate::store::recorder`]), each batch in one
//! write transaction that first takes the runs of its connections
//! ([`runs::lock_connections_in`]), so two requests of one connection never both open a run —
//! also when two server processes record them at once.

use crate::domain::run;
use crate::store::events::{self, NewEvent, Recorded};
use crate::store::{Db, StoreError, runs};

/// Records one event (see [`record_all`]).
pub async fn record(db: &Db, event: &NewEvent, idle_gap_ms: i64) -> Result<Recorded, StoreError> {
    Ok(record_all(db, std::slice::from_ref(event), idle_gap_ms).await?[0])
}

/// Records several events in one write transaction (group commit), in order: each joins its
/// connection's current run, or opens a new run when the connection's last request is older
/// than `idle_gap_ms`.
pub async fn record_all(
    db: &Db,
    batch: &[NewEvent],
    idle_gap_ms: i64,
) -> Result<Vec<Recorded>, StoreError> {
    let mut tx = db.begin_write().await?;
    runs::lock_connections_in(&mut tx, batch).await?;
    let mut recorded = Vec::with_capacity(batch.len());
    for event in batch {
        let failed = event.category.is_some();
        let current = runs::latest_of_connection(&mut tx, event).await?;
        let run_id = match current {
            Some(run) if run::continues(run.last_event_at, event.occurred_at, idle_gap_ms) => {
                runs::extend_in(&mut tx, run.id, event.occurred_at, failed).await?;
                run.id
            }
            _ => runs::open_in(&mut tx, event, failed).await?,
        };
        let id = events::insert_in(&mut tx, event, run_id).await?;
        recorded.push(Recorded { id, run_id });
    }
    tx.commit().await?;
    Ok(recorded)
}
