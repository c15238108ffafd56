//! The live stream: what the dashboard hears about as it happens (server-sent events), and
//! the short-lived tickets that open it ([`tickets`]). Every message belongs to one project;
//! a ticket opens that project's messages only.
//!
//! ## One stream over any number of servers
//!
//! A dashboard streams from one server, but the SCIM request it should hear about may reach
//! another that shares the database. So a message is never handed to listeners where it was
//! published, but delivered to every server's listeners alike:
//!
//! - on SQLite (one server's database) [`Hub::publish`] delivers it in this process;
//! - on PostgreSQL it goes out as a `NOTIFY` and every server, this one included, delivers
//!   what its `LISTEN` hears ([`relay`]). One path, so a dashboard sees the same messages in
//!   the same order whichever server it is connected to.
//!
//! The stream is a view, not a record: a message lost (a listener that fell behind, a
//! connection to PostgreSQL re-established) costs nothing the dashboard's next reads do not
//! catch up, so publishing never waits and never fails a request.
//!
//! ## What follows from a message
//!
//! A recorded SCIM request is published as a `sync_event`; where a dashboard listens, the
//! run it joined follows with its new totals ([`run_totals`]). A run ends when no request came
//! for the idle gap, which no request announces: the server that recorded a run's latest
//! request announces its end ([`run_end`]), so a dashboard never polls to learn it.

mod relay;
mod run_end;
mod run_totals;
pub mod tickets;

use std::sync::{Arc, Mutex};

use scim_sync_core::api::{EventSummary, StreamMessage};
use scim_sync_core::category::FailureCategory;
use scim_sync_core::idp::Idp;
use tokio::sync::{broadcast, mpsc};
use tokio::task::JoinHandle;

use crate::domain::project::ProjectId;
use crate::state::AppState;
use crate::store::events::{NewEvent, Recorded};
use crate::store::{Backend, Db, StoreError, rfc3339};

/// Messages a slow listener may fall behind, or the relay may have waiting to go out, before
/// the newest are dropped.
const BACKLOG: usize = 1024;

/// A message for one project's listeners.
type Addressed = (ProjectId, StreamMessage);

/// Fans messages out to every connected dashboard, on this server and the others.
#[derive(Debug, Clone)]
pub struct Hub {
    /// This process's listeners.
    here: broadcast::Sender<Addressed>,
    /// Where a message goes out to every server, on PostgreSQL.
    relay: Option<mpsc::Sender<Addressed>>,
    /// What [`start`] takes to run: the relay's outgoing messages, and the runs whose
    /// totals a delivered event asks for.
    pending: Arc<Mutex<Option<Pending>>>,
    runs: mpsc::Sender<(ProjectId, i64)>,
    run_end: run_end::OpenRuns,
}

#[derive(Debug)]
struct Pending {
    relay: Option<mpsc::Receiver<Addressed>>,
    runs: mpsc::Receiver<(ProjectId, i64)>,
}

impl Hub {
    /// A hub for servers on `db`: relayed through PostgreSQL when that is the database.
    pub fn for_database(db: &Db) -> Hub {
        let (relay, relay_receiver) = match db.backend() {
            Backend::Sqlite(_) => (None, None),
            Backend::Postgres(_) => {
                let (sender, receiver) = mpsc::channel(BACKLOG);
                (Some(sender), Some(receiver))
            }
        };
        let (runs, runs_receiver) = mpsc::channel(BACKLOG);
        Hub {
            here: broadcast::channel(BACKLOG).0,
            relay,
            pending: Arc::new(Mutex::new(Some(Pending {
                relay: relay_receiver,
                runs: runs_receiver,
            }))),
            runs,
            run_end: run_end::OpenRuns::default(),
        }
    }

    /// Sends a project's message to its listeners on every server (none listening is fine).
    pub fn publish(&self, project: ProjectId, message: StreamMessage) {
        match &self.relay {
            Some(relay) => {
                if relay.try_send((project, message)).is_err() {
                    tracing::debug!("the live relay is behind; a message was dropped");
                }
            }
            None => self.deliver(project, message),
        }
    }

    /// Hands a message to this process's listeners: what every server does with every
    /// message published, wherever it was.
    fn deliver(&self, project: ProjectId, message: StreamMessage) {
        if self.here.receiver_count() == 0 {
            return;
        }
        if let StreamMessage::SyncEvent { event } = &message {
            // Its run's totals follow (run_totals); dropped, the next event's bring them.
            let _ = self.runs.try_send((project, event.run_id));
        }
        let _ = self.here.send((project, message));
    }

    /// Whether a message published now may reach a dashboard: on PostgreSQL always (one may
    /// listen on another server), on SQLite while one listens here. A publisher that has to
    /// build its message can skip that when not.
    pub fn may_be_heard(&self) -> bool {
        self.relay.is_some() || self.here.receiver_count() > 0
    }

    /// A new listener; it filters for its project (see [`Listener::next`]).
    pub fn subscribe(&self, project: ProjectId) -> Listener {
        Listener {
            project,
            receiver: self.here.subscribe(),
        }
    }
}

/// Starts what keeps the stream flowing while the server serves: the relay on PostgreSQL
/// (listening before this returns, so no message published after it is missed) and the run
/// totals. The caller aborts the tasks when it stops serving; a second call starts nothing.
pub async fn start(state: &AppState) -> Result<Vec<JoinHandle<()>>, StoreError> {
    let Some(pending) = state.hub.pending.lock().ok().and_then(|mut p| p.take()) else {
        return Ok(Vec::new());
    };
    let mut tasks = vec![tokio::spawn(run_totals::follow(
        state.clone(),
        pending.runs,
    ))];
    if let (Backend::Postgres(db), Some(outgoing)) = (state.db.backend(), pending.relay) {
        tasks.extend(relay::start(state.hub.clone(), db.clone(), outgoing).await?);
    }
    Ok(tasks)
}

/// One dashboard's subscription: its project's messages only.
#[derive(Debug)]
pub struct Listener {
    project: ProjectId,
    receiver: broadcast::Receiver<Addressed>,
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

/// Tells the listening dashboards about a recorded SCIM request, and notes that its run's
/// end is to be announced.
pub fn publish_event(state: &AppState, event: &NewEvent, recorded: Recorded) {
    run_end::watch(state, event.project, recorded.run_id, event.occurred_at);
    if !state.hub.may_be_heard() {
        return;
    }
    state.hub.publish(
        event.project,
        StreamMessage::SyncEvent {
            event: summary(event, recorded),
        },
    );
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

    #[tokio::test]
    async fn a_listener_hears_only_its_own_projects_messages() {
        let dir = tempfile::tempdir().unwrap();
        let hub = Hub::for_database(&Db::open(dir.path()).await.unwrap());
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
