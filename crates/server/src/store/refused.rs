//! The `refused_sources` table: SCIM requests no token of any project authenticated (none,
//! unknown or malformed), counted per source address. Such a request belongs to no project, so
//! it is never stored as a sync event, and never with its body.

use sqlx::Row;

use super::{Db, StoreError, rfc3339};

/// One refused request, as counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The peer's address.
    pub source: String,
    /// Unix ms.
    pub at: i64,
    /// HTTP method.
    pub method: String,
    /// Path and query.
    pub path: String,
    /// As sent.
    pub user_agent: Option<String>,
    /// The status answered.
    pub status: u16,
}

/// The count for one source, as the operator sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RefusedSource {
    /// The peer's address.
    pub source: String,
    /// How many requests were refused.
    pub requests: i64,
    /// RFC 3339.
    pub first_at: String,
    /// RFC 3339.
    pub last_at: String,
    /// The last request's method and path.
    pub last_request: String,
    /// The last request's User-Agent.
    pub last_user_agent: Option<String>,
    /// The last status answered.
    pub last_status: u16,
}

/// Adds `count` refusals from one source, the newest being `last`.
pub async fn add(db: &Db, last: &Refusal, count: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO refused_sources (source, requests, first_at, last_at, last_method, last_path,
             last_user_agent, last_status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (source) DO UPDATE SET requests = requests + excluded.requests,
             last_at = MAX(last_at, excluded.last_at), last_method = excluded.last_method,
             last_path = excluded.last_path, last_user_agent = excluded.last_user_agent,
             last_status = excluded.last_status",
    )
    .bind(&last.source)
    .bind(count)
    .bind(last.at)
    .bind(last.at)
    .bind(&last.method)
    .bind(&last.path)
    .bind(&last.user_agent)
    .bind(i64::from(last.status))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Every source, most refused first.
pub async fn list(db: &Db) -> Result<Vec<RefusedSource>, StoreError> {
    let rows = sqlx::query(
        "SELECT source, requests, first_at, last_at, last_method, last_path, last_user_agent,
                last_status
         FROM refused_sources ORDER BY requests DESC, source LIMIT 1000",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let method: String = row.try_get("last_method")?;
            let path: String = row.try_get("last_path")?;
            Ok(RefusedSource {
                source: row.try_get("source")?,
                requests: row.try_get("requests")?,
                first_at: rfc3339(row.try_get("first_at")?),
                last_at: rfc3339(row.try_get("last_at")?),
                last_request: format!("{method} {path}"),
                last_user_agent: row.try_get("last_user_agent")?,
                last_status: u16::try_from(row.try_get::<i64, _>("last_status")?).unwrap_or(0),
            })
        })
        .collect()
}

/// The total of refused requests, server-wide.
pub async fn total(db: &Db) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(SUM(requests), 0) FROM refused_sources")
            .fetch_one(db.pool())
            .await?,
    )
}
