//! Benchmark: does a filtered failure page cost the same at 10k and at 1M stored events?
//!
//! Records events through the same function the SCIM gate uses (into a fresh SQLite
//! file), then times the admin API's failure query — first page and a page deep in the
//! history, filtered by category and by IdP — at 10,000 events and again at 1,000,000 in the
//! same run. Prints the medians and the ratio.
//!
//!     cargo run --profile server -p scim-sync-server --example failure_pages [-- SMALL LARGE]

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use scim_sync_core::category::FailureCategory;
use scim_sync_core::idp::Idp;
use scim_sync_server::store::events::{self, FailureQuery, NewEvent};
use scim_sync_server::store::{Db, ProjectDb, projects};

const CATEGORIES: [&str; 4] = [
    "licence_limit",
    "duplicate_user",
    "validation",
    "member_not_provisioned",
];

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let small = args.first().copied().unwrap_or(10_000);
    let large = args.get(1).copied().unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(dir.path()).await.expect("database");
    let project = projects::create(&db, "bench", 25).await.expect("project");
    let db = db.project(project);

    fill(&db, 0, small).await;
    let at_small = measure(&db).await;
    let started = Instant::now();
    fill(&db, small, large).await;
    eprintln!("filled {large} events in {:?}", started.elapsed());
    let at_large = measure(&db).await;

    println!("query                               {small:>9} events  {large:>9} events  ratio");
    for ((name, a), (_, b)) in at_small.iter().zip(&at_large) {
        println!(
            "{name:<36} {:>12.3?}  {:>14.3?}  {:>5.2}",
            a,
            b,
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
}

/// Records events `from..to`: one request in three fails, spread over four categories and two
/// IdPs, a new run every 10,000 requests.
async fn fill(db: &ProjectDb, from: u64, to: u64) {
    for n in from..to {
        let failed = n % 3 == 0;
        let event = NewEvent {
            request_id: format!("bench-{n}"),
            occurred_at: i64::try_from(n).unwrap() * 10
                + (i64::try_from(n / 10_000).unwrap() * 600_000),
            project: db.id(),
            connection: "default".into(),
            idp: if n % 2 == 0 { "okta" } else { "entra" }.into(),
            user_agent: Some("bench".into()),
            method: "POST".into(),
            path: "/scim/v2/Users".into(),
            resource_type: Some("User".into()),
            target_user_name: Some(format!("user{n}@example.com")),
            status: if failed { 409 } else { 201 },
            category: failed.then(|| CATEGORIES[usize::try_from(n / 3 % 4).unwrap()].to_owned()),
            detail: failed.then(|| "bench".to_owned()),
            request_body: Some(format!("{{\"userName\":\"user{n}@example.com\"}}")),
            ..NewEvent::default()
        };
        scim_sync_server::rules::runs::record(db.db(), &event, 300_000)
            .await
            .expect("record");
    }
}

async fn measure(db: &ProjectDb) -> Vec<(&'static str, Duration)> {
    let by_category = FailureQuery {
        category: Some(FailureCategory::LicenceLimit),
        ..FailureQuery::default()
    };
    let by_idp = FailureQuery {
        idp: Some(Idp::Entra),
        ..FailureQuery::default()
    };
    let unfiltered = FailureQuery::default();
    // A cursor 1,000 failures deep: the page after it costs what the first page costs.
    let deep = events::failures(db, &unfiltered, None, 1000)
        .await
        .unwrap()
        .last()
        .map(|e| e.id);
    vec![
        (
            "first page, all failures",
            median(db, &unfiltered, None).await,
        ),
        (
            "first page, category=licence_limit",
            median(db, &by_category, None).await,
        ),
        ("first page, idp=entra", median(db, &by_idp, None).await),
        (
            "page after 1,000 failures",
            median(db, &unfiltered, deep).await,
        ),
        (
            "total (first page only), all",
            median_count(db, &unfiltered).await,
        ),
        (
            "total (first page only), category",
            median_count(db, &by_category).await,
        ),
    ]
}

/// The `total` the first page also answers: a count, which does grow with history.
async fn median_count(db: &ProjectDb, query: &FailureQuery) -> Duration {
    let mut times = Vec::with_capacity(11);
    for _ in 0..11 {
        let started = Instant::now();
        let total = events::count_failures(db, query).await.unwrap();
        times.push(started.elapsed());
        assert!(total > 0);
    }
    times.sort();
    times[times.len() / 2]
}

async fn median(db: &ProjectDb, query: &FailureQuery, before: Option<i64>) -> Duration {
    let mut times = Vec::with_capacity(51);
    for _ in 0..51 {
        let started = Instant::now();
        let page = events::failures(db, query, before, 100).await.unwrap();
        times.push(started.elapsed());
        assert_eq!(page.len(), 100);
    }
    times.sort();
    times[times.len() / 2]
}
