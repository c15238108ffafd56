//! The live stream: what the dashboard hears about as it happens (server-sent events), and
//! the short-lived tickets that open it (an `EventSource` cannot send the admin token).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use scim_sync_core::api::{EventSummary, StreamMessage};
use scim_sync_core::category::FailureCategory;
use scim_sync_core::idp::Idp;
use tokio::sync::broadcast;

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
    sender: broadcast::Sender<StreamMessage>,
    tickets: Arc<Mutex<HashMap<String, Instant>>>,
}

impl Default for Hub {
    fn default() -> Hub {
        Hub {
            sender: broadcast::channel(BACKLOG).0,
            tickets: Arc::default(),
        }
    }
}

impl Hub {
    /// Sends a message to every listener (none listening is fine).
    pub fn publish(&self, message: StreamMessage) {
        let _ = self.sender.send(message);
    }

    /// Whether any dashboard listens (work for the stream can be skipped otherwise).
    pub fn has_listeners(&self) -> bool {
        self.sender.receiver_count() > 0
    }

    /// A new listener.
    pub fn subscribe(&self) -> broadcast::Receiver<StreamMessage> {
        self.sender.subscribe()
    }

    /// Issues a single-use ticket valid for [`TICKET_TTL`].
    pub fn issue_ticket(&self) -> String {
        let ticket = uuid::Uuid::new_v4().to_string();
        let now = Instant::now();
        if let Ok(mut tickets) = self.tickets.lock() {
            tickets.retain(|_, issued| now.duration_since(*issued) < TICKET_TTL);
            tickets.insert(ticket.clone(), now);
        }
        ticket
    }

    /// Spends a ticket: true once, within its lifetime.
    pub fn redeem_ticket(&self, ticket: &str) -> bool {
        self.tickets
            .lock()
            .ok()
            .and_then(|mut tickets| tickets.remove(ticket))
            .is_some_and(|issued| issued.elapsed() < TICKET_TTL)
    }
}

/// Tells the listening dashboards about a recorded SCIM request and the run it joined.
pub async fn publish_event(state: &AppState, event: &NewEvent, recorded: Recorded) {
    if !state.hub.has_listeners() {
        return;
    }
    state.hub.publish(StreamMessage::SyncEvent {
        event: summary(event, recorded),
    });
    match store::runs::get(
        &state.db,
        recorded.run_id,
        store::now_ms(),
        state.run_idle_gap_ms,
    )
    .await
    {
        Ok(Some(run)) => state.hub.publish(StreamMessage::Run { run }),
        Ok(None) => {}
        Err(error) => tracing::warn!(%error, "cannot read the run for the live stream"),
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
    fn a_ticket_opens_the_stream_once() {
        let hub = Hub::default();
        let ticket = hub.issue_ticket();
        assert!(hub.redeem_ticket(&ticket));
        assert!(!hub.redeem_ticket(&ticket));
        assert!(!hub.redeem_ticket("made-up"));
    }
}
