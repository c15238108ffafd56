//! A SCIM write is never acknowledged without its sync event, even when the server process is
//! killed (SIGKILL: no shutdown, no flush) at any moment under write load. The real binary
//! serves concurrent `POST /Users`; it is killed once a different number of them has been
//! acknowledged in each round, and started again on the same data directory. In the end,
//! every request that got a 201 has its user and its event (found by the `X-Request-Id` the
//! answer carried).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use support::process::ServerProcess;
use support::*;
use tokio::sync::{Mutex, Notify};

/// Kill points: round `r` kills the server after `r * KILL_STEP` acknowledged writes.
const ROUNDS: usize = 20;
const KILL_STEP: usize = 5;
/// Writers sending at once: at each kill, several requests are at different stages.
const WRITERS: usize = 8;
/// Each writer's bound per round (the kill comes long before).
const WRITES_PER_WRITER: usize = 1000;

/// What the rounds saw: the request ids of the acknowledged writes (a 201 arrived) with the
/// user id when the body arrived too, and the requests a kill refused or cut short.
#[derive(Default)]
struct Seen {
    acknowledged: Vec<(String, Option<String>)>,
    refused: usize,
    cut_short: usize,
}

async fn post_user(
    client: &reqwest::Client,
    base: &str,
    name: &str,
) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{base}/scim/v2/Users"))
        .bearer_auth(SCIM_TOKEN)
        .header("content-type", "application/scim+json")
        .body(okta_user(name, false).to_string())
        .send()
        .await
}

/// Sends writes until the server goes away, noting what each got.
async fn write_until_killed(
    base: String,
    label: String,
    seen: Arc<Mutex<Seen>>,
    acknowledged: Arc<AtomicUsize>,
    progressed: Arc<Notify>,
) {
    let client = reqwest::Client::new();
    for n in 0..WRITES_PER_WRITER {
        let name = format!("crash-{label}-{n}@example.com");
        let response = match post_user(&client, &base, &name).await {
            Ok(response) => response,
            Err(error) => {
                let mut seen = seen.lock().await;
                if error.is_connect() {
                    seen.refused += 1;
                } else {
                    seen.cut_short += 1;
                }
                return;
            }
        };
        assert_eq!(response.status(), 201, "{name}");
        let request_id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let id = response
            .json::<serde_json::Value>()
            .await
            .ok()
            .and_then(|created| created["id"].as_str().map(str::to_owned));
        let body_arrived = id.is_some();
        let mut seen_now = seen.lock().await;
        seen_now.acknowledged.push((request_id, id));
        if !body_arrived {
            // Killed between the answer's head and its body: acknowledged, and cut short.
            seen_now.cut_short += 1;
            return;
        }
        drop(seen_now);
        acknowledged.fetch_add(1, Ordering::SeqCst);
        progressed.notify_waiters();
    }
}

#[tokio::test]
async fn every_write_acknowledged_before_a_sigkill_has_its_user_and_its_sync_event() {
    let data_dir = tempfile::tempdir().unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));

    for round in 0..ROUNDS {
        let server = ServerProcess::start(data_dir.path()).await;
        let acknowledged = Arc::new(AtomicUsize::new(0));
        let progressed = Arc::new(Notify::new());
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                tokio::spawn(write_until_killed(
                    server.base.clone(),
                    format!("{round}-{writer}"),
                    seen.clone(),
                    acknowledged.clone(),
                    progressed.clone(),
                ))
            })
            .collect();
        let kill_after = round * KILL_STEP;
        loop {
            let notified = progressed.notified();
            if acknowledged.load(Ordering::SeqCst) >= kill_after {
                break;
            }
            notified.await;
        }

        let status = server.signal_and_wait("KILL").await;

        assert!(!status.success(), "killed, not exited: {status}");
        for writer in writers {
            writer.await.unwrap();
        }
    }

    let server = ServerProcess::start(data_dir.path()).await;
    let events = Events::open(data_dir.path()).await;
    let client = reqwest::Client::new();
    let seen = seen.lock().await;
    let mut missing = Vec::new();
    for (request_id, answered_id) in &seen.acknowledged {
        let event = events.status_and_target(request_id).await;
        let Some((201, Some(id))) = event else {
            missing.push(request_id.clone());
            continue;
        };
        if let Some(answered_id) = answered_id {
            assert_eq!(
                &id, answered_id,
                "the event names the user the answer named"
            );
        }
        let user = client
            .get(format!("{}/scim/v2/Users/{id}", server.base))
            .bearer_auth(SCIM_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(user.status(), 200, "acknowledged user {id} is there");
    }
    eprintln!(
        "{ROUNDS} kills: {} writes acknowledged, {} requests cut short and {} refused by a kill",
        seen.acknowledged.len(),
        seen.cut_short,
        seen.refused
    );
    assert!(
        missing.is_empty(),
        "acknowledged without an event: {missing:?}"
    );
    let kill_points: usize = (0..ROUNDS).map(|round| round * KILL_STEP).sum();
    assert!(seen.acknowledged.len() >= kill_points);
    assert_eq!(
        seen.refused + seen.cut_short,
        ROUNDS * WRITERS,
        "each writer ran until its kill"
    );
}

/// The recorded events of the servers of a data directory, read behind their back.
enum Events {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Events {
    async fn open(data_dir: &std::path::Path) -> Events {
        match process::database_url(data_dir) {
            Some(url) => Events::Postgres(sqlx::PgPool::connect(&url).await.unwrap()),
            None => {
                let db = scim_sync_server::store::Db::open(data_dir).await.unwrap();
                Events::Sqlite(db.sqlite().unwrap().pool().clone())
            }
        }
    }

    /// The status and target of the event of request `request_id`, if recorded.
    async fn status_and_target(&self, request_id: &str) -> Option<(i64, Option<String>)> {
        match self {
            Events::Sqlite(pool) => {
                sqlx::query_as("SELECT status, target_id FROM sync_events WHERE request_id = ?")
                    .bind(request_id)
                    .fetch_optional(pool)
                    .await
                    .unwrap()
            }
            Events::Postgres(pool) => {
                sqlx::query_as("SELECT status, target_id FROM sync_events WHERE request_id = $1")
                    .bind(request_id)
                    .fetch_optional(pool)
                    .await
                    .unwrap()
            }
        }
    }
}
