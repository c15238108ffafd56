//! A run's end, announced once: on the live stream, and as a `run.failed` webhook event when it
//! failed, queued in the same transaction that marks the run announced
//! (`sync_runs.ended_announced_at`). Whichever notices the end first announces it — the idle
//! timer of the server that recorded the run's last request ([`crate::live`]), or [`sweep`],
//! which the alerts watcher runs periodically and which catches the runs a restart left
//! unannounced. Every other attempt finds the run marked and does nothing: no event is lost to
//! a crash and none is sent twice, on one server or several.

use scim_sync_core::api::{RunStatus, RunSummary, StreamMessage};
use scim_sync_core::webhooks::RUN_FAILED;
use serde_json::json;

use super::queue;
use crate::domain::project::ProjectId;
use crate::state::AppState;
use crate::store::{self, StoreError};

/// How many unannounced runs one sweep takes at most.
const SWEEP_BATCH: i64 = 100;

/// Announces the end of `run` (which has ended) unless it was announced already or a request
/// joined it since `run` was read (that request's timer announces it, with its totals);
/// whether this call announced it.
pub async fn announce(
    state: &AppState,
    project: ProjectId,
    run: &RunSummary,
) -> Result<bool, StoreError> {
    let db = state.db.project(project);
    let mut tx = db.begin_write().await?;
    if !store::runs::mark_end_announced_in(&mut tx, project, run.id, run.requests, store::now_ms())
        .await?
    {
        return Ok(false);
    }
    let queued = if run.status == RunStatus::Failed {
        let body = queue::body(RUN_FAILED, project, json!({ "run": run }));
        store::webhooks::enqueue_in(&mut tx, project, None, RUN_FAILED, &body).await?
    } else {
        Vec::new()
    };
    tx.commit().await?;
    if !queued.is_empty() {
        state.webhooks.queued();
    }
    state
        .hub
        .publish(project, StreamMessage::Run { run: run.clone() });
    Ok(true)
}

/// Announces every run that ended (no request for the idle gap) without being announced.
pub async fn sweep(state: &AppState) -> Result<(), StoreError> {
    let now = store::now_ms();
    let ended_before = now.saturating_sub(state.run_idle_gap_ms);
    for (project, id) in
        store::runs::unannounced_ended(&state.db, ended_before, SWEEP_BATCH).await?
    {
        let db = state.db.project(project);
        if let Some(run) = store::runs::get(&db, id, now, state.run_idle_gap_ms).await?
            && run.status != RunStatus::Running
        {
            announce(state, project, &run).await?;
        }
    }
    Ok(())
}
