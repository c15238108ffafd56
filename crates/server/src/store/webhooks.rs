//! The `webhook_endpoints` and `webhook_deliveries` tables: a project's endpoints and the
//! queue of deliveries to them.
//!
//! A delivery is queued in the transaction of what it reports, so it is never lost and never
//! sent for something that did not happen. The sender claims due deliveries with a lease
//! (`lease_until`): a claimed delivery is not claimed again until the lease runs out, so each
//! attempt goes out once even with several senders, and one whose sender died is retried.

use super::row::StoredRow;
use super::{Db, ProjectDb, StoreError, Tx, now_ms, rfc3339};
use crate::domain::project::ProjectId;
use scim_sync_core::webhooks::{DeliveryState, DeliverySummary, WebhookEndpoint};

/// How many deliveries an endpoint lists.
pub(super) const LISTED_DELIVERIES: i64 = 10;

/// Creates an endpoint inside the caller's transaction.
pub async fn create_in(
    tx: &mut Tx,
    project: ProjectId,
    url: &str,
    secret: &str,
) -> Result<i64, StoreError> {
    dispatch_tx!(tx, webhooks::create(project, url, secret))
}

/// Replaces an endpoint's secret inside the caller's transaction; false if the project has no
/// such endpoint.
pub async fn rotate_secret_in(
    tx: &mut Tx,
    project: ProjectId,
    id: i64,
    secret: &str,
) -> Result<bool, StoreError> {
    dispatch_tx!(tx, webhooks::rotate_secret(project, id, secret))
}

/// Deletes an endpoint inside the caller's transaction, failing its pending deliveries; false
/// if the project has no such endpoint.
pub async fn delete_in(tx: &mut Tx, project: ProjectId, id: i64) -> Result<bool, StoreError> {
    let now = now_ms();
    if !dispatch_tx!(tx, webhooks::mark_deleted(project, id, now))? {
        return Ok(false);
    }
    dispatch_tx!(
        tx,
        webhooks::fail_pending(id, "the endpoint was deleted", now)
    )?;
    Ok(true)
}

/// Queues one delivery of an event to each of the project's endpoints (or only to `endpoint`),
/// inside the caller's transaction; the ids of the deliveries queued.
pub async fn enqueue_in(
    tx: &mut Tx,
    project: ProjectId,
    endpoint: Option<i64>,
    event_type: &str,
    body: &str,
) -> Result<Vec<String>, StoreError> {
    let endpoints = dispatch_tx!(tx, webhooks::live_endpoints(project, endpoint))?;
    let now = now_ms();
    let mut queued = Vec::with_capacity(endpoints.len());
    for endpoint in endpoints {
        let delivery = Queued {
            delivery_id: uuid::Uuid::new_v4().to_string(),
            project,
            endpoint,
            event_type,
            body,
            at: now,
        };
        dispatch_tx!(tx, webhooks::enqueue(&delivery))?;
        queued.push(delivery.delivery_id);
    }
    Ok(queued)
}

/// A delivery to queue.
pub(super) struct Queued<'a> {
    pub delivery_id: String,
    pub project: ProjectId,
    pub endpoint: i64,
    pub event_type: &'a str,
    pub body: &'a str,
    pub at: i64,
}

/// The project's endpoints, oldest first, each with its latest deliveries.
pub async fn list(db: &ProjectDb) -> Result<Vec<WebhookEndpoint>, StoreError> {
    dispatch!(db.backend(), webhooks::list(db.id()))
}

/// An endpoint as listed (`id, url, created_at, secret_rotated_at`), with its `deliveries`.
pub(super) fn endpoint_from_row(
    row: &impl StoredRow,
    deliveries: Vec<DeliverySummary>,
) -> Result<WebhookEndpoint, StoreError> {
    Ok(WebhookEndpoint {
        id: row.col("id")?,
        url: row.col("url")?,
        created_at: rfc3339(row.col("created_at")?),
        secret_rotated_at: row.col::<Option<i64>>("secret_rotated_at")?.map(rfc3339),
        deliveries,
    })
}

/// A delivery as listed.
pub(super) fn delivery(row: &impl StoredRow) -> Result<DeliverySummary, StoreError> {
    Ok(DeliverySummary {
        delivery_id: row.col("delivery_id")?,
        event_type: row.col("event_type")?,
        state: DeliveryState::from_code(&row.col::<String>("state")?),
        attempts: u32::try_from(row.col::<i64>("attempts")?).unwrap_or(u32::MAX),
        last_status: row
            .col::<Option<i64>>("last_status")?
            .and_then(|s| u16::try_from(s).ok()),
        last_error: row.col("last_error")?,
        created_at: rfc3339(row.col("created_at")?),
        next_attempt_at: row.col::<Option<i64>>("next_attempt_at")?.map(rfc3339),
    })
}

/// A delivery claimed for one attempt.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// Its row.
    pub id: i64,
    /// Its id on the wire.
    pub delivery_id: String,
    /// The event's type.
    pub event_type: String,
    /// The JSON body.
    pub body: String,
    /// Attempts made before this one.
    pub attempts: u32,
    /// The endpoint's URL.
    pub url: String,
    /// The endpoint's secret.
    pub secret: String,
}

/// A claimed delivery as read (`id, delivery_id, event_type, body, attempts`), with its
/// endpoint's URL and secret.
pub(super) fn claimed_from_row(
    row: &impl StoredRow,
    url: String,
    secret: String,
) -> Result<Claimed, StoreError> {
    Ok(Claimed {
        id: row.col("id")?,
        delivery_id: row.col("delivery_id")?,
        event_type: row.col("event_type")?,
        body: row.col("body")?,
        attempts: u32::try_from(row.col::<i64>("attempts")?).unwrap_or(u32::MAX),
        url,
        secret,
    })
}

/// Claims up to `limit` due deliveries of any project for `lease_ms`. On PostgreSQL, senders
/// of several server processes claim at once without waiting on each other (`FOR UPDATE SKIP
/// LOCKED`) and never claim the same delivery.
pub async fn claim_due(db: &Db, limit: i64, lease_ms: i64) -> Result<Vec<Claimed>, StoreError> {
    dispatch!(db.backend(), webhooks::claim_due(now_ms(), limit, lease_ms))
}

/// How an attempt ended, to record.
#[derive(Debug, Clone)]
pub enum Finished {
    /// Delivered, with the receiver's status.
    Delivered(u16),
    /// Failed; tried again at `retry_at` (Unix ms), or never when `None`.
    Failed {
        /// The receiver's status, if it answered.
        status: Option<u16>,
        /// Why.
        reason: String,
        /// The next attempt.
        retry_at: Option<i64>,
    },
}

/// Records the attempt on claimed delivery `id`.
pub async fn finish(db: &Db, id: i64, finished: &Finished) -> Result<(), StoreError> {
    let now = now_ms();
    let (state, status, error, next, done) = match finished {
        Finished::Delivered(status) => ("delivered", Some(*status), None, None, Some(now)),
        Finished::Failed {
            status,
            reason,
            retry_at,
        } => (
            if retry_at.is_some() {
                "pending"
            } else {
                "failed"
            },
            *status,
            Some(reason.as_str()),
            *retry_at,
            retry_at.is_none().then_some(now),
        ),
    };
    let attempt = Attempt {
        state,
        status: status.map(i64::from),
        error,
        next,
        done,
    };
    dispatch!(db.backend(), webhooks::finish(id, &attempt))
}

/// An attempt's outcome, as stored.
pub(super) struct Attempt<'a> {
    pub state: &'a str,
    pub status: Option<i64>,
    pub error: Option<&'a str>,
    pub next: Option<i64>,
    pub done: Option<i64>,
}
