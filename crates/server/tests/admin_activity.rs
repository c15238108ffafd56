//! The Activity page's API: every audited admin action, filtered by action, admin, text and
//! time, paged by keyset; and each one announced on its project's live stream only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::*;

/// Three actions: two settings changes and an invite, by the test's admin token.
async fn app_with_three_actions() -> TestApp {
    let app = spawn_app_with_seats(5).await;
    app.settings(json!({"seat_limit": 6})).await;
    app.invite("reader@example.com", "reader").await;
    app.settings(json!({"seat_limit": 7})).await;
    app
}

fn actions(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_audit_log_filters_by_action_admin_and_text_and_counts_what_matches() {
    let app = app_with_three_actions().await;

    let (status, all) = app.admin_get("/audit").await;
    assert_eq!(status, 200);
    assert_eq!(
        actions(&all),
        ["settings", "invite", "settings"],
        "newest first"
    );
    assert_eq!(all["total"], 3);
    let actor = all["items"][0]["actor"].as_str().unwrap().to_owned();

    let (_, settings) = app.admin_get("/audit?action=settings").await;
    assert_eq!(actions(&settings), ["settings", "settings"]);
    assert_eq!(settings["total"], 2);

    let (_, by_actor) = app.admin_get(&format!("/audit?actor={actor}")).await;
    assert_eq!(by_actor["total"], 3);
    let (_, nobody) = app.admin_get("/audit?actor=somebody-else").await;
    assert_eq!(nobody["total"], 0);

    let (_, text) = app.admin_get("/audit?q=READER%40example").await;
    assert_eq!(actions(&text), ["invite"], "{text}");

    let (_, future) = app.admin_get("/audit?since=2999-01-01T00:00:00Z").await;
    assert_eq!(future["total"], 0);
    let (_, past) = app.admin_get("/audit?until=2999-01-01T00:00:00Z").await;
    assert_eq!(past["total"], 3);
}

#[tokio::test]
async fn the_audit_log_pages_by_keyset_without_repeating_or_skipping() {
    let app = app_with_three_actions().await;

    let (_, first) = app.admin_get("/audit?limit=2").await;
    assert_eq!(actions(&first), ["settings", "invite"]);
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let (_, second) = app
        .admin_get(&format!("/audit?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(actions(&second), ["settings"]);
    assert_eq!(second["next_cursor"], Value::Null);
    assert_eq!(
        second["total"],
        Value::Null,
        "counted on the first page only"
    );
    assert_eq!(second["items"][0]["summary"], all_summaries(&app).await[2]);
}

async fn all_summaries(app: &TestApp) -> Vec<Value> {
    let (_, all) = app.admin_get("/audit").await;
    all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["summary"].clone())
        .collect()
}

#[tokio::test]
async fn a_filter_the_api_does_not_know_is_a_400_that_says_why() {
    let app = spawn_app().await;

    let (status, body) = app.admin_get("/audit?action=drop_tables").await;
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("drop_tables"),
        "{body}"
    );
    let (status, body) = app.admin_get("/audit?since=yesterday").await;
    assert_eq!(status, 400);
    assert!(
        body["message"].as_str().unwrap().contains("since"),
        "{body}"
    );
}

#[tokio::test]
async fn an_audited_action_is_announced_on_its_projects_stream_and_a_refused_one_is_not() {
    let app = spawn_app_with_seats(5).await;
    let mut stream = app.open_stream(None).await;

    let refused = app
        .admin_send(Method::PUT, "/settings", &json!({"seat_limit": -1}))
        .await;
    assert_eq!(refused.status(), 400);
    app.create_user_id("between@example.com", true).await;
    app.settings(json!({"seat_limit": 6})).await;

    let received = read_until(&mut stream, "event: activity").await;
    let (before, _) = received.split_once("event: activity").unwrap();
    assert!(
        before.contains("between@example.com"),
        "the refused change announced nothing, the accepted one did: {received}"
    );
}

#[tokio::test]
async fn another_projects_action_is_not_announced_on_this_projects_stream() {
    let app = spawn_app_with_seats(5).await;
    let other = app.second_project("Other").await;
    let (_, ticket) = app
        .json_as(
            &other.admin,
            Method::POST,
            "/api/v1/stream/ticket",
            Some(&json!({})),
        )
        .await;
    let mut others_stream = app
        .client
        .get(format!(
            "{}/api/v1/stream?ticket={}",
            app.base,
            ticket["ticket"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap();

    // What the other project published before its stream opened (its own connection's
    // creation) may still be on its way through PostgreSQL's relay: a request of its own,
    // heard on the stream, comes after all of it (the relay keeps the order).
    let create_others = |user_name: &str| {
        app.request_as(&other.scim, Method::POST, "/scim/v2/Users")
            .body(okta_user(user_name, false).to_string())
            .send()
    };
    assert_eq!(
        create_others("first@example.com").await.unwrap().status(),
        201
    );
    read_until(&mut others_stream, "first@example.com").await;

    app.settings(json!({"seat_limit": 6})).await;
    assert_eq!(
        create_others("others@example.com").await.unwrap().status(),
        201
    );

    let received = read_until(&mut others_stream, "others@example.com").await;
    assert!(!received.contains("event: activity"), "{received}");
}
