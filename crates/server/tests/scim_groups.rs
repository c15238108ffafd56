//! `/Groups` over real HTTP: members must be provisioned, names are unique, tombstones 404.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::*;

#[tokio::test]
async fn a_group_is_created_with_provisioned_members_and_reads_back() {
    let app = spawn_app().await;
    let ada = app.create_user_id("ada@example.com", true).await;

    let group = app.create_group("Writers", &[&ada]).await;

    assert_eq!(group["displayName"], "Writers");
    assert_eq!(group["members"][0]["value"], ada);
    assert_eq!(group["meta"]["resourceType"], "Group");
    let id = group["id"].as_str().unwrap();
    let fetched: Value = app
        .scim(Method::GET, &format!("/Groups/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fetched, group);
}

#[tokio::test]
async fn entra_excluded_attributes_members_leaves_members_out() {
    let app = spawn_app().await;
    let ada = app.create_user_id("ada@example.com", true).await;
    let group = app.create_group("Writers", &[&ada]).await;
    let id = group["id"].as_str().unwrap();

    let fetched: Value = app
        .scim(
            Method::GET,
            &format!("/Groups/{id}?excludedAttributes=members"),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert!(fetched.get("members").is_none());
    assert_eq!(fetched["displayName"], "Writers");
}

#[tokio::test]
async fn a_group_with_an_unknown_member_is_a_400_member_not_provisioned_and_not_created() {
    let app = spawn_app().await;

    let response = app
        .scim_send(
            Method::POST,
            "/Groups",
            &json!({"displayName": "Ghosts", "members": [{"value": "no-such-user"}]}),
        )
        .await;

    assert_eq!(response.status(), 400);
    let body = scim_error(response).await;
    assert!(body["detail"].as_str().unwrap().contains("no-such-user"));
    let run = &app.status().await["last_run"];
    assert_eq!(
        run["failures_by_category"][0]["category"],
        "member_not_provisioned"
    );
    let again = app.create_group("Ghosts", &[]).await;
    assert_eq!(again["displayName"], "Ghosts", "no group was left behind");
}

#[tokio::test]
async fn a_second_live_group_with_the_same_name_is_a_409_uniqueness() {
    let app = spawn_app().await;
    app.create_group("Editors", &[]).await;

    let response = app
        .scim_send(Method::POST, "/Groups", &json!({"displayName": "editors"}))
        .await;

    assert_eq!(response.status(), 409);
    assert_eq!(scim_error(response).await["scimType"], "uniqueness");
}

#[tokio::test]
async fn a_put_replaces_the_members_and_an_unknown_one_changes_nothing() {
    let app = spawn_app().await;
    let ada = app.create_user_id("ada@example.com", true).await;
    let bob = app.create_user_id("bob@example.com", false).await;
    let group = app.create_group("Team", &[&ada]).await;
    let id = group["id"].as_str().unwrap();

    let refused = app
        .scim_send(
            Method::PUT,
            &format!("/Groups/{id}"),
            &json!({"displayName": "Team", "members": [{"value": bob}, {"value": "ghost"}]}),
        )
        .await;
    assert_eq!(refused.status(), 400);
    let replaced = app
        .scim_send(
            Method::PUT,
            &format!("/Groups/{id}"),
            &json!({"displayName": "Team", "members": [{"value": bob}]}),
        )
        .await;

    assert_eq!(replaced.status(), 200);
    let body: Value = replaced.json().await.unwrap();
    let members: Vec<&str> = body["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["value"].as_str().unwrap())
        .collect();
    assert_eq!(members, [bob.as_str()]);
    assert_eq!(
        body["meta"]["version"], "W/\"2\"",
        "the refused PUT changed nothing"
    );
}

#[tokio::test]
async fn a_deleted_group_is_gone() {
    let app = spawn_app().await;
    let group = app.create_group("Temp", &[]).await;
    let id = group["id"].as_str().unwrap();

    let response = app
        .scim(Method::DELETE, &format!("/Groups/{id}"))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
    let gone = app
        .scim(Method::GET, &format!("/Groups/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
}
