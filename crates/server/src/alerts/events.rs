//! The events webhooks carry, queued for every endpoint of the project: a run ended failed,
//! a re-push completed. (A connection's health change is next: it needs the health job that
//! notices one.)
//!
//! A run's end is noticed by the idle timer ([`crate::live`]), which no transaction covers;
//! a re-push's event is queued right after its transaction commits. A crash between the two
//! loses that one event: both move into their transactions with the storage interface
//! (issue 12), which gives the rules a transaction to queue in.

use scim_sync_core::api::{RepushOutcome, RunSummary};
use scim_sync_core::webhooks::{REPUSH_COMPLETED, RUN_FAILED};
use serde_json::json;

use super::queue;
use crate::state::AppState;
use crate::store::{self, ProjectDb, StoreError};

/// Queues `run.failed` for a run that ended with failures.
pub async fn run_failed(state: &AppState, db: &ProjectDb, run: &RunSummary) {
    let data = json!({ "run": run });
    queue_event(state, db, RUN_FAILED, data).await;
}

/// Queues `repush.completed` for a re-push that committed.
pub async fn repush_completed(
    state: &AppState,
    db: &ProjectDb,
    groups: &[String],
    outcome: &RepushOutcome,
) {
    let data = json!({ "group_ids": groups, "outcome": outcome });
    queue_event(state, db, REPUSH_COMPLETED, data).await;
}

async fn queue_event(state: &AppState, db: &ProjectDb, event_type: &str, data: serde_json::Value) {
    let body = queue::body(event_type, db.id(), data);
    let queued = async {
        let mut tx = db.begin_write().await?;
        let queued = store::webhooks::enqueue_in(&mut tx, db.id(), None, event_type, &body).await?;
        tx.commit().await?;
        Ok::<_, StoreError>(queued)
    };
    match queued.await {
        Ok(queued) if !queued.is_empty() => state.webhooks.queued(),
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, event_type, "cannot queue a webhook event"),
    }
}
