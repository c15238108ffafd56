//! A panicking handler answers 500 with the request id (SCIM: recorded as an `internal`
//! failure), in the error shape of its part, instead of resetting the connection.
//!
//! The panicking routes are the test's own, added to the real routes: the server has none.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::routing::get;
use reqwest::Method;
use scim_sync_server::{Routes, admin, scim};
use serde_json::Value;
use support::*;

async fn panicking_handler() -> &'static str {
    panic!("a handler bug");
}

async fn spawn_app_with_panicking_routes() -> TestApp {
    let routes = Routes {
        scim: scim::routes().route("/Users/{id}/crash", get(panicking_handler)),
        admin: admin::routes().route("/crash", get(panicking_handler)),
    };
    spawn_app_with_routes(|_| {}, routes).await
}

#[tokio::test]
async fn a_panicking_scim_handler_answers_500_with_the_request_id_in_the_scim_shape() {
    let app = spawn_app_with_panicking_routes().await;

    let response = app
        .scim(Method::GET, "/Users/some-id/crash")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 500);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!request_id.is_empty());
    let body = scim_error(response).await;
    assert_eq!(body["status"], "500");
    assert!(
        !body["detail"].as_str().unwrap().contains("a handler bug"),
        "the cause stays in the log: {body}"
    );
}

#[tokio::test]
async fn a_panicking_scim_handler_is_recorded_as_an_internal_failure_under_its_request_id() {
    let app = spawn_app_with_panicking_routes().await;
    let response = app
        .scim(Method::GET, "/Users/some-id/crash")
        .send()
        .await
        .unwrap();
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();

    let (_, failures) = app.admin_get("/failures?category=internal").await;

    let items = failures["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{failures}");
    assert_eq!(items[0]["status"], 500);
    assert_eq!(items[0]["path"], "/scim/v2/Users/some-id/crash");
    let (_, detail) = app.admin_get(&format!("/events/{}", items[0]["id"])).await;
    assert_eq!(detail["request_id"], request_id.as_str());
}

#[tokio::test]
async fn a_panicking_admin_handler_answers_500_naming_the_request_id_in_the_admin_shape() {
    let app = spawn_app_with_panicking_routes().await;

    let response = app.admin("/crash").send().await.unwrap();

    assert_eq!(response.status(), 500);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "internal");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains(&request_id), "{message}");
    assert!(!message.contains("a handler bug"), "{message}");
}

#[tokio::test]
async fn the_server_keeps_answering_after_a_panic() {
    let app = spawn_app_with_panicking_routes().await;

    let crashed = app.admin("/crash").send().await.unwrap();
    let after = app.admin("/status").send().await.unwrap();

    assert_eq!(crashed.status(), 500);
    assert_eq!(after.status(), 200);
}
