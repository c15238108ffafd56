//! Retention: request bodies, sync events, sync runs, audit entries and finished webhook
//! deliveries past their age are removed in small batches, so pruning a large history never holds the single writer for
//! long — SCIM requests keep being recorded between two batches.
//!
//! Each batch picks at most [`BATCH`] rows through an index on the reader pool (no write lock
//! while it looks), then changes exactly those rows in one short write transaction. A run goes
//! once it is past its retention and none of its events is left; a retry whose original event
//! goes keeps its own event, without the link.

use std::time::{Duration, Instant};

use super::{Db, StoreError};

/// Rows one write transaction changes at most. With the indexes of `sync_events`, a batch
/// of 500 events holds the writer for a few milliseconds (`examples/retention_batches.rs`
/// measures it on 1,000,000 events).
pub const BATCH: u32 = 500;

/// What is removed after how long, in Unix milliseconds before now; `None` keeps it forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoffs {
    /// Request bodies of events older than this are dropped (the events stay).
    pub bodies: Option<i64>,
    /// Events older than this are deleted.
    pub events: Option<i64>,
    /// Runs whose last event is older than this, and which have no event left, are deleted.
    pub runs: Option<i64>,
    /// Audit entries older than this are deleted.
    pub audit: Option<i64>,
    /// Webhook deliveries queued before this, and delivered or failed for good, are deleted
    /// (pending ones stay until they finish).
    pub deliveries: Option<i64>,
}

/// What one pruning did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    /// Rows changed or deleted.
    pub rows: u64,
    /// Write transactions it took.
    pub batches: u64,
    /// The longest time one batch held the writer (from taking it to its commit).
    pub longest_hold: Duration,
}

impl Pruned {
    fn add(&mut self, rows: u64, hold: Duration) {
        self.rows += rows;
        self.batches += 1;
        self.longest_hold = self.longest_hold.max(hold);
    }

    fn and(self, other: Pruned) -> Pruned {
        Pruned {
            rows: self.rows + other.rows,
            batches: self.batches + other.batches,
            longest_hold: self.longest_hold.max(other.longest_hold),
        }
    }
}

/// Prunes everything past its cutoff: bodies, then events, then the runs they emptied, then
/// audit entries, then finished webhook deliveries.
pub async fn prune(db: &Db, cutoffs: Cutoffs, batch: u32) -> Result<Pruned, StoreError> {
    let mut pruned = Pruned::default();
    if let Some(before) = cutoffs.bodies {
        pruned = pruned.and(prune_bodies(db, before, batch).await?);
    }
    if let Some(before) = cutoffs.events {
        pruned = pruned.and(prune_events(db, before, batch).await?);
    }
    if let Some(before) = cutoffs.runs {
        pruned = pruned.and(prune_runs(db, before, batch).await?);
    }
    if let Some(before) = cutoffs.audit {
        pruned = pruned.and(prune_audit(db, before, batch).await?);
    }
    if let Some(before) = cutoffs.deliveries {
        pruned = pruned.and(prune_deliveries(db, before, batch).await?);
    }
    Ok(pruned)
}

/// Drops the stored bodies of events older than `before`.
pub async fn prune_bodies(db: &Db, before: i64, batch: u32) -> Result<Pruned, StoreError> {
    let mut pruned = Pruned::default();
    // Where the previous batch ended on the time index: bodies already dropped are not
    // looked at again in this pruning.
    let mut from = i64::MIN;
    loop {
        let rows = dispatch!(
            db.backend(),
            retention::with_bodies(from, before, i64::from(batch))
        )?;
        let Some(&(_, last_at)) = rows.last() else {
            return Ok(pruned);
        };
        from = last_at;
        let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
        let started = Instant::now();
        let rows = dispatch!(db.backend(), retention::drop_bodies(&ids))?;
        pruned.add(rows, started.elapsed());
        tokio::task::yield_now().await;
    }
}

/// Deletes the events older than `before`.
pub async fn prune_events(db: &Db, before: i64, batch: u32) -> Result<Pruned, StoreError> {
    let mut pruned = Pruned::default();
    loop {
        let ids = dispatch!(
            db.backend(),
            retention::old_events(before, i64::from(batch))
        )?;
        if ids.is_empty() {
            return Ok(pruned);
        }
        let started = Instant::now();
        let rows = dispatch!(db.backend(), retention::delete_events(&ids))?;
        pruned.add(rows, started.elapsed());
        tokio::task::yield_now().await;
    }
}

/// What [`delete_in_batches`] deletes; each backend has the SQL that picks and deletes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Batched {
    /// Runs past their retention with no event left.
    Runs,
    /// Audit entries.
    Audit,
    /// Delivered or failed webhook deliveries.
    Deliveries,
}

/// Deletes the runs whose last event is older than `before` and which have no event left.
pub async fn prune_runs(db: &Db, before: i64, batch: u32) -> Result<Pruned, StoreError> {
    delete_in_batches(db, Batched::Runs, before, batch).await
}

/// Deletes the audit entries older than `before`.
pub async fn prune_audit(db: &Db, before: i64, batch: u32) -> Result<Pruned, StoreError> {
    delete_in_batches(db, Batched::Audit, before, batch).await
}

/// Deletes the webhook deliveries queued before `before` that are delivered or failed.
pub async fn prune_deliveries(db: &Db, before: i64, batch: u32) -> Result<Pruned, StoreError> {
    delete_in_batches(db, Batched::Deliveries, before, batch).await
}

/// Picks at most `batch` ids of `what` older than `before` on the readers, then deletes them
/// (repeating the pick's condition where a row may stop matching meanwhile) in one short
/// write; until nothing is picked, or a batch deletes nothing because every candidate stopped
/// matching.
async fn delete_in_batches(
    db: &Db,
    what: Batched,
    before: i64,
    batch: u32,
) -> Result<Pruned, StoreError> {
    let mut pruned = Pruned::default();
    loop {
        let ids = dispatch!(
            db.backend(),
            retention::pick(what, before, i64::from(batch))
        )?;
        if ids.is_empty() {
            return Ok(pruned);
        }
        let started = Instant::now();
        let rows = dispatch!(db.backend(), retention::delete_picked(what, &ids))?;
        pruned.add(rows, started.elapsed());
        if rows == 0 {
            return Ok(pruned);
        }
        tokio::task::yield_now().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::ProjectId;
    use crate::store::events::{self, NewEvent};
    use crate::store::{audit, projects};

    fn event(project: ProjectId, at: i64) -> NewEvent {
        NewEvent {
            request_id: format!("r{at}"),
            occurred_at: at,
            project,
            connection: "default".into(),
            idp: "okta".into(),
            method: "POST".into(),
            path: "/scim/v2/Users".into(),
            status: 403,
            category: Some("licence_limit".into()),
            request_body: Some("{\"userName\":\"x\"}".into()),
            ..NewEvent::default()
        }
    }

    async fn count(db: &Db, sql: &'static str) -> i64 {
        let db = db.sqlite().unwrap();
        sqlx::query_scalar(sql).fetch_one(db.pool()).await.unwrap()
    }

    #[tokio::test]
    async fn pruning_bodies_drops_old_bodies_in_batches_and_keeps_the_events() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).await.unwrap();
        let project = projects::create(&db, "p", 5).await.unwrap();
        let old: Vec<NewEvent> = (0..7).map(|n| event(project, 1_000 + n)).collect();
        crate::rules::runs::record_all(&db, &old, 60_000)
            .await
            .unwrap();
        let new = crate::rules::runs::record(&db, &event(project, 10_000_000), 60_000)
            .await
            .unwrap();

        let pruned = prune_bodies(&db, 5_000_000, 3).await.unwrap();

        assert_eq!((pruned.rows, pruned.batches), (7, 3));
        let bodies = "SELECT COUNT(*) FROM sync_events WHERE request_body IS NOT NULL";
        assert_eq!(count(&db, bodies).await, 1);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM sync_events").await, 8);
        let kept = events::get(&db.project(project), new.id).await.unwrap();
        assert!(kept.unwrap().request_body.is_some());
    }

    #[tokio::test]
    async fn old_events_go_with_the_runs_they_empty_and_a_newer_retry_loses_only_its_link() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).await.unwrap();
        let project = projects::create(&db, "p", 5).await.unwrap();
        let original = crate::rules::runs::record(&db, &event(project, 1_000), 60_000)
            .await
            .unwrap();
        crate::rules::runs::record(&db, &event(project, 2_000), 60_000)
            .await
            .unwrap();
        let retry = crate::rules::runs::record(
            &db,
            &NewEvent {
                retry_of: Some(original.id),
                ..event(project, 10_000_000)
            },
            60_000,
        )
        .await
        .unwrap();
        assert_ne!(original.run_id, retry.run_id);

        let pruned = prune(
            &db,
            Cutoffs {
                bodies: None,
                events: Some(5_000_000),
                runs: Some(5_000_000),
                audit: None,
                deliveries: None,
            },
            1,
        )
        .await
        .unwrap();

        assert_eq!(pruned.rows, 3, "two events and their run");
        let scoped = db.project(project);
        assert!(events::get(&scoped, original.id).await.unwrap().is_none());
        let kept = events::get(&scoped, retry.id).await.unwrap().unwrap();
        assert_eq!(kept.summary.retry_of, None);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM sync_runs").await, 1);
    }

    #[tokio::test]
    async fn a_run_past_its_retention_stays_while_it_has_events() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).await.unwrap();
        let project = projects::create(&db, "p", 5).await.unwrap();
        crate::rules::runs::record(&db, &event(project, 1_000), 60_000)
            .await
            .unwrap();

        let pruned = prune_runs(&db, 5_000_000, 10).await.unwrap();

        assert_eq!(pruned.rows, 0);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM sync_runs").await, 1);
    }

    #[tokio::test]
    async fn old_audit_entries_are_deleted_and_new_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).await.unwrap();
        let project = projects::create(&db, "p", 5).await.unwrap();
        let scoped = db.project(project);
        audit::record(
            &scoped,
            "ada",
            scim_sync_core::audit::AdminAction::Settings,
            "seat limit 5",
        )
        .await
        .unwrap();
        let now = crate::store::now_ms();

        assert_eq!(prune_audit(&db, now - 60_000, 10).await.unwrap().rows, 0);
        assert_eq!(prune_audit(&db, now + 60_000, 10).await.unwrap().rows, 1);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM audit").await, 0);
    }

    #[tokio::test]
    async fn finished_webhook_deliveries_go_and_pending_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).await.unwrap();
        let project = projects::create(&db, "p", 5).await.unwrap();
        let mut tx = db.begin_write().await.unwrap();
        crate::store::webhooks::create_in(&mut tx, project, "https://hooks.example.com/", "s")
            .await
            .unwrap();
        for _ in 0..2 {
            crate::store::webhooks::enqueue_in(&mut tx, project, None, "test", "{}")
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        let claimed = crate::store::webhooks::claim_due(&db, 1, 60_000)
            .await
            .unwrap();
        let delivered = crate::store::webhooks::Finished::Delivered(200);
        crate::store::webhooks::finish(&db, claimed[0].id, &delivered)
            .await
            .unwrap();
        let later = crate::store::now_ms() + 60_000;

        let pruned = prune_deliveries(&db, later, 10).await.unwrap();

        assert_eq!(pruned.rows, 1, "the delivered one");
        let left = "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'";
        assert_eq!(count(&db, left).await, 1);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM webhook_deliveries").await,
            1
        );
    }
}
