//! A database from before projects (one settings row, its tokens, its data) keeps working as
//! project 1: same tokens, same identities and groups, same history, and room for more
//! projects beside it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use support::{OPERATOR_TOKEN, okta_user, spawn_app_in};

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Builds the database the server made before migration 0004, by applying the migrations
/// before it, then writes what that server would have written.
async fn single_project_database(data_dir: &Path) {
    let before = tempfile::tempdir().unwrap();
    // Read at run time: a test binary reused from a build in another checkout must still find
    // this checkout's files.
    let crate_dir =
        std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
    let migrations = Path::new(&crate_dir).join("migrations");
    for file in ["0001_init.sql", "0002_groups.sql", "0003_audit.sql"] {
        std::fs::copy(migrations.join(file), before.path().join(file)).unwrap();
    }
    let url = format!(
        "sqlite://{}?mode=rwc",
        data_dir
            .join(scim_sync_server::store::DATABASE_FILE)
            .display()
    );
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::migrate::Migrator::new(before.path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    let statements = [
        "INSERT INTO settings (id, scim_enabled, seat_limit) VALUES (1, 1, 7)".to_owned(),
        format!(
            "INSERT INTO tokens (kind, name, hash, created_at) VALUES ('scim', 'okta', '{}', 1000)",
            sha256_hex("old-scim-token")
        ),
        format!(
            "INSERT INTO tokens (kind, name, hash, created_at) VALUES ('admin', 'admin', '{}', 1000)",
            sha256_hex("old-admin-token")
        ),
        "INSERT INTO identities (id, external_id, user_name, user_name_key, email, email_key,
             display_name, kind, active, origin, resource, version, created_at, updated_at)
         VALUES ('u-1', 'ext-1', 'Ada@Example.com', 'ada@example.com', 'Ada@Example.com',
             'ada@example.com', 'Ada', 'user', 1, 'scim', '{\"userName\":\"Ada@Example.com\"}', 1,
             1000, 1000)"
            .to_owned(),
        "INSERT INTO groups (id, external_id, display_name, display_name_key, resource, version,
             state, created_at, updated_at)
         VALUES ('g-1', 'gext', 'Writers', 'writers', '{\"displayName\":\"Writers\"}', 1, 'active',
             1000, 1000)"
            .to_owned(),
        "INSERT INTO group_members (group_id, identity_id) VALUES ('g-1', 'u-1')".to_owned(),
        "INSERT INTO sync_runs (id, connection, idp, started_at, last_event_at, requests, failures)
         VALUES (1, 'okta', 'okta', 1000, 2000, 2, 1)"
            .to_owned(),
        "INSERT INTO sync_events (run_id, request_id, occurred_at, connection, idp, method, path,
             resource_type, target_user_name, status, scim_type, category, detail, request_body,
             duration_us)
         VALUES (1, 'r1', 2000, 'okta', 'okta', 'POST', '/scim/v2/Users', 'User', 'grace@example.com',
             403, NULL, 'licence_limit', 'Licence limit reached', '{\"userName\":\"grace@example.com\"}', 10)"
            .to_owned(),
        "INSERT INTO audit (at, actor, action, summary) VALUES (1500, 'admin', 'settings', 'seat limit 7')"
            .to_owned(),
    ];
    for statement in statements {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;
}

/// `GET /api/v1{path}` with the old admin token, as JSON.
async fn old_admin(app: &support::TestApp, path: &str) -> Value {
    let path = format!("/api/v1{path}");
    app.json_as("old-admin-token", Method::GET, &path, None)
        .await
        .1
}

#[tokio::test]
async fn a_single_project_database_becomes_project_one_and_keeps_working() {
    let data_dir = tempfile::tempdir().unwrap();
    single_project_database(data_dir.path()).await;
    // The old rows are from 1970: past every retention, which this test turns off.
    let app = spawn_app_in(data_dir, |config| {
        config.retention_days = 0;
        config.event_retention_days = 0;
        config.run_retention_days = 0;
        config.audit_retention_days = 0;
    })
    .await;

    let status = old_admin(&app, "/status").await;
    assert_eq!(status["seats"], json!({"limit": 7, "used": 1}), "{status}");
    let failures = old_admin(&app, "/failures").await;
    assert_eq!(
        failures["items"][0]["target_name"], "grace@example.com",
        "{failures}"
    );
    assert_eq!(failures["items"][0]["connection"], "okta");
    let audit = old_admin(&app, "/audit").await;
    assert_eq!(audit["items"][0]["summary"], "seat limit 7");
    let connections = old_admin(&app, "/connections").await;
    assert_eq!(
        connections[0]["name"], "okta",
        "the SCIM token's name became its connection"
    );
    assert_eq!(connections[0]["tokens"][0]["prefix"], Value::Null);

    // The old SCIM token still speaks for the project, and the unique keys still hold.
    let scim = |method: Method, path: &str| {
        app.request_as("old-scim-token", method, &format!("/scim/v2{path}"))
    };
    let group: Value = scim(Method::GET, "/Groups/g-1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(group["members"][0]["value"], "u-1", "{group}");
    let duplicate = scim(Method::POST, "/Users")
        .body(okta_user("ADA@example.com", true).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), 409);
    let created = scim(Method::POST, "/Users")
        .body(okta_user("grace@example.com", true).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let runs = old_admin(&app, "/runs").await;
    assert_eq!(
        runs["items"].as_array().unwrap().len(),
        2,
        "a new run beside the old: {runs}"
    );

    // A second project beside it.
    let (_, projects) = app
        .json_as(
            OPERATOR_TOKEN,
            Method::GET,
            "/api/v1/operator/projects",
            None,
        )
        .await;
    assert_eq!(projects[0]["id"], 1);
    assert_eq!(projects[0]["seat_limit"], 7);
    let other = app.second_project("Second").await;
    let same_user = app
        .request_as(&other.scim, Method::POST, "/scim/v2/Users")
        .body(okta_user("ada@example.com", true).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(same_user.status(), 201);
}
