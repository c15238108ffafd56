//! `GET /api/v1/health` over real HTTP, driven by the IdP simulator and by a rotated-out token:
//! a new connection is healthy with no request yet, a sync full of failures turns it failing
//! with the cause and the next step, a good sync brings it back, and a token that keeps being
//! refused is failing at once. A project sees only its own connections.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use scim_sync_server::simulate::{self, Options, Scenario};
use serde_json::Value;
use support::*;

async fn health(app: &TestApp) -> Vec<Value> {
    let (status, body) = app.admin_get("/health").await;
    assert_eq!(status, 200, "{body}");
    body.as_array().expect("a list").clone()
}

async fn simulate(app: &TestApp, scenario: Scenario, users: u32) {
    let mut options = Options::new(&app.base, SCIM_TOKEN, scenario);
    options.admin_token = Some(ADMIN_TOKEN.into());
    options.users = Some(users);
    options.groups = Some(0);
    simulate::run(&options, false)
        .await
        .expect("the simulator runs to the end");
}

#[tokio::test]
async fn a_new_connection_is_healthy_and_a_project_sees_only_its_own_connections() {
    let app = spawn_app().await;
    let other = app.second_project("B").await;

    let ours = health(&app).await;
    let (status, theirs) = app
        .json_as(&other.admin, Method::GET, "/api/v1/health", None)
        .await;

    assert_eq!(ours.len(), 1, "{ours:?}");
    assert_eq!(ours[0]["state"], "healthy");
    assert_eq!(ours[0]["cause"]["kind"], "no_request_yet");
    assert!(ours[0]["last_request_at"].is_null());
    assert_eq!(status, 200);
    let theirs = theirs.as_array().unwrap();
    assert_eq!(theirs.len(), 1, "{theirs:?}");
    assert_eq!(theirs[0]["connection_id"], other.connection_id);
    assert_eq!(theirs[0]["connection"], "Okta production");
    assert_ne!(theirs[0]["connection_id"], ours[0]["connection_id"]);
}

#[tokio::test]
async fn a_sync_full_of_failures_turns_the_connection_failing_and_a_good_sync_brings_it_back() {
    let app = spawn_app_with_seats(2).await;

    simulate(&app, Scenario::LicenceLimit, 30).await;
    let degraded = health(&app).await.remove(0);
    // Then a broken attribute mapping: every User arrives without a userName.
    for i in 0..40 {
        let status = app
            .post_user_without_user_name(&format!("broken{i}@example.com"))
            .await;
        assert_eq!(status, 400);
    }
    let failing = health(&app).await.remove(0);

    assert_eq!(degraded["state"], "degraded", "{degraded}");
    assert_eq!(degraded["cause"]["top"], "licence_limit", "{degraded}");
    assert_eq!(failing["state"], "failing", "{failing}");
    assert_eq!(failing["cause"]["kind"], "failure_rate", "{failing}");
    assert_eq!(failing["cause"]["top"], "validation", "{failing}");
    assert!(
        failing["summary"]
            .as_str()
            .unwrap()
            .contains("requests failed"),
        "{failing}"
    );
    assert!(!failing["next_step"].as_str().unwrap().is_empty());
    assert_eq!(failing["idp"], "okta");
    assert!(failing["last_request_at"].is_string());

    // Onboarding raises the seat limit first: hundreds of successes fill the window.
    simulate(&app, Scenario::Onboarding, 150).await;
    let healthy = health(&app).await.remove(0);

    assert_eq!(healthy["state"], "healthy", "{healthy}");
    assert_eq!(healthy["cause"]["kind"], "working");
}

#[tokio::test]
async fn a_token_that_keeps_being_refused_is_failing_with_the_auth_remedy() {
    let app = spawn_app().await;
    let other = app.second_project("B").await;
    let (_, connections) = app
        .json_as(&other.admin, Method::GET, "/api/v1/connections", None)
        .await;
    let token_id = connections[0]["tokens"][0]["id"].as_i64().unwrap();
    let revoked = app
        .request_as(
            &other.admin,
            Method::DELETE,
            &format!(
                "/api/v1/connections/{}/tokens/{token_id}",
                other.connection_id
            ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);

    for _ in 0..3 {
        let refused = app
            .request_as(&other.scim, Method::GET, "/scim/v2/Users?count=1")
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 401);
    }
    let (_, report) = app
        .json_as(&other.admin, Method::GET, "/api/v1/health", None)
        .await;

    let connection = &report[0];
    assert_eq!(connection["state"], "failing", "{connection}");
    assert_eq!(connection["cause"]["kind"], "token_refused");
    assert_eq!(connection["cause"]["streak"], 3);
    assert!(
        connection["summary"]
            .as_str()
            .unwrap()
            .starts_with("The latest 3 requests were refused: Okta"),
        "{connection}"
    );
    // Project A's own connection saw none of it.
    assert_eq!(health(&app).await[0]["cause"]["kind"], "no_request_yet");
}

#[tokio::test]
async fn a_project_judges_its_connections_by_its_own_thresholds_and_bad_ones_change_nothing() {
    let app = spawn_app().await;
    let other = app.second_project("B").await;
    let defaults = app.admin_get("/health/thresholds").await.1;
    let mut strict = defaults.clone();
    strict["min_requests"] = 1.into();
    strict["degraded_percent"] = 1.into();
    strict["failing_percent"] = 2.into();

    let mut upside_down = strict.clone();
    upside_down["degraded_percent"] = 50.into();
    let refused = app
        .admin_send(Method::PUT, "/health/thresholds", &upside_down)
        .await;
    assert_eq!(refused.status(), 400);
    let refusal: Value = refused.json().await.unwrap();
    assert_eq!(refusal["code"], "bad_request");
    assert!(
        refusal["message"].as_str().unwrap().contains("degraded"),
        "{refusal}"
    );
    assert_eq!(app.admin_get("/health/thresholds").await.1, defaults);

    let set = app
        .admin_send(Method::PUT, "/health/thresholds", &strict)
        .await;
    assert_eq!(set.status(), 200);
    assert_eq!(set.json::<Value>().await.unwrap(), strict);
    assert_eq!(
        app.post_user_without_user_name("one@example.com").await,
        400
    );

    // One failure of one request: failing by these thresholds, too few to judge by the defaults.
    let ours = health(&app).await.remove(0);
    assert_eq!(ours["state"], "failing", "{ours}");
    assert_eq!(ours["cause"]["of"], 1);
    let (_, theirs) = app
        .json_as(&other.admin, Method::GET, "/api/v1/health/thresholds", None)
        .await;
    assert_eq!(theirs, defaults);
    let (_, audit) = app.admin_get("/audit").await;
    let entries = audit["items"].as_array().unwrap();
    let changes: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "health_thresholds")
        .collect();
    assert_eq!(changes.len(), 1, "{audit}");
    assert!(
        changes[0]["summary"]
            .as_str()
            .unwrap()
            .contains("failing from 2%"),
        "{audit}"
    );
}

#[tokio::test]
async fn a_change_of_health_reaches_the_projects_live_stream() {
    let app = spawn_app_with(|config| config.health_check_ms = 100).await;
    let mut stream = app.open_stream(None).await;
    let mut strict = app.admin_get("/health/thresholds").await.1;
    strict["min_requests"] = 1.into();
    let set = app
        .admin_send(Method::PUT, "/health/thresholds", &strict)
        .await;
    assert_eq!(set.status(), 200);

    assert_eq!(
        app.post_user_without_user_name("one@example.com").await,
        400
    );
    let message = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        next_health_message(&mut stream),
    )
    .await
    .expect("the watcher announces the change");

    assert_eq!(message["type"], "health");
    assert_eq!(message["connection"]["state"], "failing", "{message}");
    assert_eq!(message["connection"]["cause"]["kind"], "failure_rate");
}

/// The data of the next complete `health` event on `stream`, as JSON.
async fn next_health_message(stream: &mut reqwest::Response) -> Value {
    let mut received = String::new();
    loop {
        let complete = received.rfind("\n\n").map_or("", |end| &received[..end]);
        let data = complete
            .split("\n\n")
            .filter(|event| event.lines().any(|l| l == "event: health"))
            .find_map(|event| event.lines().find_map(|l| l.strip_prefix("data: ")));
        if let Some(data) = data {
            return serde_json::from_str(data).expect("a health message is JSON");
        }
        received.push_str(&read_until(stream, "\n\n").await);
    }
}
