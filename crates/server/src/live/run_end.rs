//! A run's end, noticed by the server that recorded its latest request: each run in progress
//! has one task on that server that wakes when the idle gap after its latest request has
//! passed and, if no request came meanwhile, announces the ended run
//! ([`crate::alerts::run_end`], which announces a run once however many servers try).
//!
//! A run whose requests reach several servers has a task on each; the ones that saw an
//! earlier request wake to find the run still running (the database has the later request)
//! and stop, and the last one announces. A server that dies takes its tasks with it; the
//! alerts watcher's sweep announces what they would have.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use scim_sync_core::api::RunStatus;

use crate::domain::project::ProjectId;
use crate::state::AppState;
use crate::store;

/// Runs in progress on this server: run id → the time (Unix ms) of its latest request known.
/// An entry exists while that run's task does.
pub(super) type OpenRuns = Arc<Mutex<HashMap<i64, i64>>>;

/// Notes that run `run_id` had a request at `at` (Unix ms); its first request starts the one
/// task that announces its end ([`announce`]). Tracked whether or not a dashboard listens
/// now: one may connect before the run ends.
pub(super) fn watch(state: &AppState, project: ProjectId, run_id: i64, at: i64) {
    let Ok(mut open_runs) = state.hub.run_end.lock() else {
        return;
    };
    match open_runs.entry(run_id) {
        Entry::Occupied(mut latest) => {
            let latest = latest.get_mut();
            *latest = (*latest).max(at);
        }
        Entry::Vacant(entry) => {
            entry.insert(at);
            tokio::spawn(announce(state.clone(), project, run_id));
        }
    }
}

/// Waits until the idle gap has passed since the latest request of run `run_id` known, then
/// announces the ended run: to the listening dashboards and, if it failed, to the project's
/// webhooks.
async fn announce(state: AppState, project: ProjectId, run_id: i64) {
    loop {
        let latest = state
            .hub
            .run_end
            .lock()
            .ok()
            .and_then(|open_runs| open_runs.get(&run_id).copied());
        let Some(latest) = latest else {
            return;
        };
        let wait = latest.saturating_add(state.run_idle_gap_ms) - store::now_ms();
        if wait > 0 {
            tokio::time::sleep(Duration::from_millis(wait.unsigned_abs())).await;
            continue;
        }
        // No request since `latest` was read: the run is over, as far as this task knows.
        let ended = state.hub.run_end.lock().ok().is_some_and(|mut open_runs| {
            let unchanged = open_runs.get(&run_id) == Some(&latest);
            if unchanged {
                open_runs.remove(&run_id);
            }
            unchanged
        });
        if ended {
            break;
        }
    }
    let db = state.db.project(project);
    match store::runs::get(&db, run_id, store::now_ms(), state.run_idle_gap_ms).await {
        Ok(Some(run)) if run.status != RunStatus::Running => {
            if let Err(error) = crate::alerts::run_end::announce(&state, project, &run).await {
                // The alerts watcher's sweep announces it instead.
                tracing::warn!(%error, "cannot announce the end of a run");
            }
        }
        // Still running: a request is being recorded right now (its `watch` starts a new task
        // here), or another server recorded a later one (and announces the end itself).
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "cannot read the ended run for the live stream"),
    }
}
