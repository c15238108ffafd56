//! The live stream: what the dashboard hears about as it happens (server-sent events), and
//! the short-lived tickets that open it (an `EventSource` cannot send the admin token). Every
//! message belongs to one project; a ticket opens that project's messages only.
//!
//! A run ends when no request came for the idle gap, which no request announces: each run in
//! progress has one task that wakes when the gap after its last request has passed and, if
//! no request came meanwhile, sends the ended run. So a dashboard never polls to learn it.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use scim_sync_core::api::{EventSummary, RunStatus, StreamMessage};
use scim_sync_core::category::FailureCategory;
use scim_sync_core::idp::Idp;
use tokio::sync::broadcast;

use crate::domain::project::ProjectId;
use crate::state::AppState;
use crate::store::events::{NewEvent, Recorded};
use crate::store::{self, rfc3339};

/// How long a ticket stays valid.
const TICKET_TTL: Duration = Duration::from_secs(60);
/// Messages a slow listener may fall behind before it skips ahead.
const BACKLOG: usize = 1024;

/// Fans messages out to every connected dashboard.
#[derive(Debug, Clone)]
pub struct Hub {
    sender: broadcast::Sender<(ProjectId, StreamMessage)>,
    tickets: Arc<Mutex<HashMap<String, (ProjectId, Instant)>>>,
    /// Runs in progress: run id → the time (Unix ms) of its latest request known. An entry
    /// exists while that run's end-watching task does.
    open_runs: Arc<Mutex<HashMap<i64, i64>>>,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub {
            sender: broadcast::channel(BACKLOG).0,
            tickets: Arc::default(),
            open_runs: Arc::default(),
        }
    }
}

impl Hub {
    /// Sends a project's message to its listeners (none listening is fine).
    pub fn publish(&self, project: ProjectId, message: StreamMessage) {
        let _ = self.sender.send((project, message));
    }

    /// Whether any dashboard listens (work for the stream can be skipped otherwise).
    pub fn has_listeners(&self) -> bool {
        self.sender.receiver_count() > 0
    }

    /// A new listener; it filters for its project (see [`Listener::next`]).
    pub fn subscribe(&self, project: ProjectId) -> Listener {
        Listener {
            project,
            receiver: self.sender.subscribe(),
        }
    }

    /// Issues a single-use ticket for one project's stream, valid for [`TICKET_TTL`].
    pub fn issue_ticket(&self, project: ProjectId) -> String {
        let ticket = uuid::Uuid::new_v4().to_string();
        let now = Instant::now();
        if let Ok(mut tickets) = self.tickets.lock() {
            tickets.retain(|_, (_, issued)| now.duration_since(*issued) < TICKET_TTL);
            tickets.insert(ticket.clone(), (project, now));
        }
        ticket
    }

    /// Spends a ticket: its project once, within its lifetime.
    pub fn redeem_ticket(&self, ticket: &str) -> Option<ProjectId> {
        self.tickets
            .lock()
            .ok()
            .and_then(|mut tickets| tickets.remove(ticket))
            .filter(|(_, issued)| issued.elapsed() < TICKET_TTL)
            .map(|(project, _)| project)
    }
}

/// One dashboard's subscription: its project's messages only.
#[derive(Debug)]
pub struct Listener {
    project: ProjectId,
    receiver: broadcast::Receiver<(ProjectId, StreamMessage)>,
}

impl Listener {
    /// The next message for this listener's project; `None` once the hub is gone. A listener
    /// that fell behind skips what it missed (the dashboard's next reads catch up).
    pub async fn next(&mut self) -> Option<StreamMessage> {
        loop {
            match self.receiver.recv().await {
                Ok((project, message)) if project == self.project => return Some(message),
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}

/// Tells the listening dashboards about a recorded SCIM request and the run it joined, and
/// that they will hear when the run ends.
pub async fn publish_event(state: &AppState, event: &NewEvent, recorded: Recorded) {
    watch_run_end(state, event.project, recorded.run_id, event.occurred_at);
    if !state.hub.has_listeners() {
        return;
    }
    state.hub.publish(
        event.project,
        StreamMessage::SyncEvent {
            event: summary(event, recorded),
        },
    );
    match store::runs::get(
        &state.db.project(event.project),
        recorded.run_id,
        store::now_ms(),
        state.run_idle_gap_ms,
    )
    .await
    {
        Ok(Some(run)) => state.hub.publish(event.project, StreamMessage::Run { run }),
        Ok(None) => {}
        Err(error) => tracing::warn!(%error, "cannot read the run for the live stream"),
    }
}

/// Notes that run `run_id` had a request at `at` (Unix ms); its first request starts the one
/// task that announces its end ([`announce_run_end`]). Tracked whether or not a dashboard
/// listens now: one may connect before the run ends.
fn watch_run_end(state: &AppState, project: ProjectId, run_id: i64, at: i64) {
    let Ok(mut open_runs) = state.hub.open_runs.lock() else {
        return;
    };
    match open_runs.entry(run_id) {
        Entry::Occupied(mut latest) => {
            let latest = latest.get_mut();
            *latest = (*latest).max(at);
        }
        Entry::Vacant(entry) => {
            entry.insert(at);
            tokio::spawn(announce_run_end(state.clone(), project, run_id));
        }
    }
}

/// Waits until the idle gap has passed since the latest request of run `run_id` known, then
/// announces the ended run ([`crate::alerts::run_end`]): to the listening dashboards and, if
/// it failed, to the project's webhooks.
async fn announce_run_end(state: AppState, project: ProjectId, run_id: i64) {
    loop {
        let latest = state
            .hub
            .open_runs
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
        let ended = state
            .hub
            .open_runs
            .lock()
            .ok()
            .is_some_and(|mut open_runs| {
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
        // Still running: a request is being recorded right now; when it is, its
        // `watch_run_end` starts a new task for this run.
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "cannot read the ended run for the live stream"),
    }
}

/// The wire summary of a just-recorded event.
pub fn summary(event: &NewEvent, recorded: Recorded) -> EventSummary {
    EventSummary {
        id: recorded.id,
        run_id: recorded.run_id,
        occurred_at: rfc3339(event.occurred_at),
        idp: Idp::from_code(&event.idp),
        connection: event.connection.clone(),
        method: event.method.clone(),
        path: event.path.clone(),
        resource_type: event.resource_type.clone(),
        target_id: event.target_id.clone(),
        target_external_id: event.target_external_id.clone(),
        target_name: event.target_user_name.clone(),
        status: event.status,
        scim_type: event.scim_type.clone(),
        category: event
            .category
            .as_deref()
            .and_then(FailureCategory::from_code),
        detail: event.detail.clone(),
        retry_of: event.retry_of,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_opens_its_projects_stream_once() {
        let hub = Hub::default();
        let ticket = hub.issue_ticket(ProjectId(7));
        assert_eq!(hub.redeem_ticket(&ticket), Some(ProjectId(7)));
        assert_eq!(hub.redeem_ticket(&ticket), None);
        assert_eq!(hub.redeem_ticket("made-up"), None);
    }

    #[tokio::test]
    async fn a_listener_hears_only_its_own_projects_messages() {
        let hub = Hub::default();
        let mut listener = hub.subscribe(ProjectId(2));
        hub.publish(
            ProjectId(1),
            StreamMessage::RepushProgress { done: 1, total: 9 },
        );
        hub.publish(
            ProjectId(2),
            StreamMessage::RepushProgress { done: 2, total: 9 },
        );
        assert_eq!(
            listener.next().await,
            Some(StreamMessage::RepushProgress { done: 2, total: 9 })
        );
    }
}
