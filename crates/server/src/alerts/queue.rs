//! The delivery loop: claims due deliveries from the database's queue, attempts each once
//! ([`super::delivery`]) and records the outcome, scheduling the next attempt per
//! [`super::retry`]. SCIM requests never wait for it: an event is queued in the transaction
//! of what it reports, and this loop, woken by [`Wake`] or every second, sends it.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::delivery::{self, Outcome, Outgoing, Sender};
use super::retry;
use crate::domain::project::ProjectId;
use crate::store::webhooks::{Claimed, Finished};
use crate::store::{self, Db, rfc3339};

/// How many deliveries one pass claims.
const BATCH: i64 = 16;
/// How often the queue is looked at when nothing wakes the loop.
const POLL: Duration = Duration::from_secs(1);

/// Wakes the delivery loop when an event was queued.
#[derive(Debug, Clone, Default)]
pub struct Wake(Arc<tokio::sync::Notify>);

impl Wake {
    /// Something was queued.
    pub fn queued(&self) {
        self.0.notify_one();
    }
}

/// How the loop sends.
#[derive(Debug, Clone, Copy)]
pub struct Delivering {
    /// Where to and how long an attempt may take.
    pub sender: Sender,
    /// The first wait before a retry.
    pub first_retry: Duration,
}

/// The JSON body of an event: its type, project, time and data.
pub fn body(event_type: &str, project: ProjectId, data: Value) -> String {
    json!({
        "type": event_type,
        "project_id": project.0,
        "occurred_at": rfc3339(store::now_ms()),
        "data": data,
    })
    .to_string()
}

/// Delivers queued events until the task is aborted.
pub async fn deliver_forever(db: Db, delivering: Delivering, wake: Wake) {
    // A lease outlives an attempt: a delivery whose sender died is claimed again after it.
    let lease_ms =
        i64::try_from(delivering.sender.timeout.as_millis()).unwrap_or(i64::MAX) + 30_000;
    loop {
        match store::webhooks::claim_due(&db, BATCH, lease_ms).await {
            Ok(claimed) if !claimed.is_empty() => {
                let attempts = claimed.iter().map(|c| attempt(&db, &delivering, c));
                futures_util::future::join_all(attempts).await;
                continue;
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "cannot read the webhook queue"),
        }
        tokio::select! {
            () = wake.0.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

async fn attempt(db: &Db, delivering: &Delivering, claimed: &Claimed) {
    let outgoing = Outgoing {
        url: &claimed.url,
        secret: &claimed.secret,
        delivery_id: &claimed.delivery_id,
        event_type: &claimed.event_type,
        body: claimed.body.as_bytes(),
    };
    let now_secs = store::now_ms() / 1000;
    let finished = match delivery::attempt(outgoing, &delivering.sender, now_secs).await {
        Outcome::Delivered { status } => Finished::Delivered(status),
        Outcome::Failed { status, reason } => Finished::Failed {
            status,
            reason,
            retry_at: retry::delay_after(claimed.attempts + 1, delivering.first_retry)
                .map(|wait| store::now_ms() + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX)),
        },
    };
    if let Err(error) = store::webhooks::finish(db, claimed.id, &finished).await {
        tracing::warn!(%error, delivery = %claimed.delivery_id, "cannot record a webhook attempt");
    }
}
