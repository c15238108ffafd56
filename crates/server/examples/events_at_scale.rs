//! A million sync events, for the figures that need them.
//!
//! `fill DATA_DIR N`: records N failed requests (with bodies) into project 1 of the database in
//! DATA_DIR, through the store's own group commit, newest last — what
//! `scripts/bench/csv-export-rss.sh` exports.
//!
//! `prune N BATCH`: records N events older than every retention into a fresh database, then
//! prunes them (`store::retention`: bodies, events, the runs they empty) in batches of BATCH
//! while another task records one event every 10 ms, as SCIM traffic would. Prints the rows,
//! the batches, the longest time one batch held the writer, and the longest the concurrent
//! recorder waited.
//!
//!     cargo run --profile server -p scim-sync-server --example events_at_scale -- prune 1000000 500

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use scim_sync_server::domain::project::ProjectId;
use scim_sync_server::store::events::NewEvent;
use scim_sync_server::store::retention::{self, Cutoffs};
use scim_sync_server::store::{Db, now_ms, projects};

/// Events one fill transaction takes.
const FILL_BATCH: u64 = 1000;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number =
        |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("fill") => {
            let dir = args.get(1).expect("fill DATA_DIR N");
            let db = Db::open(Path::new(dir)).await.expect("database");
            let started = Instant::now();
            fill(&db, ProjectId(1), number(2, 1_000_000), now_ms()).await;
            eprintln!("filled in {:?}", started.elapsed());
        }
        Some("prune") => prune(number(1, 1_000_000), number(2, u64::from(retention::BATCH))).await,
        _ => eprintln!("usage: events_at_scale fill DATA_DIR N | prune N BATCH"),
    }
}

/// Records `count` failed `POST /Users`, one a millisecond up to `newest`.
async fn fill(db: &Db, project: ProjectId, count: u64, newest: i64) {
    let mut batch = Vec::new();
    for n in 0..count {
        batch.push(NewEvent {
            request_id: format!("scale-{n}"),
            occurred_at: newest - i64::try_from(count - n).unwrap(),
            project,
            connection: "default".into(),
            idp: if n % 2 == 0 { "okta" } else { "entra" }.into(),
            user_agent: Some("Okta SCIM Client 1.0.0".into()),
            method: "POST".into(),
            path: "/scim/v2/Users".into(),
            resource_type: Some("User".into()),
            target_user_name: Some(format!("user{n}@example.com")),
            status: 409,
            scim_type: Some("uniqueness".into()),
            category: Some("duplicate_user".into()),
            detail: Some(format!("userName user{n}@example.com is already taken.")),
            request_body: Some(format!("{{\"userName\":\"user{n}@example.com\"}}")),
            ..NewEvent::default()
        });
        if batch.len() as u64 == FILL_BATCH || n + 1 == count {
            scim_sync_server::rules::runs::record_all(db, &batch, 300_000)
                .await
                .expect("record");
            batch.clear();
        }
    }
}

async fn prune(count: u64, batch: u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(dir.path()).await.expect("database");
    let project = projects::create(&db, "scale", 25).await.expect("project");
    let started = Instant::now();
    // A year ago: past every default retention.
    fill(&db, project, count, now_ms() - 365 * 24 * 3600 * 1000).await;
    eprintln!("filled {count} events in {:?}", started.elapsed());

    let longest_wait = Arc::new(AtomicU64::new(0));
    let traffic = tokio::spawn(record_meanwhile(db.clone(), project, longest_wait.clone()));
    let started = Instant::now();
    let before = now_ms() - 90 * 24 * 3600 * 1000;
    let cutoffs = Cutoffs {
        bodies: Some(before),
        events: Some(before),
        runs: Some(before),
        audit: Some(before),
        deliveries: Some(before),
    };
    let pruned = retention::prune(&db, cutoffs, u32::try_from(batch).unwrap())
        .await
        .expect("prune");
    let took = started.elapsed();
    traffic.abort();
    println!(
        "pruned {} rows in {} batches of at most {batch} in {took:.2?}; the longest batch held \
         the writer {:.2?}; an event recorded every 10 ms meanwhile waited at most {:.2?}",
        pruned.rows,
        pruned.batches,
        pruned.longest_hold,
        Duration::from_micros(longest_wait.load(Ordering::Relaxed))
    );
}

/// Records an event every 10 ms, keeping the longest a record took in `longest_us`.
async fn record_meanwhile(db: Db, project: ProjectId, longest_us: Arc<AtomicU64>) {
    let mut every = tokio::time::interval(Duration::from_millis(10));
    for n in 0u64.. {
        every.tick().await;
        let started = Instant::now();
        let event = NewEvent {
            request_id: format!("live-{n}"),
            occurred_at: now_ms(),
            project,
            connection: "default".into(),
            idp: "okta".into(),
            method: "GET".into(),
            path: "/scim/v2/Users".into(),
            status: 200,
            ..NewEvent::default()
        };
        scim_sync_server::rules::runs::record(&db, &event, 300_000)
            .await
            .expect("record");
        let took = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        longest_us.fetch_max(took, Ordering::Relaxed);
    }
}
