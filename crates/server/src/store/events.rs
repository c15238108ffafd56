//! The `sync_events` table: every SCIM request and its outcome, grouped into runs.

use super::row::StoredRow;
use super::{ProjectDb, StoreError, Tx, rfc3339};
use crate::domain::project::{ConnectionId, ProjectId};
use scim_sync_core::api::EventSummary;
use scim_sync_core::category::FailureCategory;
use scim_sync_core::idp::Idp;

pub(super) const SUMMARY_COLUMNS: &str = "id, run_id, occurred_at, idp, connection, method, path, \
     resource_type, target_id, target_external_id, target_user_name, status, scim_type, category, \
     detail, retry_of";

/// What is recorded of one SCIM request.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    /// Our id for the request (also logged and returned in `X-Request-Id`).
    pub request_id: String,
    /// Unix ms when it arrived.
    pub occurred_at: i64,
    /// The project whose credential the request carried.
    pub project: ProjectId,
    /// The IdP connection whose token it carried (valid or revoked).
    pub connection_id: Option<ConnectionId>,
    /// That token.
    pub token_id: Option<i64>,
    /// That connection's name.
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
    /// The event this request retries, for retries from the dashboard.
    pub retry_of: Option<i64>,
}

/// Where a recorded event went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// The event's id.
    pub id: i64,
    /// The run it joined or opened.
    pub run_id: i64,
}

/// Stores an event in the run `run_id` ([`crate::rules::runs`] finds or opens it), inside a
/// write transaction; answers the event's id.
pub async fn insert_in(tx: &mut Tx, event: &NewEvent, run_id: i64) -> Result<i64, StoreError> {
    dispatch_tx!(tx, events::insert(event, run_id))
}

/// The filters of a failure list, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FailureQuery {
    /// Only this run.
    pub run: Option<i64>,
    /// Only this category.
    pub category: Option<FailureCategory>,
    /// Only this IdP.
    pub idp: Option<Idp>,
    /// Only `User` or `Group`.
    pub resource_type: Option<String>,
    /// Not before (Unix ms).
    pub since: Option<i64>,
    /// Before (Unix ms).
    pub until: Option<i64>,
    /// Text in the target's name or externalId, or the error detail.
    pub text: Option<String>,
}

/// A page of failed requests, newest first, after the event `before` (keyset pagination on
/// the indexed id: the cost of a page does not grow with history).
pub async fn failures(
    db: &ProjectDb,
    query: &FailureQuery,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<EventSummary>, StoreError> {
    dispatch!(
        db.backend(),
        events::failures(db.id(), query, before, limit)
    )
}

/// How many failed requests match.
pub async fn count_failures(db: &ProjectDb, query: &FailureQuery) -> Result<u64, StoreError> {
    dispatch!(db.backend(), events::count_failures(db.id(), query))
}

/// One event in full: its summary, User-Agent, stored body and request id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    /// What lists show.
    pub summary: EventSummary,
    /// The connection whose token the request carried.
    pub connection_id: Option<ConnectionId>,
    /// That token.
    pub token_id: Option<i64>,
    /// As sent.
    pub user_agent: Option<String>,
    /// The redacted body, unless pruned.
    pub request_body: Option<String>,
    /// Our request id.
    pub request_id: String,
}

/// The event with this id.
pub async fn get(db: &ProjectDb, id: i64) -> Result<Option<StoredEvent>, StoreError> {
    dispatch!(db.backend(), events::get(db.id(), id))
}

/// The retries of an event, oldest first.
pub async fn retries_of(db: &ProjectDb, id: i64) -> Result<Vec<EventSummary>, StoreError> {
    dispatch!(db.backend(), events::retries_of(db.id(), id))
}

/// The events about one object (by SCIM id), newest first.
pub async fn timeline(
    db: &ProjectDb,
    target_id: &str,
    limit: i64,
) -> Result<Vec<EventSummary>, StoreError> {
    dispatch!(db.backend(), events::timeline(db.id(), target_id, limit))
}

/// The latest `limit` requests about a userName, newest first: those that named it (in any
/// case; a failed create has only its userName) and those about the identity that has it now.
pub async fn timeline_of_user_name(
    db: &ProjectDb,
    user_name: &str,
    limit: i64,
) -> Result<Vec<EventSummary>, StoreError> {
    let key = user_name.to_lowercase();
    dispatch!(
        db.backend(),
        events::timeline_of_user_name(db.id(), &key, limit)
    )
}

/// The body of the newest failed `POST /Users` for this userName (any case), if still stored:
/// the IdP's last payload for a person whose provisioning failed.
pub async fn last_failed_user_create(
    tx: &mut Tx,
    project: ProjectId,
    user_name: &str,
) -> Result<Option<String>, StoreError> {
    dispatch_tx!(tx, events::last_failed_user_create(project, user_name))
}

/// An event in full, as read (the [`SUMMARY_COLUMNS`] and `connection_id, token_id,
/// user_agent, request_body, request_id`).
pub(super) fn stored_from_row(row: &impl StoredRow) -> Result<StoredEvent, StoreError> {
    Ok(StoredEvent {
        summary: summary_from_row(row)?,
        connection_id: row.col::<Option<i64>>("connection_id")?.map(ConnectionId),
        token_id: row.col("token_id")?,
        user_agent: row.col("user_agent")?,
        request_body: row.col("request_body")?,
        request_id: row.col("request_id")?,
    })
}

/// An event as lists show it (the [`SUMMARY_COLUMNS`]).
pub(super) fn summary_from_row(row: &impl StoredRow) -> Result<EventSummary, StoreError> {
    let category: Option<String> = row.col("category")?;
    Ok(EventSummary {
        id: row.col("id")?,
        run_id: row.col("run_id")?,
        occurred_at: rfc3339(row.col("occurred_at")?),
        idp: Idp::from_code(&row.col::<String>("idp")?),
        connection: row.col("connection")?,
        method: row.col("method")?,
        path: row.col("path")?,
        resource_type: row.col("resource_type")?,
        target_id: row.col("target_id")?,
        target_external_id: row.col("target_external_id")?,
        target_name: row.col("target_user_name")?,
        status: u16::try_from(row.col::<i64>("status")?).unwrap_or(0),
        scim_type: row.col("scim_type")?,
        category: category.as_deref().and_then(FailureCategory::from_code),
        detail: row.col("detail")?,
        retry_of: row.col("retry_of")?,
    })
}
