//! After a `sync_event`, its run's new totals: each server reads them for the events it
//! delivers to its own listening dashboards, once per run however many events arrived
//! meanwhile, and only while a dashboard listens there. So the request that was recorded
//! does not pay for a read no dashboard may want, and a server with no dashboard reads
//! nothing.

use std::collections::BTreeSet;

use scim_sync_core::api::StreamMessage;
use tokio::sync::mpsc;

use crate::domain::project::ProjectId;
use crate::state::AppState;
use crate::store;

/// Runs read at most per round.
const ROUND: usize = 64;

/// Reads and delivers the totals of the runs `runs` names, until the hub is gone.
pub(super) async fn follow(state: AppState, mut runs: mpsc::Receiver<(ProjectId, i64)>) {
    let mut asked = Vec::with_capacity(ROUND);
    while runs.recv_many(&mut asked, ROUND).await > 0 {
        let distinct: BTreeSet<(ProjectId, i64)> = asked.drain(..).collect();
        for (project, run_id) in distinct {
            let db = state.db.project(project);
            match store::runs::get(&db, run_id, store::now_ms(), state.run_idle_gap_ms).await {
                Ok(Some(run)) => state.hub.deliver(project, StreamMessage::Run { run }),
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "cannot read the run for the live stream"),
            }
        }
    }
}
