//! No credential of one project reads, writes, counts or streams anything of another: every
//! SCIM and admin endpoint, called with project B's credentials on project A's ids, as an
//! outsider holding a valid token of *some* project would try.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::{ADMIN_TOKEN, SCIM_TOKEN, TestApp, okta_user, spawn_app};

/// What one of project A's objects looks like from project B.
#[derive(Debug, Clone, Copy)]
enum Seen {
    /// 404, in the endpoint's error shape.
    NotFound,
    /// 400 (a group naming another project's member: not provisioned here).
    BadRequest,
    /// 2xx, and the body mentions none of A's ids or names.
    Absent,
}

/// Project A's objects, made through its own credentials.
struct ProjectA {
    user: String,
    only_in_a: String,
    group: String,
    failure: i64,
    run: i64,
    connection: i64,
    token: i64,
}

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn project_a(app: &TestApp) -> ProjectA {
    let user = app.create_user_id("ada@example.com", true).await;
    let only_in_a = app.create_user_id("bob.only.in.a@example.com", true).await;
    let group: Value = app.create_group("Engineering A", &[&user]).await;
    // A failed request, with its run.
    let duplicate = app
        .create_user(&okta_user("bob.only.in.a@example.com", true))
        .await;
    assert_eq!(duplicate.status(), 409);
    let (_, failures) = app.admin_get("/failures").await;
    let failure = &failures["items"][0];
    let (_, connections) = app.admin_get("/connections").await;
    ProjectA {
        user,
        only_in_a,
        group: group["id"].as_str().unwrap().to_owned(),
        failure: failure["id"].as_i64().unwrap(),
        run: failure["run_id"].as_i64().unwrap(),
        connection: connections[0]["id"].as_i64().unwrap(),
        token: connections[0]["tokens"][0]["id"].as_i64().unwrap(),
    }
}

#[tokio::test]
async fn no_scim_or_admin_endpoint_shows_or_changes_another_projects_data() {
    let app = spawn_app().await;
    let a = project_a(&app).await;
    let b = app.second_project("Project B").await;
    // The same userName exists in both projects: uniqueness holds per project.
    let same_name = app
        .request_as(&b.scim, Method::POST, "/scim/v2/Users")
        .body(okta_user("ada@example.com", true).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        same_name.status(),
        201,
        "the same userName in another project"
    );
    let b_user = same_name.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(b_user, a.user);

    let patch = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": false}],
    });
    let group_body = |members: Vec<&str>| {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Engineering A",
            "members": members.iter().map(|m| json!({"value": m})).collect::<Vec<_>>(),
        })
    };
    let user_path = format!("/scim/v2/Users/{}", a.user);
    let group_path = format!("/scim/v2/Groups/{}", a.group);
    let scim: Vec<(Method, String, Option<Value>, Seen)> = vec![
        (Method::GET, user_path.clone(), None, Seen::NotFound),
        (
            Method::PUT,
            user_path.clone(),
            Some(okta_user("ada@example.com", false)),
            Seen::NotFound,
        ),
        (
            Method::PATCH,
            user_path.clone(),
            Some(patch.clone()),
            Seen::NotFound,
        ),
        (Method::DELETE, user_path.clone(), None, Seen::NotFound),
        (Method::GET, group_path.clone(), None, Seen::NotFound),
        (
            Method::PUT,
            group_path.clone(),
            Some(group_body(vec![])),
            Seen::NotFound,
        ),
        (
            Method::PATCH,
            group_path.clone(),
            Some(patch.clone()),
            Seen::NotFound,
        ),
        (Method::DELETE, group_path.clone(), None, Seen::NotFound),
        (
            Method::POST,
            "/scim/v2/Groups".into(),
            Some(group_body(vec![&a.user])),
            Seen::BadRequest,
        ),
        (Method::GET, "/scim/v2/Users".into(), None, Seen::Absent),
        (
            Method::GET,
            "/scim/v2/Users?filter=userName%20eq%20%22bob.only.in.a@example.com%22".into(),
            None,
            Seen::Absent,
        ),
        (
            Method::GET,
            format!("/scim/v2/Users?filter=id%20eq%20%22{}%22", a.user),
            None,
            Seen::Absent,
        ),
        (Method::GET, "/scim/v2/Groups".into(), None, Seen::Absent),
        (
            Method::GET,
            "/scim/v2/Groups?filter=displayName%20eq%20%22Engineering%20A%22".into(),
            None,
            Seen::Absent,
        ),
        (
            Method::POST,
            "/scim/v2/.search".into(),
            Some(json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]})),
            Seen::Absent,
        ),
        (
            Method::POST,
            "/scim/v2/Users/.search".into(),
            Some(json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]})),
            Seen::Absent,
        ),
        (
            Method::POST,
            "/scim/v2/Groups/.search".into(),
            Some(json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]})),
            Seen::Absent,
        ),
    ];
    let admin: Vec<(Method, String, Option<Value>, Seen)> = vec![
        (
            Method::GET,
            format!("/api/v1/events/{}", a.failure),
            None,
            Seen::NotFound,
        ),
        (
            Method::POST,
            format!("/api/v1/events/{}/retry", a.failure),
            Some(json!({})),
            Seen::NotFound,
        ),
        (
            Method::GET,
            format!("/api/v1/runs/{}", a.run),
            None,
            Seen::NotFound,
        ),
        (Method::GET, "/api/v1/runs".into(), None, Seen::Absent),
        (Method::GET, "/api/v1/status".into(), None, Seen::Absent),
        (Method::GET, "/api/v1/health".into(), None, Seen::Absent),
        (Method::GET, "/api/v1/webhooks".into(), None, Seen::Absent),
        (Method::GET, "/api/v1/failures".into(), None, Seen::Absent),
        (
            Method::GET,
            format!("/api/v1/failures?run={}", a.run),
            None,
            Seen::Absent,
        ),
        (
            Method::GET,
            "/api/v1/failures.csv".into(),
            None,
            Seen::Absent,
        ),
        (Method::GET, "/api/v1/identities".into(), None, Seen::Absent),
        (
            Method::GET,
            "/api/v1/identities?q=bob".into(),
            None,
            Seen::Absent,
        ),
        (
            Method::GET,
            format!("/api/v1/identities/{}/timeline", a.user),
            None,
            Seen::Absent,
        ),
        (Method::GET, "/api/v1/groups".into(), None, Seen::Absent),
        (
            Method::GET,
            format!("/api/v1/groups/{}", a.group),
            None,
            Seen::NotFound,
        ),
        (
            Method::DELETE,
            format!("/api/v1/groups/{}", a.group),
            None,
            Seen::NotFound,
        ),
        (
            Method::GET,
            format!("/api/v1/groups/{}/timeline", a.group),
            None,
            Seen::Absent,
        ),
        (
            Method::POST,
            "/api/v1/repush".into(),
            Some(json!({"group_ids": [a.group]})),
            Seen::NotFound,
        ),
        (Method::GET, "/api/v1/audit".into(), None, Seen::Absent),
        (
            Method::GET,
            "/api/v1/audit?action=settings&q=seat".into(),
            None,
            Seen::Absent,
        ),
        (Method::GET, "/api/v1/settings".into(), None, Seen::Absent),
        (
            Method::GET,
            "/api/v1/connections".into(),
            None,
            Seen::Absent,
        ),
        (
            Method::POST,
            format!("/api/v1/connections/{}/tokens", a.connection),
            Some(json!({"name": "stolen"})),
            Seen::NotFound,
        ),
        (
            Method::DELETE,
            format!("/api/v1/connections/{}/tokens/{}", a.connection, a.token),
            None,
            Seen::NotFound,
        ),
    ];
    let a_marks = [
        a.user.clone(),
        a.only_in_a.clone(),
        a.group.clone(),
        "bob.only.in.a".to_owned(),
        "Engineering A".to_owned(),
    ];
    // The admin probes first: B's own record of its SCIM probes names A's ids, rightly.
    for (token, table) in [(&b.admin, &admin), (&b.scim, &scim)] {
        for (method, path, body, seen) in table {
            let mut request = app.request_as(token, method.clone(), path);
            if let Some(body) = body {
                request = request.body(body.to_string());
            }
            let (status, answer) = json_of(request.send().await.unwrap()).await;
            let text = answer.to_string();
            match seen {
                Seen::NotFound => assert_eq!(status, 404, "{method} {path}: {text}"),
                Seen::BadRequest => assert_eq!(status, 400, "{method} {path}: {text}"),
                Seen::Absent => assert!((200..300).contains(&status), "{method} {path}: {text}"),
            }
            // A 404 names the id it was asked for; only what a 2xx shows can leak.
            if matches!(seen, Seen::Absent) {
                for mark in &a_marks {
                    assert!(
                        !text.contains(mark.as_str()),
                        "{method} {path} shows {mark}: {text}"
                    );
                }
            }
        }
    }

    // Counts are B's own: one seat (its own ada), no groups; A's are untouched.
    let (_, b_status) = json_of(
        app.request_as(&b.admin, Method::GET, "/api/v1/status")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(b_status["seats"]["used"], 1, "{b_status}");
    assert_eq!(b_status["seats"]["limit"], 10);
    let a_status = app.status().await;
    assert_eq!(a_status["seats"]["used"], 2, "{a_status}");
    assert_eq!(a_status["seats"]["limit"], 25);
    let a_user = app
        .scim(Method::GET, &format!("/Users/{}", a.user))
        .send()
        .await
        .unwrap();
    assert_eq!(a_user.status(), 200);
    assert_eq!(a_user.json::<Value>().await.unwrap()["active"], true);
    let (_, a_groups) = app.admin_get("/groups").await;
    assert_eq!(a_groups[0]["state"], "synced", "{a_groups}");
    assert_eq!(a_groups[0]["member_count"], 1, "{a_groups}");

    // B's settings change is B's alone.
    let changed = app
        .request_as(&b.admin, Method::PUT, "/api/v1/settings")
        .header("content-type", "application/json")
        .body(json!({"scim_enabled": false, "seat_limit": 3}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let (_, a_settings) = app.admin_get("/settings").await;
    assert_eq!(a_settings, json!({"scim_enabled": true, "seat_limit": 25}));
    let still_works = app
        .create_user(&okta_user("carol@example.com", false))
        .await;
    assert_eq!(still_works.status(), 201, "A's SCIM stays on");
}

#[tokio::test]
async fn the_live_stream_of_one_project_carries_nothing_of_another() {
    let app = spawn_app().await;
    let b = app.second_project("Project B").await;
    let ticket: Value = app
        .request_as(&b.admin, Method::POST, "/api/v1/stream/ticket")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut stream = app
        .client
        .get(format!(
            "{}/api/v1/stream?ticket={}",
            app.base,
            ticket["ticket"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);

    app.create_user_id("only.a@example.com", true).await;
    let created = app
        .request_as(&b.scim, Method::POST, "/scim/v2/Users")
        .body(okta_user("only.b@example.com", true).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);

    let received = support::read_until(&mut stream, "only.b@example.com").await;
    assert!(!received.contains("only.a@example.com"), "{received}");
}

#[tokio::test]
async fn a_token_of_one_kind_opens_nothing_of_the_other() {
    let app = spawn_app().await;
    let scim_as_admin = app
        .request_as(SCIM_TOKEN, Method::GET, "/api/v1/status")
        .send()
        .await
        .unwrap();
    assert_eq!(scim_as_admin.status(), 401);
    let admin_as_scim = app
        .request_as(ADMIN_TOKEN, Method::GET, "/scim/v2/Users")
        .send()
        .await
        .unwrap();
    assert_eq!(admin_as_scim.status(), 401);
    let admin_as_operator = app
        .request_as(ADMIN_TOKEN, Method::GET, "/api/v1/operator/projects")
        .send()
        .await
        .unwrap();
    assert_eq!(admin_as_operator.status(), 401);
    let (_, failures) = app.admin_get("/failures").await;
    assert_eq!(
        failures["items"],
        json!([]),
        "an admin token on SCIM is no project's request"
    );
}
