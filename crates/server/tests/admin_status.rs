//! `GET /api/v1/status` over real HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::Value;
use support::*;

#[tokio::test]
async fn a_new_project_has_scim_on_no_seats_used_and_no_run() {
    let app = spawn_app_with_seats(10).await;

    let status = app.status().await;

    assert_eq!(status["scim_enabled"], true);
    assert_eq!(status["seats"]["limit"], 10);
    assert_eq!(status["seats"]["used"], 0);
    assert_eq!(status["readers"], 0);
    assert_eq!(status["last_run"], Value::Null);
}

#[tokio::test]
async fn the_admin_api_refuses_a_missing_or_wrong_token_with_its_error_shape() {
    let app = spawn_app().await;
    for request in [
        app.client.get(format!("{}/api/v1/status", app.base)),
        app.client
            .get(format!("{}/api/v1/status", app.base))
            .bearer_auth(SCIM_TOKEN),
    ] {
        let response = request.send().await.unwrap();

        assert_eq!(response.status(), 401);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "unauthorized");
        assert!(body["message"].as_str().unwrap().contains("admin token"));
    }
}

#[tokio::test]
async fn an_unknown_admin_path_is_a_404_in_the_api_error_shape() {
    let app = spawn_app().await;

    let response = app.admin("/nope").send().await.unwrap();

    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
}
