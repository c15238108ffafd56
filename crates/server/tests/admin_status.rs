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

#[tokio::test]
async fn a_running_run_says_how_long_until_it_ends_and_an_ended_one_does_not() {
    let gap_secs = 2;
    let app = spawn_app_with(|config| config.run_idle_gap_secs = gap_secs).await;
    assert_eq!(app.status().await["last_run_ends_in_ms"], Value::Null);

    app.create_user_id("reader@example.com", false).await;
    let running = app.status().await;

    assert_eq!(running["last_run"]["status"], "running");
    let ends_in = running["last_run_ends_in_ms"]
        .as_u64()
        .expect("a running run's end");
    assert!(ends_in > 0 && ends_in <= gap_secs * 1000, "{ends_in}");

    // Once that time has passed with no request, the run has ended and nothing is ahead.
    tokio::time::sleep(std::time::Duration::from_millis(ends_in)).await;
    let ended = app.status().await;
    assert_eq!(ended["last_run"]["status"], "succeeded");
    assert_eq!(ended["last_run_ends_in_ms"], Value::Null);
}
