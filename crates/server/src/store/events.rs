//! The `sync_events` table: every SCIM request and its outcome, grouped into runs.

use scim_sync_core::api::EventSummary;
use scim_sync_core::category::FailureCategory;
use scim_sync_core::idp::Idp;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use super::{ProjectDb, StoreError, rfc3339};
use crate::domain::project::{ConnectionId, ProjectId};

const SUMMARY_COLUMNS: &str = "id, run_id, occurred_at, idp, connection, method, path, \
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
pub async fn insert_in(
    conn: &mut SqliteConnection,
    event: &NewEvent,
    run_id: i64,
) -> Result<i64, StoreError> {
    let id = sqlx::query_scalar(
        "INSERT INTO sync_events (project_id, run_id, request_id, occurred_at, connection_id,
             token_id, connection, idp, user_agent, method, path, resource_type, target_id,
             target_external_id, target_user_name, status, scim_type, category, detail,
             request_body, duration_us, retry_of)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(event.project)
    .bind(run_id)
    .bind(&event.request_id)
    .bind(event.occurred_at)
    .bind(event.connection_id)
    .bind(event.token_id)
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
    .bind(event.retry_of)
    .fetch_one(conn)
    .await?;
    Ok(id)
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
    let mut sql = QueryBuilder::<Sqlite>::new(format!(
        "SELECT {SUMMARY_COLUMNS} FROM sync_events WHERE category IS NOT NULL"
    ));
    push_filters(&mut sql, db.id(), query);
    if let Some(before) = before {
        sql.push(" AND id < ").push_bind(before);
    }
    sql.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
    let rows = sql.build().fetch_all(db.pool()).await?;
    rows.iter().map(summary_from_row).collect()
}

/// How many failed requests match.
pub async fn count_failures(db: &ProjectDb, query: &FailureQuery) -> Result<u64, StoreError> {
    let mut sql =
        QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM sync_events WHERE category IS NOT NULL");
    push_filters(&mut sql, db.id(), query);
    let count: i64 = sql.build_query_scalar().fetch_one(db.pool()).await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

fn push_filters(sql: &mut QueryBuilder<Sqlite>, project: ProjectId, query: &FailureQuery) {
    sql.push(" AND project_id = ").push_bind(project);
    if let Some(run) = query.run {
        sql.push(" AND run_id = ").push_bind(run);
    }
    if let Some(category) = query.category {
        sql.push(" AND category = ").push_bind(category.code());
    }
    if let Some(idp) = query.idp {
        sql.push(" AND idp = ").push_bind(idp.code());
    }
    if let Some(resource_type) = &query.resource_type {
        sql.push(" AND resource_type = ")
            .push_bind(resource_type.clone());
    }
    if let Some(since) = query.since {
        sql.push(" AND occurred_at >= ").push_bind(since);
    }
    if let Some(until) = query.until {
        sql.push(" AND occurred_at < ").push_bind(until);
    }
    if let Some(text) = &query.text {
        let pattern = super::like_pattern(text);
        sql.push(" AND (lower(target_user_name) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(target_external_id) LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(detail) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
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
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS}, connection_id, token_id, user_agent, request_body, request_id
         FROM sync_events WHERE id = ? AND project_id = ?"
    )))
    .bind(id)
    .bind(db.id())
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| {
        Ok(StoredEvent {
            summary: summary_from_row(&row)?,
            connection_id: row
                .try_get::<Option<i64>, _>("connection_id")?
                .map(ConnectionId),
            token_id: row.try_get("token_id")?,
            user_agent: row.try_get("user_agent")?,
            request_body: row.try_get("request_body")?,
            request_id: row.try_get("request_id")?,
        })
    })
    .transpose()
}

/// The retries of an event, oldest first.
pub async fn retries_of(db: &ProjectDb, id: i64) -> Result<Vec<EventSummary>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM sync_events WHERE retry_of = ? AND project_id = ? ORDER BY id"
    )))
    .bind(id)
    .bind(db.id())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(summary_from_row).collect()
}

/// The events about one object (by SCIM id), newest first.
pub async fn timeline(
    db: &ProjectDb,
    target_id: &str,
    limit: i64,
) -> Result<Vec<EventSummary>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM sync_events WHERE project_id = ? AND target_id = ?
         ORDER BY id DESC LIMIT ?"
    )))
    .bind(db.id())
    .bind(target_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(summary_from_row).collect()
}

/// The latest `limit` requests about a userName, newest first: those that named it (in any
/// case; a failed create has only its userName) and those about the identity that has it now.
pub async fn timeline_of_user_name(
    db: &ProjectDb,
    user_name: &str,
    limit: i64,
) -> Result<Vec<EventSummary>, StoreError> {
    let key = user_name.to_lowercase();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLUMNS} FROM sync_events
         WHERE project_id = ? AND lower(target_user_name) = ? AND target_user_name IS NOT NULL
         UNION
         SELECT {SUMMARY_COLUMNS} FROM sync_events
         WHERE project_id = ? AND target_id IS NOT NULL AND target_id IN
             (SELECT id FROM identities WHERE project_id = ? AND user_name_key = ?)
         ORDER BY id DESC LIMIT ?"
    )))
    .bind(db.id())
    .bind(&key)
    .bind(db.id())
    .bind(db.id())
    .bind(&key)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(summary_from_row).collect()
}

/// The body of the newest failed `POST /Users` for this userName (any case), if still stored:
/// the IdP's last payload for a person whose provisioning failed.
pub async fn last_failed_user_create(
    conn: &mut SqliteConnection,
    project: ProjectId,
    user_name: &str,
) -> Result<Option<String>, StoreError> {
    let body: Option<Option<String>> = sqlx::query_scalar(
        "SELECT request_body FROM sync_events
         WHERE category IS NOT NULL AND resource_type = 'User' AND method = 'POST'
           AND project_id = ? AND lower(target_user_name) = ?
         ORDER BY id DESC LIMIT 1",
    )
    .bind(project)
    .bind(user_name.to_lowercase())
    .fetch_optional(conn)
    .await?;
    Ok(body.flatten())
}

fn summary_from_row(row: &SqliteRow) -> Result<EventSummary, StoreError> {
    let category: Option<String> = row.try_get("category")?;
    Ok(EventSummary {
        id: row.try_get("id")?,
        run_id: row.try_get("run_id")?,
        occurred_at: rfc3339(row.try_get("occurred_at")?),
        idp: Idp::from_code(row.try_get::<&str, _>("idp")?),
        connection: row.try_get("connection")?,
        method: row.try_get("method")?,
        path: row.try_get("path")?,
        resource_type: row.try_get("resource_type")?,
        target_id: row.try_get("target_id")?,
        target_external_id: row.try_get("target_external_id")?,
        target_name: row.try_get("target_user_name")?,
        status: u16::try_from(row.try_get::<i64, _>("status")?).unwrap_or(0),
        scim_type: row.try_get("scim_type")?,
        category: category.as_deref().and_then(FailureCategory::from_code),
        detail: row.try_get("detail")?,
        retry_of: row.try_get("retry_of")?,
    })
}
