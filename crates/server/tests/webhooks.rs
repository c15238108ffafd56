//! Webhooks end to end over real HTTP: an admin adds an endpoint (its secret shown once),
//! "send test event" reaches a receiver on loopback signed with that secret, a receiver that
//! answers 500 gets the same delivery again (same id, to de-duplicate by), a failed run and a
//! re-push are delivered, a rotated secret signs from then on, a private address is never
//! contacted, and another project's admin reaches none of it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::http::StatusCode;
use reqwest::Method;
use serde_json::{Value, json};
use support::receiver::Receiver;
use support::*;

async fn app() -> TestApp {
    spawn_app_with(|config| {
        config.webhook_allow_loopback = true;
        config.webhook_first_retry_ms = 20;
        config.run_idle_gap_secs = 1;
        config.health_check_ms = 100;
    })
    .await
}

/// Adds an endpoint: its id and secret.
async fn add(app: &TestApp, url: &str) -> (i64, String) {
    let (status, body) = app
        .json_as(
            ADMIN_TOKEN,
            Method::POST,
            "/api/v1/webhooks",
            Some(&json!({"url": url})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["endpoint"]["url"], url);
    let secret = body["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("ssd_whsec_"));
    (body["endpoint"]["id"].as_i64().unwrap(), secret)
}

async fn send_test(app: &TestApp, token: &str, id: i64) -> (u16, Value) {
    app.json_as(
        token,
        Method::POST,
        &format!("/api/v1/webhooks/{id}/test"),
        None,
    )
    .await
}

async fn endpoints(app: &TestApp) -> Vec<Value> {
    let (status, body) = app.admin_get("/webhooks").await;
    assert_eq!(status, 200);
    body.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_test_event_reaches_the_receiver_signed_with_the_secret_shown_once() {
    let app = app().await;
    let mut receiver = Receiver::start("", Vec::new()).await;
    let (id, secret) = add(&app, &format!("{}/hook", receiver.url)).await;
    receiver.set_secret(&secret);

    let (status, queued) = send_test(&app, ADMIN_TOKEN, id).await;
    let received = receiver.wait_for(1).await;

    assert_eq!(status, 202);
    assert_eq!(received[0].delivery_id, queued["delivery_id"]);
    assert_eq!(received[0].event_type, "test");
    assert!(received[0].verified);
    assert_eq!(received[0].body["type"], "test");
    assert_eq!(received[0].body["data"]["sent_by"], "admin");
    let listed = endpoints(&app).await;
    assert!(
        !listed.iter().any(|e| e.to_string().contains(&secret)),
        "the secret is never listed"
    );
    let (_, audit) = app.admin_get("/audit").await;
    assert!(
        audit.to_string().contains("Added the webhook endpoint"),
        "{audit}"
    );
}

#[tokio::test]
async fn a_receiver_that_answers_500_gets_the_same_delivery_again_until_it_takes_it() {
    let app = app().await;
    let mut receiver = Receiver::start("", vec![StatusCode::INTERNAL_SERVER_ERROR; 2]).await;
    let (id, secret) = add(&app, &format!("{}/hook", receiver.url)).await;
    receiver.set_secret(&secret);

    send_test(&app, ADMIN_TOKEN, id).await;
    let received = receiver.wait_for(3).await;

    assert!(received.iter().all(|r| r.verified));
    assert!(
        received
            .iter()
            .all(|r| r.delivery_id == received[0].delivery_id),
        "one delivery id on every attempt: {received:?}"
    );
    // The receiver de-duplicates by that id: one event, whatever the attempts.
    let mut ids: Vec<_> = received.iter().map(|r| r.delivery_id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 1);
    // The third attempt was taken: the delivery is listed as delivered after three attempts.
    let delivered = loop {
        let delivery = endpoints(&app).await[0]["deliveries"][0].clone();
        if delivery["state"] != "pending" {
            break delivery;
        }
        tokio::task::yield_now().await;
    };
    assert_eq!(delivered["state"], "delivered", "{delivered}");
    assert_eq!(delivered["attempts"], 3);
    assert_eq!(delivered["last_status"], 200);
}

#[tokio::test]
async fn a_failed_run_and_a_repush_are_delivered() {
    let app = app().await;
    let mut receiver = Receiver::start("", Vec::new()).await;
    let (_, secret) = add(&app, &format!("{}/hook", receiver.url)).await;
    receiver.set_secret(&secret);

    // A run with a failure: a User without a userName. It ends after the idle gap (1 s).
    assert_eq!(
        app.post_user_without_user_name("broken@example.com").await,
        400
    );
    let received = receiver.wait_for(1).await;

    assert_eq!(received[0].event_type, "run.failed");
    assert!(received[0].verified);
    assert_eq!(received[0].body["data"]["run"]["failures"], 1);
    assert_eq!(received[0].body["data"]["run"]["status"], "failed");

    // A re-push of a group.
    let group = app
        .scim(Method::POST, "/Groups")
        .json(&json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Engineering"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(group.status(), 201);
    let group: Value = group.json().await.unwrap();
    let (status, body) = app
        .json_as(
            ADMIN_TOKEN,
            Method::POST,
            "/api/v1/repush",
            Some(&json!({"group_ids": [group["id"]]})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let received = receiver.wait_for(2).await;
    let repushed = received
        .iter()
        .find(|r| r.event_type == "repush.completed")
        .expect("a repush.completed delivery");
    assert_eq!(repushed.body["data"]["group_ids"][0], group["id"]);
}

#[tokio::test]
async fn a_connection_whose_token_keeps_being_refused_turns_failing_once_as_an_event() {
    let app = app().await;
    let mut receiver = Receiver::start("", Vec::new()).await;
    let (_, secret) = add(&app, &format!("{}/hook", receiver.url)).await;
    receiver.set_secret(&secret);
    let (_, old) = app
        .json_as(
            ADMIN_TOKEN,
            Method::POST,
            "/api/v1/connections",
            Some(&json!({"name": "Okta (old)"})),
        )
        .await;
    let connection = old["connection_id"].as_i64().unwrap();
    let token = old["summary"]["id"].as_i64().unwrap();
    assert_eq!(app.revoke_token(connection, token).await, 204);

    // The IdP still holds the revoked token.
    for _ in 0..4 {
        let refused = app
            .request_as(
                old["token"].as_str().unwrap(),
                Method::GET,
                "/scim/v2/Users",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 401);
    }
    let received = receiver.wait_for(1).await;

    assert_eq!(received[0].event_type, "health.changed");
    assert!(received[0].verified);
    let data = &received[0].body["data"];
    assert_eq!(data["before"], "healthy");
    assert_eq!(data["connection"]["connection_id"], connection);
    assert_eq!(data["connection"]["state"], "failing");
    assert_eq!(data["connection"]["cause"]["kind"], "token_refused");
    // The state is recorded: judging it again queues nothing, so the next delivery this
    // receiver gets is the test event sent now, and the endpoint lists one health event.
    let (_, test) = send_test(&app, ADMIN_TOKEN, 1).await;
    let received = receiver.wait_for(2).await;
    assert_eq!(received[1].delivery_id, test["delivery_id"]);
    let listed = endpoints(&app).await[0]["deliveries"].clone();
    let health_events = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["event_type"] == "health.changed")
        .count();
    assert_eq!(health_events, 1, "{listed}");
}

#[tokio::test]
async fn a_rotated_secret_signs_from_then_on() {
    let app = app().await;
    let mut receiver = Receiver::start("", Vec::new()).await;
    let (id, old) = add(&app, &format!("{}/hook", receiver.url)).await;

    let (status, rotated) = app
        .json_as(
            ADMIN_TOKEN,
            Method::POST,
            &format!("/api/v1/webhooks/{id}/secret"),
            None,
        )
        .await;
    let new = rotated["secret"].as_str().unwrap();
    receiver.set_secret(&old);
    send_test(&app, ADMIN_TOKEN, id).await;
    let with_old = receiver.wait_for(1).await;
    receiver.set_secret(new);
    send_test(&app, ADMIN_TOKEN, id).await;
    let with_new = receiver.wait_for(2).await;

    assert_eq!(status, 200);
    assert_ne!(new, old);
    assert!(rotated["endpoint"]["secret_rotated_at"].is_string());
    assert!(
        !with_old[0].verified,
        "the old secret signs nothing any more"
    );
    assert!(with_new[1].verified);
}

#[tokio::test]
async fn a_private_or_plain_http_destination_is_refused_and_nothing_else_is_affected() {
    let app = app().await;

    let (status, body) = app
        .json_as(
            ADMIN_TOKEN,
            Method::POST,
            "/api/v1/webhooks",
            Some(&json!({"url": "http://hooks.example.com/ssd"})),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["message"], "webhooks are delivered over HTTPS only.");

    // A private address passes the form check; the delivery is refused before any contact,
    // marked with the reason and kept for a retry.
    let (id, _) = add(&app, "https://10.1.2.3/hook").await;
    send_test(&app, ADMIN_TOKEN, id).await;
    let delivery = loop {
        let delivery = endpoints(&app).await[0]["deliveries"][0].clone();
        if delivery["attempts"].as_u64().unwrap() > 0 {
            break delivery;
        }
        tokio::task::yield_now().await;
    };
    assert!(
        delivery["last_error"]
            .as_str()
            .unwrap()
            .contains("a private address, which webhooks may not reach"),
        "{delivery}"
    );
    assert!(delivery["last_status"].is_null());
    // SCIM goes on as before.
    let created = app
        .scim(Method::POST, "/Users")
        .json(&okta_user("ada@example.com", true))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
}

#[tokio::test]
async fn another_projects_admin_reaches_no_endpoint() {
    let app = app().await;
    let other = app.second_project("B").await;
    let (id, _) = add(&app, "https://hooks.example.com/a").await;

    let (listed, theirs) = app
        .json_as(&other.admin, Method::GET, "/api/v1/webhooks", None)
        .await;
    let (tested, _) = send_test(&app, &other.admin, id).await;
    let (rotated, _) = app
        .json_as(
            &other.admin,
            Method::POST,
            &format!("/api/v1/webhooks/{id}/secret"),
            None,
        )
        .await;
    let deleted = app
        .request_as(
            &other.admin,
            Method::DELETE,
            &format!("/api/v1/webhooks/{id}"),
        )
        .send()
        .await
        .unwrap()
        .status();
    let (_, scim) = app
        .json_as(SCIM_TOKEN, Method::GET, "/api/v1/webhooks", None)
        .await;

    assert_eq!(listed, 200);
    assert_eq!(theirs, json!([]));
    assert_eq!((tested, rotated, deleted.as_u16()), (404, 404, 404));
    assert_eq!(
        scim["code"], "unauthorized",
        "a SCIM token is no admin credential"
    );
    assert_eq!(
        endpoints(&app).await.len(),
        1,
        "still there, secret unchanged"
    );
    assert!(endpoints(&app).await[0]["secret_rotated_at"].is_null());
}

#[tokio::test]
async fn a_failed_run_whose_server_stopped_before_its_end_is_announced_once_after_the_restart() {
    // The first server would notice the run's end only after a minute: it stops long before.
    let first = spawn_app_with(|config| {
        config.webhook_allow_loopback = true;
        config.run_idle_gap_secs = 60;
    })
    .await;
    let mut receiver = Receiver::start("", Vec::new()).await;
    let (endpoint, secret) = add(&first, &format!("{}/hook", receiver.url)).await;
    receiver.set_secret(&secret);
    assert_eq!(
        first
            .post_user_without_user_name("broken@example.com")
            .await,
        400
    );
    let TestApp { data_dir, .. } = first;
    // Longer than the restarted server's idle gap: for it, the run has ended.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;

    let restarted = spawn_app_in(data_dir, |config| {
        config.webhook_allow_loopback = true;
        config.webhook_first_retry_ms = 20;
        config.run_idle_gap_secs = 1;
        config.health_check_ms = 100;
    })
    .await;
    let received = receiver.wait_for(1).await;

    assert_eq!(received[0].event_type, "run.failed");
    assert!(received[0].verified);
    assert_eq!(received[0].body["data"]["run"]["failures"], 1);
    let listed = endpoints(&restarted).await;
    let ours = listed.iter().find(|e| e["id"] == endpoint).unwrap();
    let run_failed: Vec<&Value> = ours["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["event_type"] == "run.failed")
        .collect();
    assert_eq!(run_failed.len(), 1, "{ours}");
}
