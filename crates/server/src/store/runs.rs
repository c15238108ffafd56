//! The `sync_runs` table: runs as the event recorder keeps them up to date (which run an event
//! joins is [`crate::rules::runs`]'s to decide).

use scim_sync_core::api::{CategoryCount, RunSummary};
use scim_sync_core::category::FailureCategory;
use scim_sync_core::idp::Idp;

use super::events::NewEvent;
use super::row::StoredRow;
use super::{Db, ProjectDb, StoreError, Tx, rfc3339};
use crate::domain::project::ProjectId;
use crate::domain::run;

/// The columns a run is read with.
pub(super) const COLUMNS: &str =
    "id, connection, idp, started_at, last_event_at, requests, failures";

/// A connection's run with the most recent request: its id and when that request came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatestRun {
    /// The run's id.
    pub id: i64,
    /// Unix ms of its last request.
    pub last_event_at: i64,
}

/// The run with the most recent request of the event's connection, inside a write transaction.
pub async fn latest_of_connection(
    tx: &mut Tx,
    event: &NewEvent,
) -> Result<Option<LatestRun>, StoreError> {
    let found: Option<(i64, i64)> = dispatch_tx!(tx, runs::latest_of_connection(event))?;
    Ok(found.map(|(id, last_event_at)| LatestRun { id, last_event_at }))
}

/// Makes the transaction the only writer of the runs of the batch's connections until it
/// ends. On SQLite its write lock already does; on PostgreSQL it takes a transaction-scoped
/// advisory lock per connection, in one order (so two batches never wait on each other in a
/// cycle).
pub async fn lock_connections_in(tx: &mut Tx, batch: &[NewEvent]) -> Result<(), StoreError> {
    let mut keys: Vec<String> = batch
        .iter()
        .map(|e| format!("sync_runs {} {}", e.project, e.connection))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    dispatch_tx!(tx, runs::lock_connections(&keys))
}

/// Counts one more request (failed or not) in a run, inside a write transaction; false (and
/// nothing changed) when the run's end was announced already: an announced run is final, so a
/// request stamped before its end but recorded after the announcement opens a run of its own.
pub async fn extend_in(
    tx: &mut Tx,
    id: i64,
    occurred_at: i64,
    failed: bool,
) -> Result<bool, StoreError> {
    dispatch_tx!(tx, runs::extend(id, occurred_at, i64::from(failed)))
}

/// Opens a run with the event's request as its first, inside a write transaction; answers
/// the run's id.
pub async fn open_in(tx: &mut Tx, event: &NewEvent, failed: bool) -> Result<i64, StoreError> {
    dispatch_tx!(tx, runs::open(event, i64::from(failed)))
}

/// A run's row and its failed requests per category, as read.
pub(super) struct RunRow {
    pub id: i64,
    pub connection: String,
    pub idp: String,
    pub started_at: i64,
    pub last_event_at: i64,
    pub requests: i64,
    pub failures: i64,
}

impl RunRow {
    /// A run as read (the [`COLUMNS`]).
    pub(super) fn from_row(row: &impl StoredRow) -> Result<RunRow, StoreError> {
        Ok(RunRow {
            id: row.col("id")?,
            connection: row.col("connection")?,
            idp: row.col("idp")?,
            started_at: row.col("started_at")?,
            last_event_at: row.col("last_event_at")?,
            requests: row.col("requests")?,
            failures: row.col("failures")?,
        })
    }
}

/// The run with the most recent request, if any request was ever recorded, and while it
/// runs the milliseconds until it ends if no request comes ([`run::ends_in`]).
pub async fn latest(
    db: &ProjectDb,
    now_ms: i64,
    idle_gap_ms: i64,
) -> Result<Option<(RunSummary, Option<u64>)>, StoreError> {
    match dispatch!(db.backend(), runs::latest(db.id()))? {
        Some(row) => {
            let ends_in = run::ends_in(row.last_event_at, now_ms, idle_gap_ms);
            Ok(Some((
                summary(db, row, now_ms, idle_gap_ms).await?,
                ends_in,
            )))
        }
        None => Ok(None),
    }
}

/// The run with this id.
pub async fn get(
    db: &ProjectDb,
    id: i64,
    now_ms: i64,
    idle_gap_ms: i64,
) -> Result<Option<RunSummary>, StoreError> {
    match dispatch!(db.backend(), runs::get(db.id(), id))? {
        Some(row) => Ok(Some(summary(db, row, now_ms, idle_gap_ms).await?)),
        None => Ok(None),
    }
}

/// A page of runs, newest first, after the run `before` (keyset on id).
pub async fn page(
    db: &ProjectDb,
    before: Option<i64>,
    limit: i64,
    now_ms: i64,
    idle_gap_ms: i64,
) -> Result<Vec<RunSummary>, StoreError> {
    let rows = dispatch!(
        db.backend(),
        runs::page(db.id(), before.unwrap_or(i64::MAX), limit)
    )?;
    let mut runs = Vec::with_capacity(rows.len());
    for row in rows {
        runs.push(summary(db, row, now_ms, idle_gap_ms).await?);
    }
    Ok(runs)
}

/// Runs whose last request is older than `before` (Unix ms) and whose end was not announced,
/// oldest first, at most `limit`: the project and the run's id.
pub async fn unannounced_ended(
    db: &Db,
    before: i64,
    limit: i64,
) -> Result<Vec<(ProjectId, i64)>, StoreError> {
    let found: Vec<(i64, i64)> = dispatch!(db.backend(), runs::unannounced_ended(before, limit))?;
    Ok(found
        .into_iter()
        .map(|(project, id)| (ProjectId(project), id))
        .collect())
}

/// Marks run `id`'s end announced at `now`, inside the caller's transaction, if it still has
/// the `requests` its ended summary was read with; false when it already was announced
/// (another task or server did) or a request joined it since that read (the request's own
/// timer announces the run's end later, with it).
pub async fn mark_end_announced_in(
    tx: &mut Tx,
    project: ProjectId,
    id: i64,
    requests: u64,
    now: i64,
) -> Result<bool, StoreError> {
    let requests = i64::try_from(requests).unwrap_or(i64::MAX);
    dispatch_tx!(tx, runs::mark_end_announced(project, id, requests, now))
}

async fn summary(
    db: &ProjectDb,
    row: RunRow,
    now_ms: i64,
    idle_gap_ms: i64,
) -> Result<RunSummary, StoreError> {
    let failures = u64::try_from(row.failures).unwrap_or(0);
    let status = run::status(row.last_event_at, failures, now_ms, idle_gap_ms);
    let counts: Vec<(String, i64)> =
        dispatch!(db.backend(), runs::failures_by_category(db.id(), row.id))?;
    let failures_by_category = counts
        .into_iter()
        .filter_map(|(category, n)| {
            Some(CategoryCount {
                category: FailureCategory::from_code(&category)?,
                count: u64::try_from(n).unwrap_or(0),
            })
        })
        .collect();
    Ok(RunSummary {
        id: row.id,
        connection: row.connection,
        idp: Idp::from_code(&row.idp),
        status,
        started_at: rfc3339(row.started_at),
        last_event_at: rfc3339(row.last_event_at),
        requests: u64::try_from(row.requests).unwrap_or(0),
        failures,
        failures_by_category,
        duration_ms: u64::try_from(row.last_event_at - row.started_at).unwrap_or(0),
    })
}
