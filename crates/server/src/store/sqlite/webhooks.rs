//! The `webhook_endpoints` and `webhook_deliveries` tables on SQLite.

use scim_sync_core::webhooks::WebhookEndpoint;
use sqlx::{Row, SqliteConnection};

use super::SqliteDb;
use crate::domain::project::ProjectId;
use crate::store::webhooks::{
    Attempt, Claimed, LISTED_DELIVERIES, Queued, claimed_from_row, delivery, endpoint_from_row,
};
use crate::store::{StoreError, now_ms};

pub async fn create(
    conn: &mut SqliteConnection,
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

pub async fn rotate_secret(
    conn: &mut SqliteConnection,
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

/// Marks a live endpoint deleted; false if the project has no such endpoint.
pub async fn mark_deleted(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE webhook_endpoints SET deleted_at = ?
         WHERE id = ? AND project_id = ? AND deleted_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(project)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Fails an endpoint's pending deliveries with `reason`.
pub async fn fail_pending(
    conn: &mut SqliteConnection,
    endpoint: i64,
    reason: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE webhook_deliveries SET state = 'failed', last_error = ?,
             finished_at = ?, next_attempt_at = NULL
         WHERE endpoint_id = ? AND state = 'pending'",
    )
    .bind(reason)
    .bind(now)
    .bind(endpoint)
    .execute(conn)
    .await?;
    Ok(())
}

/// The project's live endpoints (only `endpoint`, if given), oldest first.
pub async fn live_endpoints(
    conn: &mut SqliteConnection,
    project: ProjectId,
    endpoint: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM webhook_endpoints
         WHERE project_id = ? AND deleted_at IS NULL AND (? IS NULL OR id = ?) ORDER BY id",
    )
    .bind(project)
    .bind(endpoint)
    .bind(endpoint)
    .fetch_all(conn)
    .await?)
}

pub async fn enqueue(conn: &mut SqliteConnection, delivery: &Queued<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO webhook_deliveries (delivery_id, project_id, endpoint_id, event_type,
             body, created_at, state, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
    )
    .bind(&delivery.delivery_id)
    .bind(delivery.project)
    .bind(delivery.endpoint)
    .bind(delivery.event_type)
    .bind(delivery.body)
    .bind(delivery.at)
    .bind(delivery.at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn list(db: &SqliteDb, project: ProjectId) -> Result<Vec<WebhookEndpoint>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, url, created_at, secret_rotated_at FROM webhook_endpoints
         WHERE project_id = ? AND deleted_at IS NULL ORDER BY id",
    )
    .bind(project)
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
        .bind(project)
        .bind(LISTED_DELIVERIES)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(delivery)
        .collect::<Result<_, _>>()?;
        endpoints.push(endpoint_from_row(&row, deliveries)?);
    }
    Ok(endpoints)
}

pub async fn claim_due(
    db: &SqliteDb,
    now: i64,
    limit: i64,
    lease_ms: i64,
) -> Result<Vec<Claimed>, StoreError> {
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
        claimed.push(claimed_from_row(&row, url, secret)?);
    }
    tx.commit().await?;
    Ok(claimed)
}

pub async fn finish(db: &SqliteDb, id: i64, attempt: &Attempt<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, last_status = ?,
             last_error = ?, next_attempt_at = ?, finished_at = ?, lease_until = NULL
         WHERE id = ? AND state = 'pending'",
    )
    .bind(attempt.state)
    .bind(attempt.status)
    .bind(attempt.error)
    .bind(attempt.next)
    .bind(attempt.done)
    .bind(id)
    .execute(db.writer())
    .await?;
    Ok(())
}
