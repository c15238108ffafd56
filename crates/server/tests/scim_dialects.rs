//! The request shapes Okta and Entra really send, over real HTTP: lookups by filter, PATCH
//! dialects, group member pushes, listing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::*;

const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.scim(Method::GET, path).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn okta_looks_a_user_up_by_user_name_in_any_case_before_creating_it() {
    let app = spawn_app().await;
    let id = app.create_user_id("Ada.Lovelace@example.com", true).await;

    let (status, list) = get_json(
        &app,
        "/Users?filter=userName%20eq%20%22ada.lovelace%40EXAMPLE.com%22",
    )
    .await;

    assert_eq!(status, 200);
    assert_eq!(list["totalResults"], 1);
    assert_eq!(list["Resources"][0]["id"], id);
    let (_, none) = get_json(
        &app,
        "/Users?filter=userName%20eq%20%22nobody%40example.com%22",
    )
    .await;
    assert_eq!(none["totalResults"], 0);
    assert_eq!(none["Resources"], json!([]));
}

#[tokio::test]
async fn okta_deactivates_with_a_path_less_replace_of_active_and_frees_the_seat() {
    let app = spawn_app().await;
    let id = app.create_user_id("leaver@example.com", true).await;

    let response = app
        .scim_send(
            Method::PATCH,
            &format!("/Users/{id}"),
            &json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": false}}]}),
        )
        .await;

    assert_eq!(response.status(), 200);
    let user: Value = response.json().await.unwrap();
    assert_eq!(user["active"], false);
    assert_eq!(app.status().await["seats"]["used"], 0);
}

#[tokio::test]
async fn entra_replaces_with_capitalised_ops_string_booleans_and_dotted_and_urn_keys() {
    let app = spawn_app().await;
    let id = app.create_user_id("entra@example.com", false).await;

    let response = app
        .scim_send(
            Method::PATCH,
            &format!("/Users/{id}"),
            &json!({"schemas": [PATCH_OP], "Operations": [{
                "op": "Replace",
                "value": {
                    "name.givenName": "Grace",
                    "active": "True",
                    "urn:ietf:params:scim:schemas:extension:document360:2.0:User:isTeamAccount": "True"
                }
            }]}),
        )
        .await;

    assert_eq!(response.status(), 200);
    let user: Value = response.json().await.unwrap();
    assert_eq!(user["name"]["givenName"], "Grace");
    assert_eq!(user[PLATFORM_USER_SCHEMA]["isTeamAccount"], true);
    let status = app.status().await;
    assert_eq!(
        (status["seats"]["used"].clone(), status["readers"].clone()),
        (json!(1), json!(0))
    );
}

#[tokio::test]
async fn entra_turning_is_team_account_false_converts_the_user_to_a_reader() {
    let app = spawn_app().await;
    let id = app.create_user_id("convert@example.com", true).await;

    let response = app
        .scim_send(
            Method::PATCH,
            &format!("/Users/{id}"),
            &json!({"schemas": [PATCH_OP], "Operations": [{
                "op": "Replace",
                "path": "urn:ietf:params:scim:schemas:extension:document360:2.0:User:isTeamAccount",
                "value": "False"
            }]}),
        )
        .await;

    assert_eq!(response.status(), 200);
    let status = app.status().await;
    assert_eq!(status["seats"]["used"], 0);
    assert_eq!(status["readers"], 1);
}

#[tokio::test]
async fn a_patch_whose_second_operation_fails_changes_nothing() {
    let app = spawn_app().await;
    let id = app.create_user_id("atomic@example.com", false).await;

    let response = app
        .scim_send(
            Method::PATCH,
            &format!("/Users/{id}"),
            &json!({"schemas": [PATCH_OP], "Operations": [
                {"op": "replace", "path": "displayName", "value": "Changed"},
                {"op": "replace", "path": "emails[type eq \"nope\"].value", "value": "x@example.com"}
            ]}),
        )
        .await;

    assert_eq!(response.status(), 400);
    assert_eq!(scim_error(response).await["scimType"], "noTarget");
    let (_, user) = get_json(&app, &format!("/Users/{id}")).await;
    assert_ne!(user["displayName"], "Changed");
    assert_eq!(user["meta"]["version"], "W/\"1\"");
}

#[tokio::test]
async fn a_bad_patch_path_is_a_400_invalid_path_and_a_bad_filter_is_invalid_filter() {
    let app = spawn_app().await;
    let id = app.create_user_id("paths@example.com", false).await;

    let response = app
        .scim_send(
            Method::PATCH,
            &format!("/Users/{id}"),
            &json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "emails[type eq", "value": "x"}]}),
        )
        .await;
    assert_eq!(response.status(), 400);
    assert_eq!(scim_error(response).await["scimType"], "invalidPath");

    let bad_filter = app
        .scim(Method::GET, "/Users?filter=userName%20eq")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_filter.status(), 400);
    assert_eq!(scim_error(bad_filter).await["scimType"], "invalidFilter");
}

#[tokio::test]
async fn okta_pushes_group_members_with_replace_and_re_adding_a_member_succeeds() {
    let app = spawn_app().await;
    let ada = app.create_user_id("ada@example.com", true).await;
    let bob = app.create_user_id("bob@example.com", false).await;
    let group = app.create_group("Docs", &[]).await;
    let gid = group["id"].as_str().unwrap();

    let replace = app
        .scim_send(
            Method::PATCH,
            &format!("/Groups/{gid}"),
            &json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "members", "value": [
                {"value": ada, "display": "ada@example.com"}, {"value": bob, "display": "bob@example.com"}
            ]}]}),
        )
        .await;
    assert_eq!(replace.status(), 200);
    let readd = app
        .scim_send(
            Method::PATCH,
            &format!("/Groups/{gid}"),
            &json!({"schemas": [PATCH_OP], "Operations": [{"op": "add", "path": "members", "value": [{"value": ada}]}]}),
        )
        .await;

    assert_eq!(readd.status(), 200);
    let body: Value = readd.json().await.unwrap();
    assert_eq!(body["members"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn entra_adds_and_removes_members_with_capitalised_ops() {
    let app = spawn_app().await;
    let ada = app.create_user_id("ada@example.com", true).await;
    let bob = app.create_user_id("bob@example.com", false).await;
    let group = app.create_group("Entra group", &[]).await;
    let gid = group["id"].as_str().unwrap();

    let add = app
        .scim_send(
            Method::PATCH,
            &format!("/Groups/{gid}"),
            &json!({"schemas": [PATCH_OP], "Operations": [{"op": "Add", "path": "members", "value": [{"value": ada}, {"value": bob}]}]}),
        )
        .await;
    assert_eq!(add.status(), 200);
    let remove = app
        .scim_send(
            Method::PATCH,
            &format!("/Groups/{gid}"),
            &json!({"schemas": [PATCH_OP], "Operations": [{"op": "Remove", "path": "members", "value": [{"value": ada}]}]}),
        )
        .await;

    assert_eq!(remove.status(), 200);
    let (_, fetched) = get_json(&app, &format!("/Groups/{gid}")).await;
    assert_eq!(
        fetched["members"],
        json!([{"value": bob, "type": "User", "$ref": format!("{}/scim/v2/Users/{bob}", app.base)}])
    );
}

#[tokio::test]
async fn a_group_patch_naming_an_unprovisioned_member_is_a_400_and_links_nobody() {
    let app = spawn_app().await;
    let ada = app.create_user_id("ada@example.com", true).await;
    let group = app.create_group("Blocked", &[]).await;
    let gid = group["id"].as_str().unwrap();

    let response = app
        .scim_send(
            Method::PATCH,
            &format!("/Groups/{gid}"),
            &json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "members", "value": [
                {"value": ada, "display": "ada@example.com"},
                {"value": "blocked@example.com", "display": "blocked@example.com"}
            ]}]}),
        )
        .await;

    assert_eq!(response.status(), 400);
    let body = scim_error(response).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("blocked@example.com")
    );
    let (_, fetched) = get_json(&app, &format!("/Groups/{gid}")).await;
    assert_eq!(fetched["members"], json!([]), "all or nothing");
}

#[tokio::test]
async fn a_group_patch_adding_ten_thousand_members_in_one_request_works() {
    let app = std::sync::Arc::new(spawn_app_with_seats(0).await);
    let group = app.create_group("Everyone", &[]).await;
    let gid = group["id"].as_str().unwrap();
    let mut ids = Vec::new();
    for batch in 0..100 {
        let mut creates = tokio::task::JoinSet::new();
        for i in 0..100 {
            let app = std::sync::Arc::clone(&app);
            creates.spawn(async move {
                app.create_user_id(&format!("r{batch}-{i}@example.com"), false)
                    .await
            });
        }
        while let Some(id) = creates.join_next().await {
            ids.push(json!({"value": id.unwrap()}));
        }
    }

    let response = app
        .scim_send(
            Method::PATCH,
            &format!("/Groups/{gid}"),
            &json!({"schemas": [PATCH_OP], "Operations": [{"op": "Add", "path": "members", "value": ids}]}),
        )
        .await;

    assert_eq!(response.status(), 200);
    let (_, fetched) = get_json(&app, &format!("/Groups/{gid}?attributes=members")).await;
    assert_eq!(fetched["members"].as_array().unwrap().len(), 10_000);
}

#[tokio::test]
async fn listing_pages_by_start_index_and_count_in_creation_order() {
    let app = spawn_app().await;
    for i in 0..5 {
        app.create_user_id(&format!("p{i}@example.com"), false)
            .await;
    }

    let (_, page) = get_json(&app, "/Users?startIndex=2&count=2").await;
    let (_, only_total) = get_json(&app, "/Users?count=0").await;

    assert_eq!(page["totalResults"], 5);
    assert_eq!(page["startIndex"], 2);
    assert_eq!(page["itemsPerPage"], 2);
    assert_eq!(page["Resources"][0]["userName"], "p1@example.com");
    assert_eq!(page["Resources"][1]["userName"], "p2@example.com");
    assert_eq!(only_total["totalResults"], 5);
    assert_eq!(only_total["Resources"], json!([]));
}

#[tokio::test]
async fn a_complex_filter_with_a_value_path_and_sorting_descending_works() {
    let app = spawn_app().await;
    for name in ["b@example.com", "a@example.com", "c@other.org"] {
        app.create_user_id(name, true).await;
    }

    let (status, list) = get_json(
        &app,
        "/Users?filter=emails%5Btype%20eq%20%22work%22%5D.value%20ew%20%22example.com%22%20and%20not%20(userName%20sw%20%22z%22)&sortBy=userName&sortOrder=descending&attributes=userName",
    )
    .await;

    assert_eq!(status, 200);
    assert_eq!(list["totalResults"], 2);
    assert_eq!(
        list["Resources"][0],
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", PLATFORM_USER_SCHEMA], "id": list["Resources"][0]["id"], "userName": "b@example.com"})
    );
}

#[tokio::test]
async fn a_search_request_posted_to_dot_search_answers_like_a_list() {
    let app = spawn_app().await;
    app.create_user_id("searched@example.com", false).await;

    let response = app
        .scim_send(
            Method::POST,
            "/Users/.search",
            &json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "userName sw \"search\"", "count": 10}),
        )
        .await;

    assert_eq!(response.status(), 200);
    let list: Value = response.json().await.unwrap();
    assert_eq!(list["totalResults"], 1);
}

#[tokio::test]
async fn a_filter_over_the_length_cap_is_a_400_invalid_filter() {
    let app = spawn_app().await;
    let long = format!("userName eq \"{}\"", "x".repeat(5000));

    let response = app
        .scim(Method::GET, "/Users")
        .query(&[("filter", long)])
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 400);
    assert_eq!(scim_error(response).await["scimType"], "invalidFilter");
}
