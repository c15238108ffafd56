//! The admin and operator APIs as an outsider tries them: every request no credential
//! authenticates is refused with 401 and counted for its source in the operator's list of
//! refused requests, with its method and path and nothing else.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::Value;
use support::{OPERATOR_TOKEN, SCIM_TOKEN, TestApp, spawn_app};

async fn refused_sources(app: &TestApp) -> Value {
    let (status, refused) = app
        .json_as(
            OPERATOR_TOKEN,
            Method::GET,
            "/api/v1/operator/refused",
            None,
        )
        .await;
    assert_eq!(status, 200);
    refused
}

/// A stream ticket, used once.
async fn used_ticket(app: &TestApp) -> String {
    let ticket: Value = app
        .admin_send(Method::POST, "/stream/ticket", &serde_json::json!({}))
        .await
        .json()
        .await
        .unwrap();
    let ticket = ticket["ticket"].as_str().unwrap().to_owned();
    let opened = app
        .client
        .get(format!("{}/api/v1/stream?ticket={ticket}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 200);
    drop(opened);
    ticket
}

#[tokio::test]
async fn every_unauthenticated_admin_or_operator_request_is_refused_and_counted_for_its_source() {
    let app = spawn_app().await;
    let ticket = used_ticket(&app).await;
    let url = |path: &str| format!("{}/api/v1{path}", app.base);

    let attempts = [
        ("no token", app.client.get(url("/status"))),
        (
            "a token nobody issued",
            app.client.get(url("/failures")).bearer_auth("made-up"),
        ),
        (
            "a SCIM token on the admin API",
            app.client.get(url("/settings")).bearer_auth(SCIM_TOKEN),
        ),
        (
            "a made-up session cookie",
            app.client
                .delete(url("/session"))
                .header("cookie", "ssd_session=made-up"),
        ),
        (
            "a replayed stream ticket",
            app.client.get(url(&format!("/stream?ticket={ticket}"))),
        ),
        (
            "an admin token on the operator API",
            app.client
                .get(url("/operator/projects"))
                .bearer_auth(support::ADMIN_TOKEN),
        ),
    ];
    let count = attempts.len();
    for (what, request) in attempts {
        let refused = request.send().await.unwrap();
        assert_eq!(refused.status(), 401, "{what}");
    }

    let refused = refused_sources(&app).await;
    assert_eq!(refused[0]["source"], "127.0.0.1", "{refused}");
    assert_eq!(refused[0]["requests"], count, "{refused}");
    assert_eq!(refused[0]["last_status"], 401, "{refused}");
    assert_eq!(
        refused[0]["last_request"], "GET /api/v1/operator/projects",
        "{refused}"
    );
    assert!(
        !refused.to_string().contains(&ticket),
        "the ticket is not kept"
    );
}

#[tokio::test]
async fn a_replayed_stream_ticket_is_told_so_and_an_accepted_request_is_not_counted() {
    let app = spawn_app().await;
    let ticket = used_ticket(&app).await;

    let replayed = app
        .client
        .get(format!("{}/api/v1/stream?ticket={ticket}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), 401);
    let body: Value = replayed.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("stream ticket"),
        "{body}"
    );
    let (status, _) = app.admin_get("/status").await;
    assert_eq!(status, 200);

    let refused = refused_sources(&app).await;
    assert_eq!(refused[0]["requests"], 1, "{refused}");
    assert_eq!(
        refused[0]["last_request"], "GET /api/v1/stream",
        "{refused}"
    );
}
