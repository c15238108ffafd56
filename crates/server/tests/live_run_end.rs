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
