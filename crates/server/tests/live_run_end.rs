//! The live stream tells dashboards when a run ends by idle time, so they need not poll.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use support::*;

/// Longer than any idle gap below, with room for a slow machine.
const PATIENCE: Duration = Duration::from_secs(20);

/// A server whose runs end after two seconds without a request.
async fn spawn_app_with_a_two_second_idle_gap(seats: u32) -> TestApp {
    spawn_app_with(|config| {
        config.run_idle_gap_secs = 2;
        config.initial_seat_limit = seats;
    })
    .await
}

/// The `data:` lines of the stream's `run` events in `received`, as JSON.
fn run_messages(received: &str) -> Vec<serde_json::Value> {
    received
        .split("\n\n")
        .filter(|event| event.lines().any(|l| l == "event: run"))
        .filter_map(|event| event.lines().find_map(|l| l.strip_prefix("data: ")))
        .map(|data| serde_json::from_str(data).expect("a run message is JSON"))
        .collect()
}

#[tokio::test]
async fn a_run_that_ends_by_idle_time_is_announced_as_succeeded_on_the_live_stream() {
    let app = spawn_app_with_a_two_second_idle_gap(5).await;
    let mut stream = app.open_stream(None).await;

    app.create_user_id("first@example.com", true).await;
    app.create_user_id("second@example.com", false).await;

    let received =
        tokio::time::timeout(PATIENCE, read_until(&mut stream, r#""status":"succeeded""#))
            .await
            .expect("the run's end is announced, not only found by the next read");
    let runs = run_messages(&received);
    let last = runs.last().expect("run messages");
    assert_eq!(last["run"]["status"], "succeeded");
    assert_eq!(last["run"]["requests"], 2);
    assert!(
        runs[..runs.len() - 1]
            .iter()
            .all(|m| m["run"]["status"] == "running"),
        "{received}"
    );
}

#[tokio::test]
async fn a_run_with_a_failure_is_announced_once_as_failed_after_its_last_request() {
    let app = spawn_app_with_a_two_second_idle_gap(1).await;
    let mut stream = app.open_stream(None).await;

    // Three requests 400 ms apart: one run (each gap is under the idle gap), the last refused
    // for lack of a seat.
    app.create_user_id("first@example.com", true).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.create_user_id("reader@example.com", false).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let refused = app.create_user(&okta_user("third@example.com", true)).await;
    assert_eq!(refused.status(), 403);

    let received = tokio::time::timeout(PATIENCE, read_until(&mut stream, r#""status":"failed""#))
        .await
        .expect("the run's end is announced");
    let runs = run_messages(&received);
    let ended: Vec<_> = runs
        .iter()
        .filter(|m| m["run"]["status"] != "running")
        .collect();
    assert_eq!(ended.len(), 1, "{received}");
    assert_eq!(ended[0]["run"]["requests"], 3);
    assert_eq!(
        ended[0]["run"]["failures_by_category"][0]["category"],
        "licence_limit"
    );
    assert!(runs.iter().all(|m| m["run"]["id"] == runs[0]["run"]["id"]));
}

#[tokio::test]
async fn a_request_whose_client_hangs_up_at_once_is_still_finished_recorded_and_its_run_ended() {
    use tokio::io::AsyncWriteExt;

    let app = spawn_app_with_a_two_second_idle_gap(5).await;
    let mut stream = app.open_stream(None).await;

    // The whole request, then the connection closed before any answer can come.
    let body = okta_user("hung.up@example.com", true).to_string();
    let request = format!(
        "POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {SCIM_TOKEN}\r\n\
         User-Agent: {OKTA_USER_AGENT}\r\nContent-Type: application/scim+json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let address = app.base.trim_start_matches("http://");
    // The project's writes wait behind a lock held here, so the request is still in its
    // handler when its client hangs up; the lock is let go once the server had time to see
    // that. Before the gate finished requests in a task of their own, the handler was
    // dropped there, leaving no User and no event.
    let lock = WriteLock::take(&app).await;
    let mut client = tokio::net::TcpStream::connect(address).await.unwrap();
    client.write_all(request.as_bytes()).await.unwrap();
    drop(client);
    tokio::time::sleep(Duration::from_millis(500)).await;
    lock.release().await;

    let received =
        tokio::time::timeout(PATIENCE, read_until(&mut stream, r#""status":"succeeded""#))
            .await
            .expect("the hung-up request's run ends and is announced");
    let ended = run_messages(&received).pop().unwrap();
    assert_eq!(ended["run"]["requests"], 1, "{received}");
    let (_, users) = app
        .json_as(
            SCIM_TOKEN,
            reqwest::Method::GET,
            "/scim/v2/Users?filter=userName%20eq%20%22hung.up@example.com%22",
            None,
        )
        .await;
    assert_eq!(users["totalResults"], 1, "the User was created: {users}");
}

/// The project's write lock, held behind the server's back: on SQLite the database's, on
/// PostgreSQL the `projects` table's (every create takes its project's row first).
enum WriteLock {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
}

impl WriteLock {
    async fn take(app: &TestApp) -> WriteLock {
        match &app.database_url {
            Some(url) => {
                let pool = sqlx::PgPool::connect(url).await.unwrap();
                let mut held = pool.acquire().await.unwrap();
                sqlx::query("BEGIN").execute(&mut *held).await.unwrap();
                sqlx::query("LOCK TABLE projects IN EXCLUSIVE MODE")
                    .execute(&mut *held)
                    .await
                    .unwrap();
                WriteLock::Postgres(held)
            }
            None => {
                let file = app
                    .data_dir
                    .path()
                    .join(scim_sync_server::store::DATABASE_FILE);
                let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display()))
                    .await
                    .unwrap();
                let mut held = pool.acquire().await.unwrap();
                sqlx::query("BEGIN IMMEDIATE")
                    .execute(&mut *held)
                    .await
                    .unwrap();
                WriteLock::Sqlite(held)
            }
        }
    }

    async fn release(self) {
        match self {
            WriteLock::Sqlite(mut held) => {
                sqlx::query("COMMIT").execute(&mut *held).await.unwrap();
            }
            WriteLock::Postgres(mut held) => {
                sqlx::query("COMMIT").execute(&mut *held).await.unwrap();
            }
        }
    }
}
