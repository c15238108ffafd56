//! `/Users/` and `/Groups/` (with a trailing slash, as Microsoft's SCIM validator sends them)
//! route like `/Users` and `/Groups`, for every method those take.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::*;

#[tokio::test]
async fn a_filtered_list_of_users_with_a_trailing_slash_finds_the_user() {
    let app = spawn_app().await;
    let id = app.create_user_id("slash@example.com", false).await;

    let response = app
        .scim(
            Method::GET,
            "/Users/?filter=userName%20eq%20%22slash%40example.com%22",
        )
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let list: Value = response.json().await.unwrap();
    assert_eq!(list["totalResults"], 1);
    assert_eq!(list["Resources"][0]["id"], id.as_str());
}

#[tokio::test]
async fn a_user_posted_with_a_trailing_slash_is_created() {
    let app = spawn_app().await;

    let response = app
        .scim_send(
            Method::POST,
            "/Users/",
            &okta_user("posted.slash@example.com", false),
        )
        .await;

    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["userName"], "posted.slash@example.com");
}

#[tokio::test]
async fn groups_with_a_trailing_slash_are_listed_and_created() {
    let app = spawn_app().await;
    app.create_group("Existing", &[]).await;

    let created = app
        .scim_send(
            Method::POST,
            "/Groups/",
            &json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "displayName": "Posted with a slash",
                "members": [],
            }),
        )
        .await;
    let listed = app
        .scim(
            Method::GET,
            "/Groups/?filter=displayName%20eq%20%22Existing%22",
        )
        .send()
        .await
        .unwrap();

    assert_eq!(created.status(), 201);
    assert_eq!(listed.status(), 200);
    let list: Value = listed.json().await.unwrap();
    assert_eq!(list["totalResults"], 1);
    assert_eq!(list["Resources"][0]["displayName"], "Existing");
}

#[tokio::test]
async fn a_method_a_collection_does_not_take_is_refused_alike_with_or_without_the_slash() {
    let app = spawn_app().await;

    for path in ["/Users", "/Users/", "/Groups", "/Groups/"] {
        let response = app.scim(Method::DELETE, path).send().await.unwrap();

        assert_eq!(response.status(), 405, "DELETE {path}");
        let body = scim_error(response).await;
        assert_eq!(body["status"], "405", "DELETE {path}");
    }
}
