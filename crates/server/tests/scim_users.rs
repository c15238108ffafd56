//! `POST /Users` and `GET /Users/{id}` over real HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::net::{IpAddr, Ipv4Addr};

use reqwest::Method;
use serde_json::{Value, json};
use support::*;

#[tokio::test]
async fn a_location_says_https_only_when_a_trusted_proxy_says_the_client_came_over_tls() {
    for (trusted, scheme) in [(false, "http://"), (true, "https://")] {
        let app = spawn_app_with(|config| {
            if trusted {
                config.trusted_proxies = vec![IpAddr::V4(Ipv4Addr::LOCALHOST)];
            }
        })
        .await;

        let response = app
            .scim(Method::POST, "/Users")
            .header("x-forwarded-proto", "https")
            .body(okta_user("ada@example.com", false).to_string())
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 201);
        let location = response.headers()["location"].to_str().unwrap();
        assert!(
            location.starts_with(scheme),
            "trusted: {trusted}: {location}"
        );
    }
}

#[tokio::test]
async fn a_user_with_is_team_account_true_takes_a_seat() {
    let app = spawn_app().await;

    let response = app.create_user(&okta_user("ada@example.com", true)).await;

    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let user: Value = response.json().await.unwrap();
    assert_eq!(user["userName"], "ada@example.com");
    assert_eq!(user[PLATFORM_USER_SCHEMA]["isTeamAccount"], true);
    assert_eq!(user["meta"]["resourceType"], "User");
    assert_eq!(user["meta"]["location"], location);
    assert_eq!(user["meta"]["version"], etag);
    assert!(
        user.get("password").is_none(),
        "the password is never returned"
    );
    let status = app.status().await;
    assert_eq!(status["seats"]["used"], 1);
    assert_eq!(status["readers"], 0);
}

#[tokio::test]
async fn a_reader_takes_no_seat() {
    let app = spawn_app().await;

    let response = app
        .create_user(&okta_user("reader@example.com", false))
        .await;

    assert_eq!(response.status(), 201);
    let status = app.status().await;
    assert_eq!(status["seats"]["used"], 0);
    assert_eq!(status["readers"], 1);
}

#[tokio::test]
async fn a_created_user_reads_back_by_id_with_the_same_etag() {
    let app = spawn_app().await;
    let created: Value = app
        .create_user(&okta_user("grace@example.com", true))
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap();

    let response = app
        .scim(Method::GET, &format!("/Users/{id}"))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["etag"],
        created["meta"]["version"].as_str().unwrap()
    );
    let fetched: Value = response.json().await.unwrap();
    assert_eq!(fetched, created);
}

#[tokio::test]
async fn an_unknown_user_id_is_a_404_scim_error() {
    let app = spawn_app().await;

    let response = app
        .scim(Method::GET, "/Users/does-not-exist")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 404);
    let body = scim_error(response).await;
    assert_eq!(body["status"], "404");
}

#[tokio::test]
async fn a_second_user_with_the_same_user_name_in_other_case_is_a_409_uniqueness() {
    let app = spawn_app().await;
    app.create_user(&okta_user("dup@example.com", false)).await;

    let response = app.create_user(&okta_user("DUP@example.com", false)).await;

    assert_eq!(response.status(), 409);
    let body = scim_error(response).await;
    assert_eq!(body["scimType"], "uniqueness");
    assert_eq!(body["status"], "409");
}

#[tokio::test]
async fn a_user_beyond_the_seat_limit_is_refused_with_403_naming_the_limit() {
    let app = spawn_app_with_seats(1).await;
    assert_eq!(
        app.create_user(&okta_user("one@example.com", true))
            .await
            .status(),
        201
    );

    let response = app.create_user(&okta_user("two@example.com", true)).await;

    assert_eq!(response.status(), 403);
    let body = scim_error(response).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("all 1 User seats")
    );
    assert_eq!(app.status().await["seats"]["used"], 1);
    let reader = app.create_user(&okta_user("two@example.com", false)).await;
    assert_eq!(reader.status(), 201, "a Reader needs no seat");
}

#[tokio::test]
async fn an_inactive_user_takes_no_seat_even_at_the_limit() {
    let app = spawn_app_with_seats(0).await;
    let mut body = okta_user("inactive@example.com", true);
    body["active"] = json!(false);

    let response = app.create_user(&body).await;

    assert_eq!(response.status(), 201);
    assert_eq!(app.status().await["seats"]["used"], 0);
}

#[tokio::test]
async fn a_body_without_user_name_is_a_400_invalid_value() {
    let app = spawn_app().await;

    let response = app.create_user(&json!({"displayName": "No Name"})).await;

    assert_eq!(response.status(), 400);
    assert_eq!(scim_error(response).await["scimType"], "invalidValue");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_400_invalid_syntax() {
    let app = spawn_app().await;

    let response = app
        .scim(Method::POST, "/Users")
        .body("{not json")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 400);
    assert_eq!(scim_error(response).await["scimType"], "invalidSyntax");
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_a_401_with_www_authenticate() {
    let app = spawn_app().await;
    for token in [None, Some("wrong")] {
        let mut request = app
            .client
            .post(format!("{}/scim/v2/Users", app.base))
            .body(okta_user("x@example.com", false).to_string());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }

        let response = request.send().await.unwrap();

        assert_eq!(response.status(), 401);
        assert!(
            response.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Bearer")
        );
        assert_eq!(scim_error(response).await["status"], "401");
    }
    assert_eq!(app.status().await["readers"], 0, "nothing was created");
}

#[tokio::test]
async fn every_request_is_recorded_in_the_last_run_with_its_failure_category() {
    let app = spawn_app_with_seats(0).await;
    app.create_user(&okta_user("r@example.com", false)).await;
    app.create_user(&okta_user("u@example.com", true)).await;
    app.create_user(&okta_user("r@example.com", false)).await;

    let run = app.status().await["last_run"].clone();

    assert_eq!(run["connection"], "default");
    assert_eq!(run["idp"], "okta");
    assert_eq!(run["status"], "running");
    assert_eq!(run["requests"], 3);
    assert_eq!(run["failures"], 2);
    let categories: Vec<&str> = run["failures_by_category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["category"].as_str().unwrap())
        .collect();
    assert_eq!(categories, ["duplicate_user", "licence_limit"]);
}
