//! SCIM tokens as an admin manages them (generate, rotate, revoke, "last used"), requests with
//! tokens nobody issued, and Retry's refusal to replay what its token no longer allows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::{
    OPERATOR_TOKEN, SCIM_TOKEN, TestApp, okta_user, scim_error, spawn_app, spawn_app_with,
};

async fn connections(app: &TestApp) -> Value {
    let (status, connections) = app.admin_get("/connections").await;
    assert_eq!(status, 200);
    connections
}

/// Generates another token for the first connection; answers (token id, token).
async fn rotate(app: &TestApp, connection: i64) -> (i64, String) {
    let response = app
        .admin_send(
            Method::POST,
            &format!("/connections/{connection}/tokens"),
            &json!({"name": "rotated"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let generated: Value = response.json().await.unwrap();
    assert!(
        generated["token"]
            .as_str()
            .unwrap()
            .starts_with(generated["summary"]["prefix"].as_str().unwrap()),
        "the prefix is the token's start: {generated}"
    );
    (
        generated["summary"]["id"].as_i64().unwrap(),
        generated["token"].as_str().unwrap().to_owned(),
    )
}

async fn list_users_with(app: &TestApp, token: &str) -> u16 {
    app.request_as(token, Method::GET, "/scim/v2/Users")
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_rotated_token_and_its_predecessor_both_work_until_the_old_one_is_revoked() {
    let app = spawn_app().await;
    let first = &connections(&app).await[0];
    let connection = first["id"].as_i64().unwrap();
    let old_token_id = first["tokens"][0]["id"].as_i64().unwrap();

    let (_, new_token) = rotate(&app, connection).await;
    assert_eq!(
        list_users_with(&app, SCIM_TOKEN).await,
        200,
        "the old token still works"
    );
    assert_eq!(
        list_users_with(&app, &new_token).await,
        200,
        "the new token works"
    );

    assert_eq!(app.revoke_token(connection, old_token_id).await, 204);

    let refused = app.create_user(&okta_user("late@example.com", true)).await;
    assert_eq!(refused.status(), 401);
    let error = scim_error(refused).await;
    assert!(
        error["detail"].as_str().unwrap().contains("revoked"),
        "{error}"
    );
    assert_eq!(
        list_users_with(&app, &new_token).await,
        200,
        "the new token still works"
    );

    // The refusal is recorded in the project, under its connection, without its body.
    let (_, failures) = app.admin_get("/failures?category=auth").await;
    let failure = &failures["items"][0];
    assert_eq!(failure["status"], 401, "{failures}");
    assert_eq!(failure["connection"], "default");
    let (_, detail) = app.admin_get(&format!("/events/{}", failure["id"])).await;
    assert_eq!(detail["request_body"], Value::Null, "{detail}");
    let listed = connections(&app).await;
    assert_eq!(
        listed[0]["last_request_refused"], false,
        "the new token's request came after"
    );
    assert!(listed[0]["tokens"][0]["revoked_at"].is_string(), "{listed}");

    // Revoking twice, or another connection's token, changes nothing.
    assert_eq!(app.revoke_token(connection, old_token_id).await, 404);
    let (_, audit) = app.admin_get("/audit").await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["token_revoked", "token_generated"], "{audit}");
}

#[tokio::test]
async fn last_used_shows_which_tokens_the_idp_sends() {
    let app = spawn_app().await;
    let connection = connections(&app).await[0]["id"].as_i64().unwrap();
    let (_, _unused) = rotate(&app, connection).await;
    assert_eq!(list_users_with(&app, SCIM_TOKEN).await, 200);

    let tokens = connections(&app).await[0]["tokens"].clone();
    assert!(tokens[0]["last_used_at"].is_string(), "{tokens}");
    assert_eq!(tokens[1]["last_used_at"], Value::Null, "{tokens}");
}

#[tokio::test]
async fn a_token_nobody_issued_is_refused_counted_by_source_and_never_stored() {
    let app = spawn_app().await;
    let big = "x".repeat(1024 * 1024);
    for _ in 0..3 {
        let refused = app
            .request_as("made-up-token", Method::POST, "/scim/v2/Users")
            .body(format!("{{\"userName\":\"{big}\"}}"))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 401);
        scim_error(refused).await;
    }
    let no_token = app
        .client
        .get(format!("{}/scim/v2/Users", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 401);

    let (_, failures) = app.admin_get("/failures").await;
    assert_eq!(
        failures["items"],
        json!([]),
        "no project's record holds them"
    );
    let (_, refused) = app
        .json_as(
            OPERATOR_TOKEN,
            Method::GET,
            "/api/v1/operator/refused",
            None,
        )
        .await;
    assert_eq!(refused[0]["source"], "127.0.0.1", "{refused}");
    assert_eq!(refused[0]["requests"], 4, "{refused}");
    assert_eq!(refused[0]["last_request"], "GET /scim/v2/Users");
    assert!(!refused.to_string().contains("xxxx"), "no body is kept");
}

#[tokio::test]
async fn retry_never_replays_a_refused_request_nor_one_whose_token_was_revoked() {
    let app = spawn_app_with(|config| config.initial_seat_limit = 0).await;
    let connection = connections(&app).await[0]["id"].as_i64().unwrap();
    let token_id = connections(&app).await[0]["tokens"][0]["id"]
        .as_i64()
        .unwrap();
    let (_, new_token) = rotate(&app, connection).await;

    // A licence failure sent with the first token, then that token revoked.
    let no_seat = app.create_user(&okta_user("first@example.com", true)).await;
    assert_eq!(no_seat.status(), 403);
    app.settings(json!({"seat_limit": 5})).await;
    let (_, failures) = app.admin_get("/failures?category=licence_limit").await;
    let licence_failure = failures["items"][0]["id"].as_i64().unwrap();
    let revoked = app
        .client
        .delete(format!(
            "{}/api/v1/connections/{connection}/tokens/{token_id}",
            app.base
        ))
        .bearer_auth(support::ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    let refused_retry = app
        .admin_send(
            Method::POST,
            &format!("/events/{licence_failure}/retry"),
            &json!({}),
        )
        .await;
    assert_eq!(refused_retry.status(), 400);
    let error: Value = refused_retry.json().await.unwrap();
    assert!(
        error["message"].as_str().unwrap().contains("revoked"),
        "{error}"
    );

    // A request that failed authentication is never replayed.
    let unauthenticated = app
        .request_as(SCIM_TOKEN, Method::POST, "/scim/v2/Users")
        .body(okta_user("planted@example.com", true).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
    let (_, auth_failures) = app.admin_get("/failures?category=auth").await;
    let auth_failure = auth_failures["items"][0]["id"].as_i64().unwrap();
    let refused_replay = app
        .admin_send(
            Method::POST,
            &format!("/events/{auth_failure}/retry"),
            &json!({}),
        )
        .await;
    assert_eq!(refused_replay.status(), 400);
    let found = app
        .request_as(
            &new_token,
            Method::GET,
            "/scim/v2/Users?filter=userName%20eq%20%22planted@example.com%22",
        )
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(found["totalResults"], 0, "nothing was planted: {found}");
}

#[tokio::test]
async fn a_body_declared_over_the_cap_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    let refused = app
        .scim(Method::POST, "/Users")
        .header("content-length", (4 * 1024 * 1024 + 1).to_string())
        .body(vec![b' '; 4 * 1024 * 1024 + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 413);
    scim_error(refused).await;
    let (_, failures) = app.admin_get("/failures").await;
    let (_, detail) = app
        .admin_get(&format!("/events/{}", failures["items"][0]["id"]))
        .await;
    assert_eq!(detail["summary"]["status"], 413);
    assert_eq!(detail["request_body"], Value::Null);
}

#[tokio::test]
async fn the_operator_api_needs_the_operator_token_and_is_closed_without_one() {
    let app = spawn_app().await;
    let anonymous = app
        .client
        .get(format!("{}/api/v1/operator/projects", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let (_, listed) = app
        .json_as(
            OPERATOR_TOKEN,
            Method::GET,
            "/api/v1/operator/projects",
            None,
        )
        .await;
    assert_eq!(listed[0]["name"], "Default project", "{listed}");
    let nameless = app
        .request_as(OPERATOR_TOKEN, Method::POST, "/api/v1/operator/projects")
        .header("content-type", "application/json")
        .body(json!({"name": "  "}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(nameless.status(), 400);

    let closed = spawn_app_with(|config| config.operator_token = None).await;
    let answer = closed
        .request_as(OPERATOR_TOKEN, Method::GET, "/api/v1/operator/projects")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 404);
}
