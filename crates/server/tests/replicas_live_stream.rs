//! The live stream with two server processes on one database: a ticket either server issued
//! opens the stream on the other, and a dashboard on one hears what the other accepted
//! (`live::relay`: LISTEN/NOTIFY on PostgreSQL). SQLite is one server's database, so there a
//! dashboard hears what its own server accepted; the tests say which they expect.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use reqwest::{Client, Response};
use serde_json::Value;
use support::process::{self, ServerProcess};
use support::*;

/// Only a guard against a hang: a relayed message arrives in milliseconds.
const PATIENCE: Duration = Duration::from_secs(30);

async fn ticket(server: &ServerProcess) -> String {
    let ticket: Value = Client::new()
        .post(format!("{}/api/v1/stream/ticket", server.base))
        .bearer_auth(ADMIN_TOKEN)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    ticket["ticket"].as_str().unwrap().to_owned()
}

async fn open_stream(server: &ServerProcess, ticket: &str) -> Response {
    Client::new()
        .get(format!("{}/api/v1/stream?ticket={ticket}", server.base))
        .send()
        .await
        .unwrap()
}

/// Reads `stream` until it has carried every one of `markers`; answers all it read.
async fn read_all(stream: &mut Response, markers: &[&str]) -> String {
    let mut received = String::new();
    for marker in markers {
        let more = tokio::time::timeout(PATIENCE, read_until(stream, marker))
            .await
            .unwrap_or_else(|_| panic!("{marker} arrives; read so far: {received}"));
        received.push_str(&more);
    }
    received
}

async fn create(server: &ServerProcess, user_name: &str) {
    let response = process::post_user(&Client::new(), &server.base, user_name, false)
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "{user_name} on {}", server.base);
}

/// Two servers on one fresh database, started one after the other (the first creates the
/// project the second finds), with these environment variables.
async fn two_servers(env: &[(&str, &str)]) -> (tempfile::TempDir, ServerProcess, ServerProcess) {
    let data_dir = tempfile::tempdir().unwrap();
    let first = ServerProcess::start_with(data_dir.path(), env).await;
    let second = ServerProcess::start_with(data_dir.path(), env).await;
    (data_dir, first, second)
}

#[tokio::test]
async fn a_ticket_one_server_issued_opens_the_stream_on_the_other_once() {
    let (_dir, first, second) = two_servers(&[]).await;

    let issued = ticket(&first).await;
    let opened = open_stream(&second, &issued).await;
    let again = open_stream(&first, &issued).await;
    let made_up = open_stream(&second, "ssd_stream_made-up").await;

    assert_eq!(opened.status(), 200);
    assert_eq!(again.status(), 401, "a ticket opens one stream");
    assert_eq!(made_up.status(), 401);
}

#[tokio::test]
async fn a_dashboard_on_one_server_hears_the_requests_the_other_accepted_with_their_run() {
    let (_dir, first, second) = two_servers(&[]).await;
    let issued = ticket(&second).await;
    let mut stream = open_stream(&second, &issued).await;
    assert_eq!(stream.status(), 200);

    // On SQLite the dashboard's own server accepts it (one server's database).
    let accepting = if on_postgres() { &first } else { &second };
    create(accepting, "crossed@example.com").await;

    let received = read_all(&mut stream, &["crossed@example.com", "event: run"]).await;
    assert!(received.contains("event: sync_event"), "{received}");
    let run = received
        .split("\n\n")
        .find(|event| event.lines().any(|l| l == "event: run"))
        .and_then(|event| event.lines().find_map(|l| l.strip_prefix("data: ")))
        .map(|data| serde_json::from_str::<Value>(data).unwrap())
        .expect("a run message");
    assert_eq!(run["run"]["status"], "running");
    assert!(run["run"]["requests"].as_u64().unwrap() >= 1, "{run}");
}

#[tokio::test]
async fn a_message_too_large_for_one_notification_arrives_whole_and_in_order() {
    let (_dir, first, second) = two_servers(&[]).await;
    let issued = ticket(&second).await;
    let mut stream = open_stream(&second, &issued).await;

    // A search whose path, as recorded (percent-encoded), is over 8 KB on its own.
    let long_filter = format!("userName eq \"{}\"", "é".repeat(1_400));
    let accepting = if on_postgres() { &first } else { &second };
    let search = Client::new()
        .get(format!("{}/scim/v2/Users", accepting.base))
        .query(&[("filter", &long_filter)])
        .bearer_auth(SCIM_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(search.status(), 200);
    let searched = search.url().clone();
    create(accepting, "after-the-long-one@example.com").await;

    let received = read_all(&mut stream, &["after-the-long-one@example.com"]).await;
    let events: Vec<Value> = received
        .split("\n\n")
        .filter(|event| event.lines().any(|l| l == "event: sync_event"))
        .filter_map(|event| event.lines().find_map(|l| l.strip_prefix("data: ")))
        .map(|data| serde_json::from_str::<Value>(data).unwrap()["event"].clone())
        .collect();
    assert_eq!(events.len(), 2, "{events:?}");
    let path = events[0]["path"].as_str().unwrap();
    assert!(path.len() > 8_000, "{} bytes", path.len());
    assert_eq!(
        Some(path),
        searched.as_str().strip_prefix(&accepting.base),
        "the long one whole"
    );
    assert_eq!(events[1]["target_name"], "after-the-long-one@example.com");
}

#[tokio::test]
async fn the_end_of_a_run_one_server_recorded_reaches_a_dashboard_on_the_other() {
    let (_dir, first, second) = two_servers(&[("SSD_RUN_IDLE_GAP_SECS", "1")]).await;
    let issued = ticket(&second).await;
    let mut stream = open_stream(&second, &issued).await;

    let accepting = if on_postgres() { &first } else { &second };
    create(accepting, "ends@example.com").await;

    let received = read_all(
        &mut stream,
        &["ends@example.com", r#""status":"succeeded""#],
    )
    .await;
    assert!(received.contains("event: run"), "{received}");
}
