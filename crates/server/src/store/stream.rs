//! What the live stream keeps in the database: its tickets (`stream_tickets`, both backends;
//! see migration 0011) and, on PostgreSQL, the messages too large to notify
//! (`stream_parked`) and the notifying itself. The stream's rules (lifetimes, what a ticket
//! opens, how messages travel between servers) are `crate::live`'s.

use super::postgres::{self, PgDb};
use super::{Db, StoreError};
use crate::domain::project::ProjectId;
use crate::domain::secret::TokenHash;

/// Stores a ticket (by its hash) that opens `project`'s stream until `expires_at` (Unix ms).
pub async fn issue_ticket(
    db: &Db,
    hash: &TokenHash,
    project: ProjectId,
    expires_at: i64,
) -> Result<(), StoreError> {
    dispatch!(
        db.backend(),
        stream::issue_ticket(hash.as_str(), project, expires_at)
    )
}

/// Spends the ticket with this hash: deletes it and answers its project if it had not
/// expired by `now` (Unix ms). A second redemption finds nothing.
pub async fn redeem_ticket(
    db: &Db,
    hash: &TokenHash,
    now: i64,
) -> Result<Option<ProjectId>, StoreError> {
    let ticket: Option<(ProjectId, i64)> =
        dispatch!(db.backend(), stream::take_ticket(hash.as_str()))?;
    Ok(ticket
        .filter(|(_, expires_at)| *expires_at > now)
        .map(|(project, _)| project))
}

/// Removes the tickets expired by `now`; returns how many.
pub async fn prune_tickets(db: &Db, now: i64) -> Result<u64, StoreError> {
    dispatch!(db.backend(), stream::prune_tickets(now))
}

/// Sends `payload` to every server listening on `channel` (PostgreSQL's `NOTIFY`).
pub async fn notify(db: &PgDb, channel: &str, payload: &str) -> Result<(), StoreError> {
    postgres::stream::notify(db, channel, payload).await
}

/// Keeps `payload` for the other servers to read by the id answered, and deletes what was
/// parked before `stale_before` (Unix ms).
pub async fn park(
    db: &PgDb,
    payload: &str,
    now: i64,
    stale_before: i64,
) -> Result<i64, StoreError> {
    postgres::stream::park(db, payload, now, stale_before).await
}

/// The payload parked under `id`, if it is still there.
pub async fn parked(db: &PgDb, id: i64) -> Result<Option<String>, StoreError> {
    postgres::stream::parked(db, id).await
}
