//! The `sync_events` table: every SCIM request and its outcome, grouped into runs.

use super::{Db, StoreError};

/// What is recorded of one SCIM request.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    /// Our id for the request (also logged and returned in `X-Request-Id`).
    pub request_id: String,
    /// Unix ms when it arrived.
    pub occurred_at: i64,
    /// The IdP connection (SCIM token name), or `unauthenticated`.
    pub connection: String,
    /// The IdP's stable code.
    pub idp: String,
    /// As sent.
    pub user_agent: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path and query, as sent.
    pub path: String,
    /// `User`, `Group`, or none for discovery requests.
    pub resource_type: Option<String>,
    /// The SCIM id the request was about, when known.
    pub target_id: Option<String>,
    /// The IdP's externalId, when known.
    pub target_external_id: Option<String>,
    /// The `userName` (or group displayName), when known.
    pub target_user_name: Option<String>,
    /// HTTP status answered.
    pub status: u16,
    /// The SCIM error's `scimType`, if any.
    pub scim_type: Option<String>,
    /// The failure category's code, for failures.
    pub category: Option<String>,
    /// The error's `detail`, for failures.
    pub detail: Option<String>,
    /// The request body with secrets removed.
    pub request_body: Option<String>,
    /// Time spent answering, in microseconds.
    pub duration_us: i64,
}

/// Stores an event and attaches it to its connection's current run, opening a new run when the
/// last request of that connection is older than `idle_gap_ms`. Returns the event's id.
pub async fn record(db: &Db, event: &NewEvent, idle_gap_ms: i64) -> Result<i64, StoreError> {
    let mut tx = db.begin_write().await?;
    let failed = i64::from(event.category.is_some());
    let open_run: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM sync_runs WHERE connection = ? AND last_event_at >= ?
         ORDER BY last_event_at DESC LIMIT 1",
    )
    .bind(&event.connection)
    .bind(event.occurred_at - idle_gap_ms)
    .fetch_optional(&mut *tx)
    .await?;
    let run_id = match open_run {
        Some(id) => {
            sqlx::query(
                "UPDATE sync_runs SET last_event_at = MAX(last_event_at, ?),
                     requests = requests + 1, failures = failures + ? WHERE id = ?",
            )
            .bind(event.occurred_at)
            .bind(failed)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => sqlx::query_scalar(
            "INSERT INTO sync_runs (connection, idp, started_at, last_event_at, requests, failures)
                 VALUES (?, ?, ?, ?, 1, ?) RETURNING id",
        )
        .bind(&event.connection)
        .bind(&event.idp)
        .bind(event.occurred_at)
        .bind(event.occurred_at)
        .bind(failed)
        .fetch_one(&mut *tx)
        .await?,
    };
    let id = sqlx::query_scalar(
        "INSERT INTO sync_events (run_id, request_id, occurred_at, connection, idp, user_agent,
             method, path, resource_type, target_id, target_external_id, target_user_name,
             status, scim_type, category, detail, request_body, duration_us)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(run_id)
    .bind(&event.request_id)
    .bind(event.occurred_at)
    .bind(&event.connection)
    .bind(&event.idp)
    .bind(&event.user_agent)
    .bind(&event.method)
    .bind(&event.path)
    .bind(&event.resource_type)
    .bind(&event.target_id)
    .bind(&event.target_external_id)
    .bind(&event.target_user_name)
    .bind(i64::from(event.status))
    .bind(&event.scim_type)
    .bind(&event.category)
    .bind(&event.detail)
    .bind(&event.request_body)
    .bind(event.duration_us)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}
