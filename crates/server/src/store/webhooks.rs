//! The `webhook_endpoints` and `webhook_deliveries` tables: a project's endpoints and the
//! queue of deliveries to them.
//!
//! A delivery is queued in the transaction of what it reports, so it is never lost and never
//! sent for something that did not happen. The sender claims due deliveries with a lease
//! (`lease_until`): a claimed delivery is not claimed again until the lease runs out, so each
//! attempt goes out once even with several senders, and one whose sender died is retried.

use scim_sync_core::webhooks::{DeliveryState, DeliverySummary, WebhookEndpoint};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::{Db, ProjectDb, StoreError, now_ms, rfc3339};
use crate::domain::project::ProjectId;

/// How many deliveries an endpoint lists.
const LISTED_DELIVERIES: i64 = 10;

/// Creates an endpoint inside the caller's transaction.
pub async fn create_in(
    conn: &mut sqlx::SqliteConnection,
    project: ProjectId,
    url: &str,
    secret: &str,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO webhook_endpoints (project_id, url, secret, created_at)
         VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(project)
    .bind(url)
    .bind(secret)
    .bind(now_ms())
    .fetch_one(conn)
    .await?)
}

/// Replaces an endpoint's secret inside the caller's transaction; false if the project has no
/// such endpoint.
pub async fn rotate_secret_in(
    conn: &mut sqlx::SqliteConnection,
    project: ProjectId,
    id: i64,
    secret: &str,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE webhook_endpoints SET secret = ?, secret_rotated_at = ?
         WHERE id = ? AND project_id = ? AND deleted_at IS NULL",
    )
    .bind(secret)
    .bind(now_ms())
    .bind(id)
    .bind(project)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes an endpoint inside the caller's transaction, failing its pending deliveries; false
/// if the project has no such endpoint.
pub async fn delete_in(
    conn: &mut sqlx::SqliteConnection,
    project: ProjectId,
    id: i64,
) -> Result<bool, StoreError> {
    let now = now_ms();
    let done = sqlx::query(
        "UPDATE webhook_endpoints SET deleted_at = ?
         WHERE id = ? AND project_id = ? AND deleted_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(project)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE webhook_deliveries SET state = 'failed', last_error = 'the endpoint was deleted',
             finished_at = ?, next_attempt_at = NULL
         WHERE endpoint_id = ? AND state = 'pending'",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(true)
}

/// Queues one delivery of an event to each of the project's endpoints (or only to `endpoint`),
/// inside the caller's transaction; the ids of the deliveries queued.
pub async fn enqueue_in(
    conn: &mut sqlx::SqliteConnection,
    project: ProjectId,
    endpoint: Option<i64>,
    event_type: &str,
    body: &str,
) -> Result<Vec<String>, StoreError> {
    let endpoints: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM webhook_endpoints
         WHERE project_id = ? AND deleted_at IS NULL AND (? IS NULL OR id = ?) ORDER BY id",
    )
    .bind(project)
    .bind(endpoint)
    .bind(endpoint)
    .fetch_all(&mut *conn)
    .await?;
    let now = now_ms();
    let mut queued = Vec::with_capacity(endpoints.len());
    for endpoint in endpoints {
        let delivery_id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO webhook_deliveries (delivery_id, project_id, endpoint_id, event_type,
                 body, created_at, state, next_attempt_at)
             VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
        )
        .bind(&delivery_id)
        .bind(project)
        .bind(endpoint)
        .bind(event_type)
        .bind(body)
        .bind(now)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        queued.push(delivery_id);
    }
    Ok(queued)
}

/// The project's endpoints, oldest first, each with its latest deliveries.
pub async fn list(db: &ProjectDb) -> Result<Vec<WebhookEndpoint>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, url, created_at, secret_rotated_at FROM webhook_endpoints
         WHERE project_id = ? AND deleted_at IS NULL ORDER BY id",
    )
    .bind(db.id())
    .fetch_all(db.pool())
    .await?;
    let mut endpoints = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let deliveries = sqlx::query(
            "SELECT delivery_id, event_type, state, attempts, last_status, last_error,
                 created_at, next_attempt_at
             FROM webhook_deliveries WHERE endpoint_id = ? AND project_id = ?
             ORDER BY id DESC LIMIT ?",
        )
        .bind(id)
        .bind(db.id())
        .bind(LISTED_DELIVERIES)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(delivery)
        .collect::<Result<_, _>>()?;
        endpoints.push(WebhookEndpoint {
            id,
            url: row.try_get("url")?,
            created_at: rfc3339(row.try_get("created_at")?),
            secret_rotated_at: row
                .try_get::<Option<i64>, _>("secret_rotated_at")?
                .map(rfc3339),
            deliveries,
        });
    }
    Ok(endpoints)
}

fn delivery(row: &SqliteRow) -> Result<DeliverySummary, StoreError> {
    Ok(DeliverySummary {
        delivery_id: row.try_get("delivery_id")?,
        event_type: row.try_get("event_type")?,
        state: DeliveryState::from_code(row.try_get("state")?),
        attempts: row.try_get("attempts")?,
        last_status: row.try_get("last_status")?,
        last_error: row.try_get("last_error")?,
        created_at: rfc3339(row.try_get("created_at")?),
        next_attempt_at: row
            .try_get::<Option<i64>, _>("next_attempt_at")?
            .map(rfc3339),
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

/// Claims up to `limit` due deliveries of any project for `lease_ms`.
pub async fn claim_due(db: &Db, limit: i64, lease_ms: i64) -> Result<Vec<Claimed>, StoreError> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let rows = sqlx::query(
        "UPDATE webhook_deliveries SET lease_until = ?
         WHERE id IN (SELECT id FROM webhook_deliveries
                      WHERE state = 'pending' AND next_attempt_at <= ?
                        AND (lease_until IS NULL OR lease_until < ?)
                      ORDER BY next_attempt_at LIMIT ?)
         RETURNING id, delivery_id, endpoint_id, event_type, body, attempts",
    )
    .bind(now + lease_ms)
    .bind(now)
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let mut claimed = Vec::with_capacity(rows.len());
    for row in rows {
        let endpoint: i64 = row.try_get("endpoint_id")?;
        let (url, secret): (String, String) =
            sqlx::query_as("SELECT url, secret FROM webhook_endpoints WHERE id = ?")
                .bind(endpoint)
                .fetch_one(&mut *tx)
                .await?;
        claimed.push(Claimed {
            id: row.try_get("id")?,
            delivery_id: row.try_get("delivery_id")?,
            event_type: row.try_get("event_type")?,
            body: row.try_get("body")?,
            attempts: row.try_get("attempts")?,
            url,
            secret,
        });
    }
    tx.commit().await?;
    Ok(claimed)
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
    sqlx::query(
        "UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, last_status = ?,
             last_error = ?, next_attempt_at = ?, finished_at = ?, lease_until = NULL
         WHERE id = ? AND state = 'pending'",
    )
    .bind(state)
    .bind(status)
    .bind(error)
    .bind(next)
    .bind(done)
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(())
}
