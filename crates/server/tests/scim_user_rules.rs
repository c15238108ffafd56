//! The platform's rules for Users and Readers, over real HTTP: adoption of project-native
//! identities, "user already available in the project" and its documented fix, seats on update.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::*;

#[tokio::test]
async fn a_scim_create_adopts_the_project_native_identity_with_the_same_email() {
    let app = spawn_app().await;
    let native_id = app.invite("native@example.com", "user").await;

    let response = app
        .create_user(&okta_user("native@example.com", true))
        .await;

    assert_eq!(response.status(), 201);
    let user: Value = response.json().await.unwrap();
    assert_eq!(user["id"], native_id, "the identity keeps its id");
    assert_eq!(app.status().await["seats"]["used"], 1, "no second seat");
}

#[tokio::test]
async fn a_reader_pushed_as_a_user_is_adopted_only_when_a_seat_is_free() {
    let app = spawn_app_with_seats(1).await;
    app.invite("reader@example.com", "reader").await;
    app.create_user_id("taker@example.com", true).await;

    let refused = app
        .create_user(&okta_user("reader@example.com", true))
        .await;
    assert_eq!(refused.status(), 403);
    app.settings(json!({"seat_limit": 2})).await;
    let adopted = app
        .create_user(&okta_user("reader@example.com", true))
        .await;

    assert_eq!(adopted.status(), 201);
    assert_eq!(app.status().await["seats"]["used"], 2);
}

#[tokio::test]
async fn a_reader_push_for_a_project_native_user_is_refused_with_user_already_available() {
    let app = spawn_app().await;
    app.invite("writer@example.com", "user").await;

    let response = app
        .create_user(&okta_user("writer@example.com", false))
        .await;

    assert_eq!(response.status(), 409);
    let body = scim_error(response).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("User already available in the project")
    );
    let run = &app.status().await["last_run"];
    assert_eq!(
        run["failures_by_category"][0]["category"],
        "user_already_exists"
    );
}

#[tokio::test]
async fn the_documented_is_team_account_toggle_turns_the_user_into_a_reader_and_frees_its_seat() {
    let app = spawn_app().await;
    app.invite("toggle@example.com", "user").await;
    assert_eq!(
        app.create_user(&okta_user("toggle@example.com", false))
            .await
            .status(),
        409
    );

    // Step 1: isTeamAccount = true, sync: the User is adopted.
    let adopted = app
        .create_user(&okta_user("toggle@example.com", true))
        .await;
    assert_eq!(adopted.status(), 201);
    let id = adopted.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(app.status().await["seats"]["used"], 1);

    // Step 2: isTeamAccount = false, sync (Okta sends a PUT): the User becomes a Reader.
    let put = app
        .scim_send(
            Method::PUT,
            &format!("/Users/{id}"),
            &okta_user("toggle@example.com", false),
        )
        .await;

    assert_eq!(put.status(), 200);
    let reader: Value = put.json().await.unwrap();
    assert_eq!(reader[PLATFORM_USER_SCHEMA]["isTeamAccount"], false);
    let status = app.status().await;
    assert_eq!(status["seats"]["used"], 0, "its seat is free");
    assert_eq!(status["readers"], 1, "it shows among the Readers");
}

#[tokio::test]
async fn a_duplicate_of_a_scim_managed_identity_by_email_is_a_409_uniqueness() {
    let app = spawn_app().await;
    app.create_user_id("first@example.com", false).await;
    let mut other = okta_user("other-name", false);
    other["emails"] = json!([{"value": "FIRST@example.com", "primary": true}]);

    let response = app.create_user(&other).await;

    assert_eq!(response.status(), 409);
    assert_eq!(scim_error(response).await["scimType"], "uniqueness");
}

#[tokio::test]
async fn turning_a_reader_into_a_user_needs_a_free_seat() {
    let app = spawn_app_with_seats(0).await;
    let id = app.create_user_id("r@example.com", false).await;

    let response = app
        .scim_send(
            Method::PUT,
            &format!("/Users/{id}"),
            &okta_user("r@example.com", true),
        )
        .await;

    assert_eq!(response.status(), 403);
    let got: Value = app
        .scim(Method::GET, &format!("/Users/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        got[PLATFORM_USER_SCHEMA]["isTeamAccount"], false,
        "nothing changed"
    );
}

#[tokio::test]
async fn reactivating_an_inactive_user_needs_a_free_seat_and_deactivating_frees_one() {
    let app = spawn_app_with_seats(1).await;
    let mut inactive = okta_user("sleeper@example.com", true);
    inactive["active"] = json!(false);
    let sleeper: Value = app.create_user(&inactive).await.json().await.unwrap();
    let awake = app.create_user_id("awake@example.com", true).await;

    let reactivate = app
        .scim_send(
            Method::PUT,
            &format!("/Users/{}", sleeper["id"].as_str().unwrap()),
            &okta_user("sleeper@example.com", true),
        )
        .await;
    assert_eq!(reactivate.status(), 403);

    let mut deactivated = okta_user("awake@example.com", true);
    deactivated["active"] = json!(false);
    let response = app
        .scim_send(Method::PUT, &format!("/Users/{awake}"), &deactivated)
        .await;
    assert_eq!(response.status(), 200);
    let reactivate = app
        .scim_send(
            Method::PUT,
            &format!("/Users/{}", sleeper["id"].as_str().unwrap()),
            &okta_user("sleeper@example.com", true),
        )
        .await;

    assert_eq!(reactivate.status(), 200);
    assert_eq!(app.status().await["seats"]["used"], 1);
}

#[tokio::test]
async fn deleting_a_user_frees_its_seat_and_a_second_delete_is_a_404() {
    let app = spawn_app().await;
    let id = app.create_user_id("gone@example.com", true).await;

    let response = app
        .scim(Method::DELETE, &format!("/Users/{id}"))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
    assert_eq!(app.status().await["seats"]["used"], 0);
    let again = app
        .scim(Method::DELETE, &format!("/Users/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
}

#[tokio::test]
async fn if_match_with_a_stale_version_is_a_412_and_changes_nothing() {
    let app = spawn_app().await;
    let id = app.create_user_id("etag@example.com", false).await;
    let mut renamed = okta_user("etag@example.com", false);
    renamed["displayName"] = json!("Renamed");

    let response = app
        .scim(Method::PUT, &format!("/Users/{id}"))
        .header("if-match", "W/\"99\"")
        .body(renamed.to_string())
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 412);
    let current = app
        .scim(Method::PUT, &format!("/Users/{id}"))
        .header("if-match", "W/\"1\"")
        .body(renamed.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(current.status(), 200);
    assert_eq!(current.headers()["etag"], "W/\"2\"");
}

#[tokio::test]
async fn if_none_match_with_the_current_version_is_a_304() {
    let app = spawn_app().await;
    let id = app.create_user_id("cached@example.com", false).await;

    let response = app
        .scim(Method::GET, &format!("/Users/{id}"))
        .header("if-none-match", "W/\"1\"")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 304);
    let changed = app
        .scim(Method::GET, &format!("/Users/{id}"))
        .header("if-none-match", "W/\"0\"")
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
}

#[tokio::test]
async fn an_unsupported_method_is_a_405_scim_error() {
    let app = spawn_app().await;

    let response = app.scim(Method::DELETE, "/Users").send().await.unwrap();

    assert_eq!(response.status(), 405);
    assert_eq!(scim_error(response).await["status"], "405");
}

#[tokio::test]
async fn while_scim_is_disabled_every_request_is_refused_and_recorded() {
    let app = spawn_app().await;
    app.settings(json!({"scim_enabled": false})).await;

    let response = app.create_user(&okta_user("late@example.com", false)).await;

    assert_eq!(response.status(), 403);
    let body = scim_error(response).await;
    assert!(body["detail"].as_str().unwrap().contains("disabled"));
    let status = app.status().await;
    assert_eq!(status["readers"], 0);
    assert_eq!(
        status["last_run"]["failures_by_category"][0]["category"],
        "scim_disabled"
    );
}

#[tokio::test]
async fn a_body_over_the_cap_is_a_413_scim_error() {
    let app = spawn_app().await;
    let huge = json!({"userName": "x", "displayName": "y".repeat(5 * 1024 * 1024)});

    let response = app.create_user(&huge).await;

    assert_eq!(response.status(), 413);
    assert_eq!(scim_error(response).await["status"], "413");
}
