//! Run detection: every SCIM request joins its connection's current run, or opens a new run
//! when the connection's last request is older than the idle gap ([`crate::domain::run`]).
//! Events are recorded in batches (group commit, [`crate::store::recorder`]), each batch in one
//! write transaction that first takes the runs of its connections
//! ([`runs::lock_connections_in`]), so two requests of one connection never both open a run —
//! also when two server processes record them at once.
//!
//! A run's end, once announced ([`crate::alerts::run_end`]), is final. A request stamped just
//! before the idle gap passed may commit just after the announcement (or after the ended
//! summary was read for it): it then opens a run of its own rather than reopen the announced
//! one, whose end would never be announced again. Both guards are in the `UPDATE`s themselves
//! (`extend_in` skips an announced run, `mark_end_announced_in` a run with more requests than
//! were read), so on PostgreSQL the row lock orders them and each sees the other's commit.

use crate::domain::run;
use crate::store::events::{self, NewEvent, Recorded};
use crate::store::{Db, StoreError, runs};

/// Records one event (see [`record_all`]).
pub async fn record(db: &Db, event: &NewEvent, idle_gap_ms: i64) -> Result<Recorded, StoreError> {
    Ok(record_all(db, std::slice::from_ref(event), idle_gap_ms).await?[0])
}

/// Records several events in one write transaction (group commit), in order: each joins its
/// connection's current run, or opens a new run when the connection's last request is older
/// than `idle_gap_ms`.
pub async fn record_all(
    db: &Db,
    batch: &[NewEvent],
    idle_gap_ms: i64,
) -> Result<Vec<Recorded>, StoreError> {
    let mut tx = db.begin_write().await?;
    runs::lock_connections_in(&mut tx, batch).await?;
    let mut recorded = Vec::with_capacity(batch.len());
    for event in batch {
        let failed = event.category.is_some();
        let current = runs::latest_of_connection(&mut tx, event)
            .await?
            .filter(|run| run::continues(run.last_event_at, event.occurred_at, idle_gap_ms));
        let run_id = match current {
            // A run whose end was announced is final: it is not extended, the request opens
            // a run of its own.
            Some(run) if runs::extend_in(&mut tx, run.id, event.occurred_at, failed).await? => {
                run.id
            }
            _ => runs::open_in(&mut tx, event, failed).await?,
        };
        let id = events::insert_in(&mut tx, event, run_id).await?;
        recorded.push(Recorded { id, run_id });
    }
    tx.commit().await?;
    Ok(recorded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::ProjectId;
    use crate::store::projects;

    const GAP: i64 = 2_000;

    fn event(project: ProjectId, at: i64) -> NewEvent {
        NewEvent {
            request_id: format!("r{at}"),
            occurred_at: at,
            project,
            connection: "default".into(),
            idp: "okta".into(),
            method: "POST".into(),
            path: "/scim/v2/Users".into(),
            status: 201,
            ..NewEvent::default()
        }
    }

    async fn announce(db: &Db, project: ProjectId, run: i64, requests: u64) -> bool {
        let mut tx = db.begin_write().await.unwrap();
        let marked = runs::mark_end_announced_in(&mut tx, project, run, requests, 10_000)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        marked
    }

    async fn requests(db: &Db, project: ProjectId, run: i64) -> u64 {
        let run = runs::get(&db.project(project), run, 10_000, GAP)
            .await
            .unwrap();
        run.unwrap().requests
    }

    #[tokio::test]
    async fn a_request_recorded_after_its_run_was_announced_ended_opens_a_run_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).await.unwrap();
        let project = projects::create(&db, "p", 5).await.unwrap();
        let first = record(&db, &event(project, 1_000), GAP).await.unwrap();
        assert!(announce(&db, project, first.run_id, 1).await);

        // Stamped within the idle gap of the first, committed after the announcement.
        let late = record(&db, &event(project, 2_500), GAP).await.unwrap();

        assert_ne!(late.run_id, first.run_id);
        assert_eq!(requests(&db, project, first.run_id).await, 1);
        assert!(announce(&db, project, late.run_id, 1).await);
    }

    #[tokio::test]
    async fn a_run_that_a_request_joined_after_its_end_was_read_is_not_marked_on_that_read() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).await.unwrap();
        let project = projects::create(&db, "p", 5).await.unwrap();
        let first = record(&db, &event(project, 1_000), GAP).await.unwrap();
        // The end is read with one request; a second joins before the mark.
        let second = record(&db, &event(project, 2_500), GAP).await.unwrap();
        assert_eq!(second.run_id, first.run_id);

        assert!(!announce(&db, project, first.run_id, 1).await);
        assert!(announce(&db, project, first.run_id, 2).await);
        assert!(
            !announce(&db, project, first.run_id, 2).await,
            "announced once"
        );
    }
}
