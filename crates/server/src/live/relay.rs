//! The live stream between servers on one PostgreSQL: every message published on any server
//! goes out as a `NOTIFY` on [`CHANNEL`], and every server (the publisher too) delivers what
//! its `LISTEN` hears to its own listeners.
//!
//! - **Batches.** One task sends this server's messages in the order published; what waits
//!   when it is free goes out together, packed into as few notifications as fit, so a busy
//!   server sends far fewer notifications than it records requests.
//! - **Size.** PostgreSQL takes a payload under 8000 bytes. A message too large for one (a
//!   long failure detail) is parked in the database and only its id is notified
//!   (`store::stream::park`); each server reads it from there.
//! - **Losses.** A notification is sent outside the request's transaction, after the request
//!   was recorded: a server that dies between the two loses the message, not the request. The
//!   listening connection is sqlx's [`PgListener`], which reconnects by itself; what was
//!   notified while it was away is lost, as the stream allows (see the module docs above).

use std::time::Duration;

use scim_sync_core::api::StreamMessage;
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::{Addressed, Hub};
use crate::domain::project::ProjectId;
use crate::store::{self, PgDb, StoreError};

/// The notification channel.
const CHANNEL: &str = "ssd_live";

/// Payload bytes one notification carries at most (PostgreSQL's limit is 8000, exclusive).
const PAYLOAD_LIMIT: usize = 7999;

/// Messages taken from the queue at once, to be packed together.
const BATCH: usize = 256;

/// A parked payload is read within this long of being parked, or it is not needed any more.
const PARKED_FOR_MS: i64 = 60_000;

/// How long the listener waits before it tries again after losing the database.
const RELISTEN_AFTER: Duration = Duration::from_secs(1);

/// What one notification says.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
enum Notice {
    /// Messages, each with its project's id.
    Messages(Vec<(i64, StreamMessage)>),
    /// Messages too large to notify, parked under this id.
    Parked {
        /// The `stream_parked` row.
        parked: i64,
    },
}

/// Starts listening, and returns once it listens, with the tasks that relay: the sender of
/// `outgoing` and the listener that delivers to `hub`'s listeners.
pub(super) async fn start(
    hub: Hub,
    db: PgDb,
    outgoing: mpsc::Receiver<Addressed>,
) -> Result<Vec<JoinHandle<()>>, StoreError> {
    let listener = listen(&db).await?;
    Ok(vec![
        tokio::spawn(send_forever(db.clone(), outgoing)),
        tokio::spawn(deliver_forever(hub, db, listener)),
    ])
}

async fn listen(db: &PgDb) -> Result<PgListener, StoreError> {
    let mut listener = PgListener::connect_with(db.pool()).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

async fn send_forever(db: PgDb, mut outgoing: mpsc::Receiver<Addressed>) {
    let mut batch = Vec::with_capacity(BATCH);
    while outgoing.recv_many(&mut batch, BATCH).await > 0 {
        for payload in pack(batch.drain(..)) {
            if let Err(error) = send(&db, payload).await {
                tracing::warn!(%error, "cannot relay live messages to the other servers");
            }
        }
    }
}

async fn send(db: &PgDb, payload: Packed) -> Result<(), StoreError> {
    let notice = match payload {
        Packed::Fits(notice) => notice,
        Packed::TooLarge(messages) => {
            let now = store::now_ms();
            let parked = store::stream::park(db, &messages, now, now - PARKED_FOR_MS).await?;
            serde_json::to_string(&Notice::Parked { parked }).unwrap_or_default()
        }
    };
    store::stream::notify(db, CHANNEL, &notice).await
}

async fn deliver_forever(hub: Hub, db: PgDb, mut listener: PgListener) {
    loop {
        match listener.recv().await {
            Ok(notification) => deliver(&hub, &db, notification.payload()).await,
            Err(error) => {
                tracing::warn!(%error, "the live stream lost the database; listening again");
                tokio::time::sleep(RELISTEN_AFTER).await;
                match listen(&db).await {
                    Ok(again) => listener = again,
                    Err(error) => tracing::warn!(%error, "cannot listen for live messages"),
                }
            }
        }
    }
}

async fn deliver(hub: &Hub, db: &PgDb, payload: &str) {
    let messages = match serde_json::from_str(payload) {
        Ok(Notice::Messages(messages)) => messages,
        Ok(Notice::Parked { parked }) => match store::stream::parked(db, parked).await {
            Ok(Some(payload)) => serde_json::from_str(&payload).unwrap_or_default(),
            Ok(None) => Vec::new(),
            Err(error) => {
                tracing::warn!(%error, "cannot read a parked live message");
                Vec::new()
            }
        },
        Err(error) => {
            tracing::warn!(%error, "a live notification of another kind was ignored");
            Vec::new()
        }
    };
    for (project, message) in messages {
        hub.deliver(ProjectId(project), message);
    }
}

/// A notification's payload, or what must be parked for one.
#[derive(Debug, PartialEq)]
enum Packed {
    /// A [`Notice::Messages`] under [`PAYLOAD_LIMIT`].
    Fits(String),
    /// The JSON of one message's [`Notice::Messages`], too large to notify.
    TooLarge(String),
}

/// Packs `messages`, in order, into as few payloads as fit.
fn pack(messages: impl IntoIterator<Item = Addressed>) -> Vec<Packed> {
    let mut packed = Vec::new();
    let mut open = String::new();
    for (project, message) in messages {
        let Ok(item) = serde_json::to_string(&(project.0, message)) else {
            continue;
        };
        // A payload is `[`, the items joined by `,`, and `]`.
        let too_large = item.len() + 2 > PAYLOAD_LIMIT;
        if !open.is_empty() && (too_large || open.len() + item.len() + 2 > PAYLOAD_LIMIT) {
            packed.push(Packed::Fits(close(&mut open)));
        }
        if too_large {
            packed.push(Packed::TooLarge(format!("[{item}]")));
        } else {
            open.push(if open.is_empty() { '[' } else { ',' });
            open.push_str(&item);
        }
    }
    if !open.is_empty() {
        packed.push(Packed::Fits(close(&mut open)));
    }
    packed
}

fn close(open: &mut String) -> String {
    open.push(']');
    std::mem::take(open)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(done: u32) -> Addressed {
        (
            ProjectId(3),
            StreamMessage::RepushProgress { done, total: 9 },
        )
    }

    fn decoded(payload: &Packed) -> Vec<(i64, StreamMessage)> {
        let (Packed::Fits(json) | Packed::TooLarge(json)) = payload;
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn messages_waiting_together_go_out_in_one_notification_in_order() {
        let packed = pack((0..3).map(progress));
        assert_eq!(packed.len(), 1);
        assert!(matches!(packed[0], Packed::Fits(_)));
        let messages: Vec<StreamMessage> = decoded(&packed[0]).into_iter().map(|m| m.1).collect();
        assert_eq!(messages, (0..3).map(|n| progress(n).1).collect::<Vec<_>>());
    }

    #[test]
    fn no_payload_reaches_postgresqls_limit_and_none_is_lost_on_the_way() {
        let packed = pack((0..2000).map(progress));
        assert!(packed.len() > 1);
        let mut all = Vec::new();
        for payload in &packed {
            let Packed::Fits(json) = payload else {
                panic!("every one fits: {payload:?}");
            };
            assert!(json.len() <= PAYLOAD_LIMIT, "{} bytes", json.len());
            all.extend(decoded(payload));
        }
        assert_eq!(all.len(), 2000);
        assert!(
            all.iter()
                .enumerate()
                .all(|(n, m)| m.1 == progress(n as u32).1)
        );
    }

    #[test]
    fn a_message_too_large_to_notify_is_parked_between_the_ones_that_fit() {
        let event = store::events::NewEvent {
            detail: Some("x".repeat(PAYLOAD_LIMIT)),
            ..Default::default()
        };
        let recorded = store::events::Recorded { id: 1, run_id: 1 };
        let large = super::super::summary(&event, recorded);
        let packed = pack([
            progress(1),
            (ProjectId(3), StreamMessage::SyncEvent { event: large }),
            progress(2),
        ]);
        assert_eq!(packed.len(), 3, "{packed:?}");
        assert!(matches!(packed[1], Packed::TooLarge(_)));
        assert_eq!(decoded(&packed[1]).len(), 1);
        assert_eq!(decoded(&packed[2]), vec![(3, progress(2).1)]);
    }

    #[test]
    fn a_parked_notice_reads_back_as_parked() {
        let json = serde_json::to_string(&Notice::Parked { parked: 7 }).unwrap();
        assert_eq!(
            serde_json::from_str::<Notice>(&json).unwrap(),
            Notice::Parked { parked: 7 }
        );
    }
}
