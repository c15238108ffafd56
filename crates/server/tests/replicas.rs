//! Several server processes on one database, none special: what one accepts, the others see,
//! and the rules hold across them. On PostgreSQL (`SSD_TEST_BACKEND=postgres`) this is the
//! scaled-out deployment; on SQLite, two processes on one file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use scim_sync_server::domain::secret::{Token, TokenKind};
use scim_sync_server::rules::runs;
use scim_sync_server::store::events::NewEvent;
use scim_sync_server::store::{Db, jobs, projects, webhooks};
use scim_sync_server::tenancy;
use support::process::{self, ServerProcess};
use support::*;

/// Creates of Users sent to each server at once.
const CREATES_PER_SERVER: usize = 32;
/// The seats free before they start.
const SEATS: &str = "10";

async fn create_user(base: &str, user_name: &str) -> u16 {
    create(base, user_name, true).await
}

async fn create(base: &str, user_name: &str, is_team_account: bool) -> u16 {
    process::post_user(&reqwest::Client::new(), base, user_name, is_team_account)
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_given_32_concurrent_user_creates_each_against_10_free_seats_create_exactly_10()
{
    let data_dir = tempfile::tempdir().unwrap();
    let env = [("SSD_INITIAL_SEAT_LIMIT", SEATS)];
    // One after the other: the first creates the project and the tokens both then accept.
    let first = ServerProcess::start_with(data_dir.path(), &env).await;
    let second = ServerProcess::start_with(data_dir.path(), &env).await;

    let creates: Vec<_> = (0..2 * CREATES_PER_SERVER)
        .map(|n| {
            let base = if n % 2 == 0 {
                first.base.clone()
            } else {
                second.base.clone()
            };
            tokio::spawn(async move { create_user(&base, &format!("seat{n}@example.com")).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for create in creates {
        statuses.push(create.await.unwrap());
    }

    let created = statuses.iter().filter(|s| **s == 201).count();
    let refused = statuses.iter().filter(|s| **s == 403).count();
    assert_eq!(
        (created, refused),
        (10, 2 * CREATES_PER_SERVER - 10),
        "{statuses:?}"
    );
    for server in [&first, &second] {
        let status: serde_json::Value = reqwest::Client::new()
            .get(format!("{}/api/v1/status", server.base))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(status["seats"]["used"], 10, "as {} sees it", server.base);
        assert_eq!(status["seats"]["limit"], 10);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_connections_requests_at_two_servers_at_once_join_one_run() {
    let data_dir = tempfile::tempdir().unwrap();
    let first = ServerProcess::start(data_dir.path()).await;
    let second = ServerProcess::start(data_dir.path()).await;

    let creates: Vec<_> = (0..2 * CREATES_PER_SERVER)
        .map(|n| {
            let base = if n % 2 == 0 {
                first.base.clone()
            } else {
                second.base.clone()
            };
            tokio::spawn(async move { create(&base, &format!("run{n}@example.com"), false).await })
        })
        .collect();
    for create in creates {
        assert_eq!(create.await.unwrap(), 201);
    }

    let runs: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/api/v1/runs", second.base))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let runs = runs["items"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0]["requests"], 2 * CREATES_PER_SERVER);
}

/// Two handles on one database, as two server processes hold: on PostgreSQL two pools, on
/// SQLite two writers on one file.
async fn two_handles() -> (tempfile::TempDir, Db, Db) {
    let data_dir = tempfile::tempdir().unwrap();
    let url = fresh_database().await;
    let open = || Db::open_configured(url.as_deref(), data_dir.path());
    let first = open().await.unwrap();
    let second = open().await.unwrap();
    (data_dir, first, second)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_recorders_given_one_connections_event_at_once_open_one_run_each_time() {
    const IDLE_GAP_MS: i64 = 1_000;
    const TIMES: i64 = 100;
    let (_dir, first, second) = two_handles().await;
    let project = projects::create(&first, "p", 5).await.unwrap();
    let event = |at: i64, n: &str| NewEvent {
        request_id: format!("{at}-{n}"),
        occurred_at: at,
        project,
        connection: "default".into(),
        idp: "okta".into(),
        method: "POST".into(),
        path: "/scim/v2/Users".into(),
        status: 201,
        ..NewEvent::default()
    };

    // Each time far past the idle gap: both events find the connection's run over, and
    // exactly one of them may open the next.
    for time in 1..=TIMES {
        let at = time * 10 * IDLE_GAP_MS;
        let (one, other) = (event(at, "a"), event(at, "b"));
        let (a, b) = tokio::join!(
            runs::record(&first, &one, IDLE_GAP_MS),
            runs::record(&second, &other, IDLE_GAP_MS),
        );
        assert_eq!(a.unwrap().run_id, b.unwrap().run_id, "time {time}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_senders_claiming_at_once_never_claim_one_delivery_twice() {
    const ROUNDS: usize = 20;
    const QUEUED: usize = 8;
    let (_dir, first, second) = two_handles().await;
    let project = projects::create(&first, "p", 5).await.unwrap();
    let mut tx = first.project(project).begin_write().await.unwrap();
    webhooks::create_in(&mut tx, project, "https://hooks.example.com/", "secret")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut claimed = std::collections::HashSet::new();
    for round in 0..ROUNDS {
        let mut tx = first.project(project).begin_write().await.unwrap();
        for _ in 0..QUEUED {
            webhooks::enqueue_in(&mut tx, project, None, "test", "{}")
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();

        let limit = i64::try_from(QUEUED).unwrap();
        let (a, b) = tokio::join!(
            webhooks::claim_due(&first, limit, 60_000),
            webhooks::claim_due(&second, limit, 60_000),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(
            a.len() + b.len(),
            QUEUED,
            "round {round}: every due one, once"
        );
        for delivery in a.iter().chain(&b) {
            assert!(
                claimed.insert(delivery.id),
                "round {round}: {} twice",
                delivery.id
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_starting_at_once_on_an_empty_database_create_one_project_and_both_serve_it() {
    let data_dir = tempfile::tempdir().unwrap();
    process::prepare(data_dir.path()).await;
    // Migrated and empty: what is raced is the first start's project, not the schema.
    let url = process::database_url(data_dir.path());
    let db = Db::open_configured(url.as_deref(), data_dir.path())
        .await
        .unwrap();

    let (first, second) = tokio::join!(
        ServerProcess::start(data_dir.path()),
        ServerProcess::start(data_dir.path()),
    );

    assert_eq!(projects::list(&db).await.unwrap().len(), 1);
    for server in [&first, &second] {
        assert_eq!(
            create(
                &server.base,
                &format!("{}@example.com", server.pid()),
                false
            )
            .await,
            201,
            "{} accepts the one project's SCIM token",
            server.base
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_first_starts_at_once_on_an_empty_database_create_one_project_each_time() {
    const TIMES: usize = 20;
    for time in 0..TIMES {
        let (_dir, first, second) = two_handles().await;
        let start = |db: &Db| {
            let db = db.clone();
            async move {
                let admin = Token::generate(TokenKind::Admin).unwrap();
                let scim = Token::generate(TokenKind::Scim).unwrap();
                tenancy::create_first_project(&db, "Default project", 5, admin, Some(("d", scim)))
                    .await
                    .unwrap()
            }
        };

        let (a, b) = tokio::join!(start(&first), start(&second));

        assert_eq!(
            usize::from(a.is_some()) + usize::from(b.is_some()),
            1,
            "time {time}: one of them creates it"
        );
        assert_eq!(
            projects::list(&first).await.unwrap().len(),
            1,
            "time {time}"
        );
    }
}

#[tokio::test]
async fn one_server_at_a_time_leads_the_pruning_of_a_shared_database() {
    let (_dir, first, second) = two_handles().await;

    let lead = jobs::try_lead(&first, "retention").await.unwrap().unwrap();
    let meanwhile = jobs::try_lead(&second, "retention").await.unwrap();
    lead.release().await.unwrap();
    let after = jobs::try_lead(&second, "retention").await.unwrap();

    // SQLite's file is one machine's: every server on it leads (store::jobs).
    assert_eq!(meanwhile.is_none(), on_postgres(), "while the first leads");
    assert!(after.is_some(), "once it let go");
}
