//! Signing in: an admin token becomes a server-side session in an HttpOnly cookie (writes need
//! its CSRF token); a host platform mints short-lived sessions for the embedded dashboard.
//! Sessions expire and can be signed out.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::net::{IpAddr, Ipv4Addr};

use reqwest::Method;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::{Value, json};
use support::{ADMIN_TOKEN, OPERATOR_TOKEN, SCIM_TOKEN, TestApp, spawn_app, spawn_app_with};

/// Signs in; answers the `name=value` cookie pair and the session's JSON.
async fn sign_in(app: &TestApp, token: &str, forwarded_proto: Option<&str>) -> (String, Value) {
    let mut request = app
        .client
        .post(format!("{}/api/v1/sessions", app.base))
        .json(&json!({ "token": token }));
    if let Some(proto) = forwarded_proto {
        request = request.header("x-forwarded-proto", proto);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 201);
    let set_cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    let pair = set_cookie.split(';').next().unwrap().to_owned();
    (
        pair,
        json!({"set_cookie": set_cookie, "session": response.json::<Value>().await.unwrap()}),
    )
}

fn with_cookie(app: &TestApp, cookie: &str, method: Method, path: &str) -> reqwest::RequestBuilder {
    app.client
        .request(method, format!("{}/api/v1{path}", app.base))
        .header(COOKIE, cookie)
}

#[tokio::test]
async fn signing_in_sets_an_http_only_strict_cookie_that_opens_the_project() {
    let app = spawn_app().await;
    let (cookie, answer) = sign_in(&app, ADMIN_TOKEN, None).await;
    let set_cookie = answer["set_cookie"].as_str().unwrap();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Strict"), "{set_cookie}");
    assert!(!set_cookie.contains("Secure"), "plain HTTP: {set_cookie}");
    assert!(
        !set_cookie.contains(ADMIN_TOKEN),
        "the cookie is a session, not the token"
    );
    assert_eq!(answer["session"]["project_name"], "Default project");

    let status = with_cookie(&app, &cookie, Method::GET, "/status")
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200);
    let current: Value = with_cookie(&app, &cookie, Method::GET, "/session")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(current["csrf_token"], answer["session"]["csrf_token"]);

    let resumed = with_cookie(&app, &cookie, Method::GET, "/sessions/current")
        .send()
        .await
        .unwrap();
    assert_eq!(resumed.status(), 200);
    assert_eq!(
        resumed.json::<Value>().await.unwrap()["csrf_token"],
        answer["session"]["csrf_token"]
    );
    let none = app
        .client
        .get(format!("{}/api/v1/sessions/current", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 204, "no session is not an error");
}

#[tokio::test]
async fn the_cookie_is_secure_only_when_a_trusted_proxy_says_the_client_came_over_tls() {
    for (trusted, secure) in [(false, false), (true, true)] {
        let app = spawn_app_with(|config| {
            if trusted {
                config.trusted_proxies = vec![IpAddr::V4(Ipv4Addr::LOCALHOST)];
            }
        })
        .await;

        let (_, answer) = sign_in(&app, ADMIN_TOKEN, Some("https")).await;

        let set_cookie = answer["set_cookie"].as_str().unwrap();
        assert_eq!(
            set_cookie.contains("Secure"),
            secure,
            "trusted: {trusted}: {set_cookie}"
        );
    }
}

#[tokio::test]
async fn a_cookie_sessions_write_without_its_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (cookie, answer) = sign_in(&app, ADMIN_TOKEN, None).await;
    let csrf = answer["session"]["csrf_token"].as_str().unwrap().to_owned();
    let change = json!({"seat_limit": 3});

    for header in [None, Some("forged")] {
        let mut request = with_cookie(&app, &cookie, Method::PUT, "/settings").json(&change);
        if let Some(value) = header {
            request = request.header("x-csrf-token", value);
        }
        let refused = request.send().await.unwrap();
        assert_eq!(refused.status(), 403);
        let error: Value = refused.json().await.unwrap();
        assert_eq!(error["code"], "forbidden");
    }
    assert_eq!(app.admin_get("/settings").await.1["seat_limit"], 25);

    let accepted = with_cookie(&app, &cookie, Method::PUT, "/settings")
        .header("x-csrf-token", csrf)
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 200);
    assert_eq!(app.admin_get("/settings").await.1["seat_limit"], 3);
}

#[tokio::test]
async fn only_an_admin_token_signs_in() {
    let app = spawn_app().await;
    for token in [SCIM_TOKEN, OPERATOR_TOKEN, "made-up"] {
        let refused = app
            .client
            .post(format!("{}/api/v1/sessions", app.base))
            .json(&json!({ "token": token }))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 401, "{token}");
        assert!(refused.headers().get(SET_COOKIE).is_none());
    }
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    let (cookie, answer) = sign_in(&app, ADMIN_TOKEN, None).await;
    let signed_out = with_cookie(&app, &cookie, Method::DELETE, "/session")
        .header(
            "x-csrf-token",
            answer["session"]["csrf_token"].as_str().unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 204);
    assert!(
        signed_out.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let after = with_cookie(&app, &cookie, Method::GET, "/status")
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);
}

async fn expire_every_session(app: &TestApp) {
    app.execute_sql("UPDATE sessions SET expires_at = 0").await;
}

#[tokio::test]
async fn an_expired_session_opens_nothing() {
    let app = spawn_app().await;
    let (cookie, _) = sign_in(&app, ADMIN_TOKEN, None).await;
    expire_every_session(&app).await;
    let after = with_cookie(&app, &cookie, Method::GET, "/status")
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);
}

#[tokio::test]
async fn a_minted_embedded_session_opens_its_project_only_until_it_expires() {
    let app = spawn_app().await;
    let other = app.second_project("Other").await;
    let minted = app
        .request_as(
            OPERATOR_TOKEN,
            Method::POST,
            &format!("/api/v1/operator/projects/{}/sessions", other.id),
        )
        .header("content-type", "application/json")
        .body(json!({"actor": "ada@platform.example", "ttl_secs": 5}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(minted.status(), 201);
    let minted: Value = minted.json().await.unwrap();
    let session = minted["session"].as_str().unwrap();

    let (_, status) = app
        .json_as(session, Method::GET, "/api/v1/status", None)
        .await;
    assert_eq!(
        status["seats"]["limit"], 10,
        "the other project's: {status}"
    );
    let write = app
        .request_as(session, Method::PUT, "/api/v1/settings")
        .header("content-type", "application/json")
        .body(json!({"seat_limit": 4}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), 200, "a bearer session needs no CSRF token");
    let (_, audit) = app
        .json_as(session, Method::GET, "/api/v1/audit", None)
        .await;
    assert_eq!(audit["items"][0]["actor"], "ada@platform.example");
    assert_eq!(
        app.admin_get("/settings").await.1["seat_limit"],
        25,
        "the default project is untouched"
    );

    let as_scim = app
        .request_as(session, Method::GET, "/scim/v2/Users")
        .send()
        .await
        .unwrap();
    assert_eq!(as_scim.status(), 401, "a session is no SCIM token");
    expire_every_session(&app).await;
    let expired = app
        .request_as(session, Method::GET, "/api/v1/status")
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 401);

    let unknown = app
        .request_as(
            OPERATOR_TOKEN,
            Method::POST,
            "/api/v1/operator/projects/999/sessions",
        )
        .header("content-type", "application/json")
        .body(json!({"actor": "x"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let by_an_admin = app
        .request_as(
            ADMIN_TOKEN,
            Method::POST,
            &format!("/api/v1/operator/projects/{}/sessions", other.id),
        )
        .header("content-type", "application/json")
        .body(json!({"actor": "x"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(by_an_admin.status(), 401);
}
