//! Every rejection in its error shape: a query string, path parameter, JSON body or media type
//! the server cannot take is answered on SCIM with the SCIM error body (recorded as a
//! `validation` failure) and on the admin API with the admin error body; never plain text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::Value;
use support::*;

/// One malformed request and what it must be answered.
struct Case {
    what: &'static str,
    method: Method,
    path: &'static str,
    content_type: &'static str,
    body: &'static str,
    status: u16,
    /// SCIM: the `scimType`; admin: the error `code`.
    kind: &'static str,
}

const fn case(
    what: &'static str,
    method: Method,
    path: &'static str,
    content_type: &'static str,
    body: &'static str,
    status: u16,
    kind: &'static str,
) -> Case {
    Case {
        what,
        method,
        path,
        content_type,
        body,
        status,
        kind,
    }
}

const JSON: &str = "application/json";
const SCIM_JSON: &str = "application/scim+json";

fn scim_cases() -> Vec<Case> {
    vec![
        case(
            "a query parameter given twice",
            Method::GET,
            "/Users?filter=userName%20eq%20%22a%22&filter=userName%20eq%20%22b%22",
            SCIM_JSON,
            "",
            400,
            "invalidValue",
        ),
        case(
            "a projection parameter given twice",
            Method::GET,
            "/Groups/some-id?attributes=displayName&attributes=members",
            SCIM_JSON,
            "",
            400,
            "invalidValue",
        ),
        case(
            "a path parameter that is not UTF-8",
            Method::GET,
            "/Users/%FF%FE",
            SCIM_JSON,
            "",
            400,
            "invalidValue",
        ),
        case(
            "a group path parameter that is not UTF-8",
            Method::DELETE,
            "/Groups/%C3%28",
            SCIM_JSON,
            "",
            400,
            "invalidValue",
        ),
        case(
            "a body that is not JSON",
            Method::POST,
            "/Users",
            SCIM_JSON,
            "{\"userName\": ",
            400,
            "invalidSyntax",
        ),
        case(
            "a body of the wrong JSON type",
            Method::POST,
            "/Groups",
            SCIM_JSON,
            "[\"displayName\"]",
            400,
            "invalidSyntax",
        ),
        case(
            "a body with a wrong-typed attribute",
            Method::POST,
            "/Users",
            SCIM_JSON,
            "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":42}",
            400,
            "invalidValue",
        ),
        case(
            "a body sent as text/plain",
            Method::POST,
            "/Users",
            "text/plain",
            "{\"userName\":\"plain@example.com\"}",
            415,
            "invalidSyntax",
        ),
        case(
            "a PATCH sent as a form",
            Method::PATCH,
            "/Users/some-id",
            "application/x-www-form-urlencoded",
            "op=replace",
            415,
            "invalidSyntax",
        ),
    ]
}

fn admin_cases() -> Vec<Case> {
    vec![
        case(
            "a query parameter of the wrong type",
            Method::GET,
            "/runs?limit=many",
            JSON,
            "",
            400,
            "bad_request",
        ),
        case(
            "a boolean query parameter that is not one",
            Method::GET,
            "/identities?active=maybe",
            JSON,
            "",
            400,
            "bad_request",
        ),
        case(
            "a path parameter that is not a number",
            Method::GET,
            "/runs/latest",
            JSON,
            "",
            400,
            "bad_request",
        ),
        case(
            "an event id that is not a number",
            Method::POST,
            "/events/abc/retry",
            JSON,
            "",
            400,
            "bad_request",
        ),
        case(
            "a body that is not JSON",
            Method::PUT,
            "/settings",
            JSON,
            "{\"seat_limit\": ",
            400,
            "bad_request",
        ),
        case(
            "a body with a wrong-typed field",
            Method::PUT,
            "/settings",
            JSON,
            "{\"seat_limit\": \"lots\"}",
            400,
            "bad_request",
        ),
        case(
            "a body sent as text/plain",
            Method::POST,
            "/identities",
            "text/plain",
            "{\"email\":\"a@example.com\",\"kind\":\"reader\"}",
            400,
            "bad_request",
        ),
        case(
            "a method the endpoint does not take",
            Method::DELETE,
            "/status",
            JSON,
            "",
            405,
            "bad_request",
        ),
        case(
            "the live stream without its ticket",
            Method::GET,
            "/stream",
            JSON,
            "",
            400,
            "bad_request",
        ),
    ]
}

/// Sends a case as Okta would, with the case's `Content-Type`.
async fn send_scim(app: &TestApp, case: &Case) -> reqwest::Response {
    app.client
        .request(
            case.method.clone(),
            format!("{}/scim/v2{}", app.base, case.path),
        )
        .bearer_auth(SCIM_TOKEN)
        .header("user-agent", OKTA_USER_AGENT)
        .header("content-type", case.content_type)
        .body(case.body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_malformed_scim_request_is_answered_in_the_scim_error_shape() {
    let app = spawn_app().await;

    for case in scim_cases() {
        let response = send_scim(&app, &case).await;

        assert_eq!(response.status(), case.status, "{}", case.what);
        let body = scim_error(response).await;
        assert_eq!(body["status"], case.status.to_string(), "{}", case.what);
        assert_eq!(body["scimType"], case.kind, "{}: {body}", case.what);
        assert!(
            !body["detail"].as_str().unwrap_or_default().is_empty(),
            "{}: {body}",
            case.what
        );
    }
}

#[tokio::test]
async fn every_malformed_scim_request_is_recorded_as_a_validation_failure() {
    let app = spawn_app().await;
    let cases = scim_cases();
    for case in &cases {
        send_scim(&app, case).await;
    }

    let (status, failures) = app.admin_get("/failures?limit=1000").await;

    assert_eq!(status, 200);
    // Newest first: in the order sent, one event per case.
    let mut items = failures["items"].as_array().unwrap().clone();
    items.reverse();
    assert_eq!(items.len(), cases.len(), "{items:?}");
    for (case, event) in cases.iter().zip(&items) {
        let path = format!("/scim/v2{}", case.path);
        assert_eq!(event["path"], path.as_str(), "{}", case.what);
        assert_eq!(event["method"], case.method.as_str(), "{}", case.what);
        assert_eq!(event["category"], "validation", "{}", case.what);
        assert_eq!(event["status"], case.status, "{}", case.what);
        assert_eq!(event["scim_type"], case.kind, "{}", case.what);
    }
}

#[tokio::test]
async fn every_malformed_admin_request_is_answered_in_the_admin_error_shape() {
    let app = spawn_app().await;

    for case in admin_cases() {
        let mut request = app
            .client
            .request(
                case.method.clone(),
                format!("{}/api/v1{}", app.base, case.path),
            )
            .bearer_auth(ADMIN_TOKEN)
            .header("content-type", case.content_type);
        if !case.body.is_empty() {
            request = request.body(case.body);
        }
        let response = request.send().await.unwrap();

        assert_eq!(response.status(), case.status, "{}", case.what);
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{}",
            case.what
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], case.kind, "{}: {body}", case.what);
        assert!(
            !body["message"].as_str().unwrap_or_default().is_empty(),
            "{}: {body}",
            case.what
        );
    }
}

#[tokio::test]
async fn a_method_the_admin_api_does_not_take_still_says_which_it_does() {
    let app = spawn_app().await;

    let response = app
        .client
        .delete(format!("{}/api/v1/settings", app.base))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 405);
    let allow = response.headers()["allow"].to_str().unwrap().to_owned();
    assert!(allow.contains("GET") && allow.contains("PUT"), "{allow}");
}
