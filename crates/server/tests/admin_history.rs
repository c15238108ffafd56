//! The admin API's history endpoints over real HTTP: runs, failures (filters, keyset pages,
//! CSV), event detail, retry, people, audit, and the live stream.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::*;

/// Three successes and four failures of three categories, in one run.
async fn seeded() -> TestApp {
    let app = spawn_app_with_seats(1).await;
    app.create_user_id("one@example.com", true).await;
    app.create_user_id("reader@example.com", false).await;
    app.create_user(&okta_user("two@example.com", true)).await; // licence_limit
    app.create_user(&okta_user("three@example.com", true)).await; // licence_limit
    app.create_user(&okta_user("reader@example.com", false))
        .await; // duplicate_user
    app.create_user(&json!({"displayName": "no user name"}))
        .await; // validation
    app.create_group("Docs", &[]).await;
    app
}

#[tokio::test]
async fn runs_list_newest_first_with_counts_by_category() {
    let app = seeded().await;

    let (status, page) = app.admin_get("/runs").await;

    assert_eq!(status, 200);
    let run = &page["items"][0];
    assert_eq!(run["requests"], 7);
    assert_eq!(run["failures"], 4);
    assert_eq!(
        run["failures_by_category"][0],
        json!({"category": "licence_limit", "count": 2})
    );
    let (_, one) = app.admin_get(&format!("/runs/{}", run["id"])).await;
    assert_eq!(one["id"], run["id"]);
    assert_eq!(app.admin_get("/runs/999").await.0, 404);
}

#[tokio::test]
async fn failures_filter_by_category_and_text_and_page_by_cursor() {
    let app = seeded().await;

    let (_, licence) = app.admin_get("/failures?category=licence_limit").await;
    let (_, text) = app.admin_get("/failures?q=THREE").await;
    let (_, first) = app.admin_get("/failures?limit=3").await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, second) = app
        .admin_get(&format!("/failures?limit=3&cursor={cursor}"))
        .await;

    assert_eq!(licence["total"], 2);
    assert!(
        licence["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["category"] == "licence_limit")
    );
    assert_eq!(text["total"], 1);
    assert_eq!(text["items"][0]["target_name"], "three@example.com");
    assert_eq!(first["total"], 4);
    assert_eq!(first["items"].as_array().unwrap().len(), 3);
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["next_cursor"], Value::Null);
    assert_eq!(
        second["total"],
        Value::Null,
        "the total comes with the first page only"
    );
    let ids: Vec<i64> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first: {ids:?}");
}

#[tokio::test]
async fn bad_failure_filters_are_a_400_in_the_api_error_shape() {
    let app = seeded().await;
    for query in ["category=nope", "since=yesterday", "cursor=abc"] {
        let (status, body) = app.admin_get(&format!("/failures?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(body["code"], "bad_request");
    }
}

#[tokio::test]
async fn the_csv_export_holds_the_filtered_failures() {
    let app = seeded().await;

    let response = app
        .admin("/failures.csv?category=licence_limit")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("id,occurred_at,idp"));
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().skip(1).all(|l| l.contains("licence_limit")));
}

#[tokio::test]
async fn an_event_shows_its_redacted_request_and_retry_records_a_linked_event() {
    let app = seeded().await;
    let (_, failures) = app.admin_get("/failures?category=licence_limit").await;
    let id = failures["items"][0]["id"].as_i64().unwrap();

    let (_, detail) = app.admin_get(&format!("/events/{id}")).await;
    let body = detail["request_body"].as_str().unwrap();
    assert!(
        !body.contains("should-never-be-stored"),
        "passwords are redacted: {body}"
    );
    assert!(body.contains("three@example.com"));
    assert_eq!(detail["user_agent"], OKTA_USER_AGENT);
    // The remedy comes with the failure, in the words of the IdP that sent it.
    assert_eq!(detail["explanation"]["category"], "licence_limit");
    assert_eq!(detail["explanation"]["idp"], "okta");
    let steps = detail["explanation"]["steps"].to_string();
    assert!(steps.contains("Retry All Groups"), "{steps}");

    app.settings(json!({"seat_limit": 2})).await;
    let retry = app
        .admin_send(Method::POST, &format!("/events/{id}/retry"), &json!({}))
        .await;

    assert_eq!(retry.status(), 200);
    let outcome: Value = retry.json().await.unwrap();
    assert_eq!(outcome["event"]["retry_of"], id);
    assert_eq!(outcome["event"]["status"], 201);
    assert_eq!(outcome["event"]["category"], Value::Null);
    let (_, again) = app.admin_get(&format!("/events/{id}")).await;
    assert_eq!(again["retries"][0]["id"], outcome["event"]["id"]);
    let retry_id = outcome["event"]["id"].as_i64().unwrap();
    let (_, succeeded) = app.admin_get(&format!("/events/{retry_id}")).await;
    assert_eq!(
        succeeded["explanation"],
        Value::Null,
        "a success has nothing to remedy"
    );
    assert_eq!(app.status().await["seats"]["used"], 2);
    let (_, audit) = app.admin_get("/audit").await;
    assert_eq!(audit["items"][0]["action"], "retry");
    assert_eq!(audit["items"][1]["action"], "settings");
}

#[tokio::test]
async fn the_people_list_separates_users_and_readers_and_searches() {
    let app = seeded().await;
    app.invite("native@example.com", "reader").await;

    let (_, readers) = app.admin_get("/identities?kind=reader").await;
    let (_, native) = app.admin_get("/identities?origin=project").await;
    let (_, search) = app.admin_get("/identities?q=ONE@").await;
    let (_, first) = app.admin_get("/identities?limit=1").await;
    let (_, second) = app
        .admin_get(&format!(
            "/identities?limit=1&cursor={}",
            first["next_cursor"].as_str().unwrap()
        ))
        .await;

    assert_eq!(readers["total"], 2);
    assert!(
        readers["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] == "reader")
    );
    assert_eq!(native["items"][0]["email"], "native@example.com");
    assert_eq!(native["items"][0]["origin"], "project");
    assert_eq!(search["total"], 1);
    assert_eq!(search["items"][0]["user_name"], "one@example.com");
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
}

#[tokio::test]
async fn an_identity_timeline_lists_the_requests_about_it() {
    let app = spawn_app().await;
    let id = app.create_user_id("timeline@example.com", true).await;
    app.scim_patch(
        &format!("/Users/{id}"),
        json!([{"op": "replace", "value": {"active": false}}]),
    )
    .await;

    let (status, timeline) = app.admin_get(&format!("/identities/{id}/timeline")).await;

    assert_eq!(status, 200);
    let methods: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["PATCH", "POST"]);
}

#[tokio::test]
async fn the_live_stream_needs_a_ticket_and_sends_new_sync_events() {
    let app = spawn_app().await;
    let refused = app
        .client
        .get(format!("{}/api/v1/stream?ticket=made-up", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let mut stream = app.open_stream(None).await;
    assert_eq!(stream.status(), 200);

    app.create_user_id("live@example.com", false).await;

    let received = read_until(&mut stream, "event: run").await;
    assert!(received.contains("event: sync_event"));
    assert!(received.contains("live@example.com"));
}

#[tokio::test]
async fn settings_read_back_what_was_set_and_each_change_is_audited() {
    let app = spawn_app().await;

    app.settings(json!({"seat_limit": 7})).await;
    app.settings(json!({"scim_enabled": false})).await;

    let (status, settings) = app.admin_get("/settings").await;
    assert_eq!(status, 200);
    assert_eq!(settings, json!({"scim_enabled": false, "seat_limit": 7}));
    let (_, audit) = app.admin_get("/audit").await;
    let summaries: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["summary"].as_str().unwrap())
        .collect();
    assert_eq!(summaries, ["SCIM off", "seat limit 7"]);
    assert_eq!(audit["items"][0]["actor"], "admin");
}

#[tokio::test]
async fn a_malformed_settings_body_is_a_400_and_changes_nothing() {
    let app = spawn_app_with_seats(3).await;

    let response = app
        .admin_send(Method::PUT, "/settings", &json!({"seat_limit": "lots"}))
        .await;

    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "bad_request");
    assert_eq!(app.admin_get("/settings").await.1["seat_limit"], 3);
}

#[tokio::test]
async fn a_group_timeline_lists_the_requests_about_it() {
    let app = spawn_app().await;
    let group = app.create_group("Timeline", &[]).await;
    let id = group["id"].as_str().unwrap();
    app.scim_patch(
        &format!("/Groups/{id}"),
        json!([{"op": "replace", "path": "displayName", "value": "Renamed"}]),
    )
    .await;

    let (status, timeline) = app.admin_get(&format!("/groups/{id}/timeline")).await;

    assert_eq!(status, 200);
    let statuses: Vec<i64> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_i64().unwrap())
        .collect();
    assert_eq!(statuses, [200, 201]);
}

#[tokio::test]
async fn inviting_an_email_that_is_taken_is_a_409_and_a_bad_email_a_400() {
    let app = spawn_app().await;
    app.invite("taken@example.com", "reader").await;

    let taken = app
        .admin_send(
            Method::POST,
            "/identities",
            &json!({"email": "TAKEN@example.com", "kind": "user"}),
        )
        .await;
    let bad = app
        .admin_send(
            Method::POST,
            "/identities",
            &json!({"email": "not-an-email", "kind": "user"}),
        )
        .await;

    assert_eq!(taken.status(), 409);
    assert_eq!(bad.status(), 400);
    assert_eq!(app.status().await["seats"]["used"], 0);
}

#[tokio::test]
async fn a_user_names_timeline_holds_its_failed_create_and_what_came_after_in_any_case() {
    let app = spawn_app_with_seats(0).await;
    let other = app.second_project("B").await;
    // No seat: the create fails, with no target id to ask a timeline by.
    let refused = app.create_user(&okta_user("late@example.com", true)).await;
    assert_eq!(refused.status(), 403);
    app.settings(json!({"seat_limit": 1})).await;
    let id = app.create_user_id("late@example.com", true).await;
    let patched = app
        .scim_patch(
            &format!("/Users/{id}"),
            json!([{"op": "replace", "path": "displayName", "value": "Late Person"}]),
        )
        .await;
    assert_eq!(patched.status(), 200);
    // Another project's request for the same userName is not ours.
    let theirs = app
        .request_as(&other.scim, Method::POST, "/scim/v2/Users")
        .body(okta_user("late@example.com", false).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 201);

    let (status, timeline) = app
        .admin_get("/timeline?user_name=LATE%40example.com")
        .await;

    assert_eq!(status, 200, "{timeline}");
    let events = timeline.as_array().unwrap();
    let shape: Vec<(&str, u64)> = events
        .iter()
        .map(|e| (e["method"].as_str().unwrap(), e["status"].as_u64().unwrap()))
        .collect();
    assert_eq!(shape, [("PATCH", 200), ("POST", 201), ("POST", 403)]);
    assert_eq!(events[2]["category"], "licence_limit");
    assert!(events[2]["target_id"].is_null());
    let (status, refusal) = app.admin_get("/timeline?user_name=%20").await;
    assert_eq!(status, 400);
    assert_eq!(refusal["code"], "bad_request");
}
