//! PostgreSQL lost while the server runs: every request that needs it answers 503 with
//! `Retry-After`, in the error shape of its surface, and applies nothing; the same server
//! serves again once the database is back, with no restart.
//!
//! On PostgreSQL whatever `SSD_TEST_BACKEND` says: the test stops and starts a cluster of its
//! own (the test process's shared cluster serves the other tests), keeping its data directory,
//! and the server is a real process on it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::{Client, Response, header};
use serde_json::Value;
use support::postgres::Cluster;
use support::process::{self, ServerProcess};
use support::*;

async fn post_user(server: &ServerProcess, user_name: &str) -> Response {
    process::post_user(&Client::new(), &server.base, user_name, false)
        .await
        .expect("request")
}

/// `GET {url_path}` with `token`.
async fn get(server: &ServerProcess, url_path: &str, token: &str) -> Response {
    Client::new()
        .get(format!("{}{url_path}", server.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

async fn get_users(server: &ServerProcess) -> Response {
    get(server, "/scim/v2/Users?count=1000", SCIM_TOKEN).await
}

/// The `Retry-After` of a 503, which must ask for a short wait.
fn retry_after(response: &Response) -> u64 {
    assert_eq!(response.status(), 503, "{:?}", response.headers());
    let seconds: u64 = response.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After in seconds");
    assert!((1..=30).contains(&seconds), "Retry-After: {seconds}");
    seconds
}

/// Checks a SCIM answer for an unreachable database: 503, `Retry-After`, the SCIM error body
/// with no `scimType`.
async fn assert_scim_unavailable(response: Response, what: &str) {
    retry_after(&response);
    let body = scim_error(response).await;
    assert_eq!(body["status"], "503", "{what}: {body}");
    assert!(body.get("scimType").is_none(), "{what}: {body}");
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains("database is unreachable"),
        "{what}: {detail}"
    );
}

/// The user names `GET /Users` lists, sorted.
async fn listed_user_names(server: &ServerProcess) -> Vec<String> {
    let response = get_users(server).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let mut names: Vec<String> = body["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user["userName"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_postgresql_is_down_requests_answer_503_to_retry_and_once_it_is_back_the_same_server_serves()
 {
    let cluster = Cluster::start();
    let data_dir = tempfile::tempdir().unwrap();
    process::store_in(data_dir.path(), &cluster.create_database().await);
    let mut server = ServerProcess::start(data_dir.path()).await;
    assert_eq!(post_user(&server, "before@example.com").await.status(), 201);

    cluster.stop_server();

    let started = std::time::Instant::now();
    assert_scim_unavailable(post_user(&server, "during@example.com").await, "POST").await;
    assert_scim_unavailable(get_users(&server).await, "GET").await;
    let status = get(&server, "/api/v1/status", ADMIN_TOKEN).await;
    retry_after(&status);
    assert_eq!(status.headers()["content-type"], "application/json");
    let body: Value = status.json().await.unwrap();
    assert_eq!(body["code"], "internal", "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("database is unreachable"),
        "{body}"
    );
    eprintln!("three requests refused in {:?}", started.elapsed());
    assert!(server.is_running(), "the outage does not end the server");

    cluster.start_server();

    // A 201 is only answered with its sync event stored: the request log writes again too.
    assert_eq!(post_user(&server, "after@example.com").await.status(), 201);
    assert_eq!(
        listed_user_names(&server).await,
        ["after@example.com", "before@example.com"],
        "every acknowledged create, and nothing of the refused one"
    );
    drop(server);
    cluster.stop();
}
