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

use super::error::AdminError;
use crate::edge::drain::Draining;
use crate::live::tickets::{self, TicketError};
use crate::state::AppState;
use crate::store::ProjectDb;

/// A ticket for one stream connection, valid on any server sharing the database.
pub async fn ticket(db: ProjectDb) -> Result<Json<StreamTicket>, AdminError> {
    let ticket = tickets::issue(db.db(), db.id())
        .await
        .map_err(|error| match error {
            TicketError::Store(error) => AdminError::from(error),
            TicketError::Random(_) => AdminError::internal(),
        })?;
    Ok(Json(StreamTicket { ticket }))
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
    let project = tickets::redeem(&state.db, &query.ticket)
        .await?
        .ok_or_else(AdminError::unknown_ticket)?;
    let listener = state.hub.subscribe(project);
    let events = stream::unfold(listener, |mut listener| async move {
        let message = listener.next().await?;
        Some((Ok(event(&message)), listener))
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
    Event::default()
        .event(message.event_name())
        .data(serde_json::to_string(message).unwrap_or_default())
}
