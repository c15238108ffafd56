//! Shutdown ends the live streams at once and lets requests in flight finish, so the server
//! exits instead of waiting for a dashboard to close its stream.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::get;
use scim_sync_server::config::Config;
use scim_sync_server::{Routes, admin, startup};
use serde_json::Value;
use support::process::ServerProcess;
use support::*;
use tokio::sync::{Notify, oneshot};

/// Only a guard against a hang: every wait below ends on an event, long before this.
const HANG_GUARD: Duration = Duration::from_secs(60);

/// Reads the stream to its end; fails if it errors or sends more than a keep-alive.
async fn read_to_end(stream: &mut reqwest::Response) -> String {
    let mut received = String::new();
    while let Some(chunk) = stream.chunk().await.expect("the stream ends cleanly") {
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    received
}

async fn open_stream_at(client: &reqwest::Client, base: &str) -> reqwest::Response {
    let ticket: Value = client
        .post(format!("{base}/api/v1/stream/ticket"))
        .bearer_auth(ADMIN_TOKEN)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stream = client
        .get(format!(
            "{base}/api/v1/stream?ticket={}",
            ticket["ticket"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    stream
}

#[tokio::test]
async fn shutdown_ends_the_live_stream_finishes_the_request_in_flight_and_returns() {
    // A handler that says when it has started and answers when the test lets it.
    let (entered_tx, entered) = oneshot::channel::<()>();
    let entered_tx = Arc::new(Mutex::new(Some(entered_tx)));
    let release = Arc::new(Notify::new());
    let slow = {
        let release = release.clone();
        move || async move {
            if let Some(tx) = entered_tx.lock().unwrap().take() {
                let _ = tx.send(());
            }
            release.notified().await;
            "finished"
        }
    };
    let routes = Routes {
        admin: admin::routes().route("/slow", get(slow)),
        ..Routes::default()
    };
    let data_dir = tempfile::tempdir().unwrap();
    let mut config = Config::for_data_dir(data_dir.path().to_path_buf());
    config.initial_admin_token = Some(ADMIN_TOKEN.into());
    // Long enough that the server returns because everything finished, not because it gave up.
    config.shutdown_grace_secs = 3600;
    let prepared = startup::prepare(&config).await.unwrap();
    let listener = startup::bind(&config).await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        startup::serve_routes(listener, prepared.state, &config, routes, async {
            let _ = stopped.await;
        })
        .await
    });
    let client = reqwest::Client::new();
    let mut stream = open_stream_at(&client, &base).await;
    let in_flight = tokio::spawn({
        let request = client
            .get(format!("{base}/api/v1/slow"))
            .bearer_auth(ADMIN_TOKEN);
        async move { request.send().await.unwrap().text().await.unwrap() }
    });
    entered.await.unwrap();

    stop.send(()).unwrap();

    tokio::time::timeout(HANG_GUARD, read_to_end(&mut stream))
        .await
        .expect("the live stream ended");
    assert!(
        !server.is_finished(),
        "the server waits for the request in flight"
    );
    release.notify_one();
    let answer = tokio::time::timeout(HANG_GUARD, in_flight)
        .await
        .expect("the request in flight was answered")
        .unwrap();
    assert_eq!(answer, "finished");
    tokio::time::timeout(HANG_GUARD, server)
        .await
        .expect("the server returned")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn the_server_binary_exits_on_sigterm_with_a_live_stream_open() {
    let data_dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(data_dir.path()).await;
    let client = reqwest::Client::new();
    let mut stream = open_stream_at(&client, &server.base).await;

    let exited = tokio::spawn(server.signal_and_wait("TERM"));

    tokio::time::timeout(HANG_GUARD, read_to_end(&mut stream))
        .await
        .expect("the live stream ended");
    let status = exited.await.unwrap();
    assert!(status.success(), "{status}");
}
