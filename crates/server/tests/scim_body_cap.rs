//! One body cap on SCIM, the advertised one (`bulk.maxPayloadSize` = `scim::MAX_BODY_BYTES`):
//! anything up to it is read, anything past it is a 413 in the SCIM error shape.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use scim_sync_server::scim::MAX_BODY_BYTES;
use serde_json::Value;
use support::*;

/// An Okta User body for `user_name` padded (in `nickName`) to exactly `size` bytes of JSON.
fn user_body_of_size(user_name: &str, size: usize) -> String {
    let mut body = okta_user(user_name, false);
    body["nickName"] = Value::String(String::new());
    let bare = body.to_string().len();
    assert!(size >= bare, "{size} bytes cannot hold the body");
    body["nickName"] = Value::String("x".repeat(size - bare));
    let text = body.to_string();
    assert_eq!(text.len(), size);
    text
}

async fn post_users(app: &TestApp, body: String) -> reqwest::Response {
    app.scim(Method::POST, "/Users")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_3_mib_user_body_is_accepted() {
    let app = spawn_app().await;

    let response = post_users(&app, user_body_of_size("big@example.com", 3 * 1024 * 1024)).await;

    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["userName"], "big@example.com");
}

#[tokio::test]
async fn a_body_of_exactly_the_advertised_cap_is_accepted() {
    let app = spawn_app().await;
    let config: Value = app
        .scim(Method::GET, "/ServiceProviderConfig")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let advertised = usize::try_from(config["bulk"]["maxPayloadSize"].as_u64().unwrap()).unwrap();
    assert_eq!(advertised, MAX_BODY_BYTES);

    let response = post_users(&app, user_body_of_size("cap@example.com", advertised)).await;

    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn a_body_one_byte_over_the_cap_is_refused_with_413_in_the_scim_shape() {
    let app = spawn_app().await;

    let response = post_users(
        &app,
        user_body_of_size("over@example.com", MAX_BODY_BYTES + 1),
    )
    .await;

    assert_eq!(response.status(), 413);
    let body = scim_error(response).await;
    assert_eq!(body["status"], "413");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains(&MAX_BODY_BYTES.to_string()),
        "{body}"
    );
}
