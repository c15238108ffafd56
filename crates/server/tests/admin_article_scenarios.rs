//! The help article's scenarios end to end, driven by real SCIM requests, resolved through the
//! admin API: licence limit and re-push, group deleted in the project, group deleted while SCIM
//! was off, and "user already available in the project".

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::*;

async fn repush(app: &TestApp, groups: &[&str]) -> (u16, Value) {
    let response = app
        .admin_send(Method::POST, "/repush", &json!({"group_ids": groups}))
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// Okta's group push: create the group empty, then replace its members (with their userNames).
async fn okta_group_push(app: &TestApp, name: &str, members: &[(&str, &str)]) -> (String, u16) {
    let group = app.create_group(name, &[]).await;
    let id = group["id"].as_str().unwrap().to_owned();
    let value: Vec<Value> = members
        .iter()
        .map(|(v, d)| json!({"value": v, "display": d}))
        .collect();
    let response = app
        .scim_patch(
            &format!("/Groups/{id}"),
            json!([{"op": "replace", "path": "members", "value": value}]),
        )
        .await;
    (id, response.status().as_u16())
}

#[tokio::test]
async fn licence_limit_blocks_a_group_push_until_a_seat_is_freed_then_repush_keeps_the_id() {
    let app = spawn_app_with_seats(1).await;
    let ada = app.create_user_id("ada@example.com", true).await;
    assert_eq!(
        app.create_user(&okta_user("bea@example.com", true))
            .await
            .status(),
        403
    );
    let (group, status) = okta_group_push(
        &app,
        "Writers",
        &[
            (&ada, "ada@example.com"),
            ("bea@example.com", "bea@example.com"),
        ],
    )
    .await;
    assert_eq!(status, 400);

    let (_, groups) = app.admin_get("/groups").await;
    assert_eq!(groups[0]["state"], "failed");
    let (_, detail) = app.admin_get(&format!("/groups/{group}")).await;
    let states: Vec<Value> = detail["members"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["state"].clone())
        .collect();
    assert_eq!(states[0], json!("provisioned"));
    assert_eq!(
        states[1],
        json!({"failed_with_payload": {"team_account": true, "active": true}})
    );

    let (refused, body) = repush(&app, &[&group]).await;
    assert_eq!(refused, 403);
    assert_eq!(body["code"], "licence_limit");
    assert_eq!(body["plan"]["seats_needed"], 1);
    assert_eq!(body["plan"]["seats_free"], 0);
    assert_eq!(app.status().await["seats"]["used"], 1, "nothing changed");

    app.settings(json!({"seat_limit": 2})).await;
    let (ok, outcome) = repush(&app, &[&group]).await;

    assert_eq!(ok, 200);
    assert_eq!(
        outcome["plan"]["to_create_as_users"][0]["key"],
        "bea@example.com"
    );
    let scim_group: Value = app
        .scim(Method::GET, &format!("/Groups/{group}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(scim_group["id"], group, "the group keeps its id");
    assert_eq!(scim_group["members"].as_array().unwrap().len(), 2);
    let (_, groups) = app.admin_get("/groups").await;
    assert_eq!(groups[0]["state"], "synced");
    assert_eq!(app.status().await["seats"]["used"], 2);
}

#[tokio::test]
async fn a_group_deleted_in_the_project_404s_for_the_idp_until_a_repush_restores_the_same_id() {
    let app = spawn_app().await;
    let ada = app.create_user_id("ada@example.com", true).await;
    let (group, status) = okta_group_push(&app, "Editors", &[(&ada, "ada@example.com")]).await;
    assert_eq!(status, 200);

    let deleted = app
        .client
        .delete(format!("{}/api/v1/groups/{group}", app.base))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let idp_patch = app
        .scim_patch(
            &format!("/Groups/{group}"),
            json!([{"op": "add", "path": "members", "value": [{"value": ada}]}]),
        )
        .await;
    assert_eq!(idp_patch.status(), 404);
    let (_, failures) = app
        .admin_get("/failures?category=group_deleted_in_project")
        .await;
    assert_eq!(failures["total"], 1);
    let (_, groups) = app.admin_get("/groups?state=deleted_in_project").await;
    assert_eq!(groups[0]["id"], group);

    let (ok, outcome) = repush(&app, &[&group]).await;

    assert_eq!(ok, 200);
    assert_eq!(outcome["restored"], json!([group]));
    let next_patch = app
        .scim_patch(
            &format!("/Groups/{group}"),
            json!([{"op": "replace", "path": "displayName", "value": "Editors"}]),
        )
        .await;
    assert_eq!(next_patch.status(), 200, "the IdP's next PATCH succeeds");
    let body: Value = next_patch.json().await.unwrap();
    assert_eq!(body["members"][0]["value"], ada);
}

#[tokio::test]
async fn a_group_deleted_while_scim_was_off_stays_deleted_and_is_listed_until_repushed() {
    let app = spawn_app().await;
    let ada = app.create_user_id("ada@example.com", false).await;
    let (group, _) = okta_group_push(&app, "Readers", &[(&ada, "ada@example.com")]).await;

    app.settings(json!({"scim_enabled": false})).await;
    let deleted = app
        .client
        .delete(format!("{}/api/v1/groups/{group}", app.base))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    app.settings(json!({"scim_enabled": true})).await;

    let (_, listed) = app
        .admin_get("/groups?state=deleted_while_scim_disabled")
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let gone = app
        .scim(Method::GET, &format!("/Groups/{group}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        gone.status(),
        404,
        "turning SCIM back on does not restore it"
    );

    let (ok, _) = repush(&app, &[&group]).await;

    assert_eq!(ok, 200);
    let back = app
        .scim(Method::GET, &format!("/Groups/{group}"))
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 200);
    let (_, synced) = app.admin_get("/groups?state=synced").await;
    assert_eq!(synced[0]["id"], group);
}

#[tokio::test]
async fn user_already_available_then_the_toggle_leaves_a_reader_with_its_seat_free() {
    let app = spawn_app().await;
    app.invite("writer@example.com", "user").await;
    let refused = app
        .create_user(&okta_user("writer@example.com", false))
        .await;
    assert_eq!(refused.status(), 409);
    let (_, failures) = app
        .admin_get("/failures?category=user_already_exists")
        .await;
    assert_eq!(failures["total"], 1);

    let adopted: Value = app
        .create_user(&okta_user("writer@example.com", true))
        .await
        .json()
        .await
        .unwrap();
    let id = adopted["id"].as_str().unwrap();
    let toggled = app
        .scim_patch(
            &format!("/Users/{id}"),
            json!([{"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:document360:2.0:User:isTeamAccount", "value": "False"}]),
        )
        .await;
    assert_eq!(toggled.status(), 200);

    let (_, readers) = app.admin_get("/identities?kind=reader&q=writer").await;
    assert_eq!(readers["total"], 1);
    assert_eq!(readers["items"][0]["id"], id);
    assert_eq!(readers["items"][0]["origin"], "scim");
    assert_eq!(app.status().await["seats"]["used"], 0);
}

#[tokio::test]
async fn a_member_shared_by_two_groups_takes_one_seat_in_a_joint_repush() {
    let app = spawn_app_with_seats(0).await;
    assert_eq!(
        app.create_user(&okta_user("shared@example.com", true))
            .await
            .status(),
        403
    );
    let (a, _) = okta_group_push(&app, "A", &[("shared@example.com", "shared@example.com")]).await;
    let (b, _) = okta_group_push(&app, "B", &[("shared@example.com", "shared@example.com")]).await;
    app.settings(json!({"seat_limit": 1})).await;

    let (ok, outcome) = repush(&app, &[&a, &b]).await;

    assert_eq!(ok, 200, "{outcome}");
    assert_eq!(outcome["plan"]["seats_needed"], 1);
    assert_eq!(app.status().await["seats"]["used"], 1);
}
