//! The `refused_sources` table: SCIM requests no token of any project authenticated (none,
//! unknown or malformed), counted per source address. Such a request belongs to no project, so
//! it is never stored as a sync event, and never with its body.

use super::row::StoredRow;
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
    dispatch!(db.backend(), refused::add(last, count))
}

/// Every source, most refused first.
pub async fn list(db: &Db) -> Result<Vec<RefusedSource>, StoreError> {
    dispatch!(db.backend(), refused::list())
}

/// The total of refused requests, server-wide.
pub async fn total(db: &Db) -> Result<i64, StoreError> {
    dispatch!(db.backend(), refused::total())
}

/// A source as listed.
pub(super) fn from_row(row: &impl StoredRow) -> Result<RefusedSource, StoreError> {
    let method: String = row.col("last_method")?;
    let path: String = row.col("last_path")?;
    Ok(RefusedSource {
        source: row.col("source")?,
        requests: row.col("requests")?,
        first_at: rfc3339(row.col("first_at")?),
        last_at: rfc3339(row.col("last_at")?),
        last_request: format!("{method} {path}"),
        last_user_agent: row.col("last_user_agent")?,
        last_status: u16::try_from(row.col::<i64>("last_status")?).unwrap_or(0),
    })
}
