//! The live stream: `POST /stream/ticket` (admin token) hands out a single-use ticket;
//! `GET /stream?ticket=…` (no header: an `EventSource` cannot send one) streams server-sent
//! events named after the message type, with the message as JSON data.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::{Extension, Json};
use futures_util::StreamExt;
use futures_util::stream::{self, Stream};
use scim_sync_core::api::{StreamMessage, StreamTicket};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use super::error::AdminError;
use crate::edge::drain::Draining;
use crate::state::AppState;

/// A ticket for one stream connection.
pub async fn ticket(State(state): State<AppState>) -> Json<StreamTicket> {
    Json(StreamTicket {
        ticket: state.hub.issue_ticket(),
    })
}

/// `?ticket=`.
#[derive(Debug, Deserialize)]
pub struct StreamQuery {
    ticket: String,
}

/// The event stream, for the holder of a valid ticket. It ends when the server shuts down
/// (else shutdown would wait for every dashboard to close it).
pub async fn stream(
    State(state): State<AppState>,
    draining: Option<Extension<Draining>>,
    Query(query): Query<StreamQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AdminError> {
    if !state.hub.redeem_ticket(&query.ticket) {
        return Err(AdminError::unauthorized());
    }
    let receiver = state.hub.subscribe();
    let events = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(message) => return Some((Ok(event(&message)), receiver)),
                // A slow dashboard skips what it missed; its next reads catch up.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    let draining = draining.map(|Extension(draining)| draining);
    let events = events.take_until(async move {
        match draining {
            Some(draining) => draining.begun().await,
            None => std::future::pending().await,
        }
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn event(message: &StreamMessage) -> Event {
    let name = match message {
        StreamMessage::SyncEvent { .. } => "sync_event",
        StreamMessage::Run { .. } => "run",
        StreamMessage::RepushProgress { .. } => "repush_progress",
    };
    Event::default()
        .event(name)
        .data(serde_json::to_string(message).unwrap_or_default())
}
