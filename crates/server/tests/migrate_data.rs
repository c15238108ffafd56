//! `scim-sync-server migrate-data --from sqlite:PATH --to postgres://…`: a SQLite installation
//! filled by real SCIM traffic is moved into PostgreSQL, and a server started there serves
//! every project as before; a target with data, a source that is not ours and a copy that fails
//! midway change nothing. Always on PostgreSQL (the test cluster), whatever the test backend.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use reqwest::Method;
use scim_sync_server::store::migrate::{COPIED, NOT_COPIED};
use serde_json::{Value, json};
use sqlx::PgPool;
use support::postgres;
use support::*;

/// Runs the command; answers its output.
fn migrate_data(from: &str, to: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scim-sync-server"))
        .args(["migrate-data", "--from", from, "--to", to])
        .env_remove("SSD_DATABASE_URL")
        .output()
        .expect("the server binary runs")
}

fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn sqlite_source(data_dir: &Path) -> String {
    format!(
        "sqlite:{}",
        data_dir
            .join(scim_sync_server::store::DATABASE_FILE)
            .display()
    )
}

/// Rows in each copied table of the PostgreSQL database (none where it has no schema yet).
async fn row_counts(url: &str) -> Vec<(String, i64)> {
    let pool = PgPool::connect(url).await.unwrap();
    let mut counts = Vec::new();
    for table in COPIED {
        let exists: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
            .bind(table)
            .fetch_one(&pool)
            .await
            .unwrap();
        if exists {
            let rows: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            counts.push((table.to_owned(), rows));
        }
    }
    pool.close().await;
    counts
}

/// A project's credentials: its admin token and its SCIM token.
struct Credentials {
    admin: String,
    scim: String,
}

/// What a project's admin sees through the admin API.
async fn admin_view(app: &TestApp, project: &Credentials, alice: &str) -> Vec<(String, Value)> {
    let mut seen = Vec::new();
    for path in [
        "/api/v1/status",
        "/api/v1/connections",
        "/api/v1/groups",
        "/api/v1/failures",
        "/api/v1/runs",
        "/api/v1/audit",
        "/api/v1/settings",
        &format!("/api/v1/identities/{alice}/timeline"),
    ] {
        let (status, mut body) = app.json_as(&project.admin, Method::GET, path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
        // Time left until the running run ends: a figure of the moment asked, not data.
        if let Some(fields) = body.as_object_mut() {
            fields.remove("last_run_ends_in_ms");
        }
        seen.push((path.to_owned(), body));
    }
    seen
}

/// What a project's IdP sees through SCIM, with the server's own address taken out of the
/// resources' locations. A SCIM request is itself recorded (and then seen in the admin API's
/// history): the source is asked this before [`admin_view`], the target after it.
async fn scim_view(app: &TestApp, project: &Credentials) -> Vec<(String, Value)> {
    let mut seen = Vec::new();
    for path in ["/scim/v2/Users", "/scim/v2/Groups"] {
        let (status, body) = app.json_as(&project.scim, Method::GET, path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
        let body = body.to_string().replace(&app.base, "http://SERVER");
        seen.push((path.to_owned(), serde_json::from_str(&body).unwrap()));
    }
    seen
}

async fn post_user(
    app: &TestApp,
    project: &Credentials,
    user_name: &str,
    team: bool,
) -> (u16, Value) {
    app.json_as(
        &project.scim,
        Method::POST,
        "/scim/v2/Users",
        Some(&okta_user(user_name, team)),
    )
    .await
}

/// Two projects with their own tokens: users, groups with members, a tombstone, failed
/// requests and admin actions, all through SCIM and the admin API.
async fn fill(app: &TestApp) -> (Credentials, Credentials, String, String) {
    let first = Credentials {
        admin: ADMIN_TOKEN.into(),
        scim: SCIM_TOKEN.into(),
    };
    let alice = app.create_user_id("alice@example.com", true).await;
    let bob = app.create_user_id("bob@example.com", false).await;
    let carol = app.create_user_id("carol@example.com", true).await;
    app.create_group("Engineering", &[&alice, &bob]).await;
    let support = app.create_group("Support", &[&carol]).await;
    let (duplicate, _) = post_user(app, &first, "alice@example.com", true).await;
    assert_eq!(duplicate, 409);
    assert_eq!(
        app.post_user_without_user_name("nobody@example.com").await,
        400
    );
    let deleted = app
        .request_as(
            ADMIN_TOKEN,
            Method::DELETE,
            &format!("/api/v1/groups/{}", support["id"].as_str().unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        deleted.status(),
        204,
        "an admin deletes a group in the project"
    );
    app.settings(json!({"seat_limit": 7})).await;

    let other = app.second_project("Docs EU").await;
    let second = Credentials {
        admin: other.admin.clone(),
        scim: other.scim.clone(),
    };
    let (created, dave) = post_user(app, &second, "dave@example.com", true).await;
    assert_eq!(created, 201, "{dave}");
    let dave = dave["id"].as_str().unwrap().to_owned();
    let (created, group) = app
        .json_as(
            &second.scim,
            Method::POST,
            "/scim/v2/Groups",
            Some(&json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "displayName": "Writers",
                "members": [{"value": dave}],
            })),
        )
        .await;
    assert_eq!(created, 201, "{group}");
    let (refused, _) = post_user(app, &second, "dave@example.com", true).await;
    assert_eq!(refused, 409);
    (first, second, alice, dave)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_installation_moved_into_postgresql_serves_every_project_as_before() {
    let source = spawn_app_on_sqlite(|_| {}).await;
    let (first, second, alice, dave) = fill(&source).await;
    let mut before = Vec::new();
    for (project, someone) in [(&first, &alice), (&second, &dave)] {
        let scim = scim_view(&source, project).await;
        before.push((admin_view(&source, project, someone).await, scim));
    }
    let data_dir = source.stop().await;
    let url = postgres::database().await;

    let output = migrate_data(&sqlite_source(data_dir.path()), &url);

    assert!(output.status.success(), "{}", said(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for table in COPIED {
        assert!(
            stdout.contains(&format!("  {table} ")),
            "{table} in {stdout}"
        );
    }
    let identities = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("identities "))
        .unwrap();
    assert!(identities.ends_with(" 4 rows"), "{identities}");
    let target = spawn_app_on_database(&url, |_| {}).await;
    for ((project, someone), (admin, scim)) in [(&first, &alice), (&second, &dave)]
        .into_iter()
        .zip(&before)
    {
        assert_eq!(&admin_view(&target, project, someone).await, admin);
        assert_eq!(&scim_view(&target, project).await, scim);
    }

    // New writes continue past the copied ids and the copied creation order.
    let (created, erin) = post_user(&target, &first, "erin@example.com", true).await;
    assert_eq!(created, 201, "{erin}");
    let (_, users) = target
        .json_as(&first.scim, Method::GET, "/scim/v2/Users", None)
        .await;
    let listed: Vec<&str> = users["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["userName"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        [
            "alice@example.com",
            "bob@example.com",
            "carol@example.com",
            "erin@example.com"
        ]
    );
    let (created, third) = target
        .json_as(
            OPERATOR_TOKEN,
            Method::POST,
            "/api/v1/operator/projects",
            Some(&json!({"name": "Docs US"})),
        )
        .await;
    assert_eq!(created, 201, "{third}");
    assert_eq!(third["project"]["id"], 3, "{third}");
    let (_, failures) = target
        .json_as(&first.admin, Method::GET, "/api/v1/failures", None)
        .await;
    let (duplicate, _) = post_user(&target, &first, "erin@example.com", true).await;
    assert_eq!(duplicate, 409);
    let (_, failures_after) = target
        .json_as(&first.admin, Method::GET, "/api/v1/failures", None)
        .await;
    assert_eq!(
        failures_after["items"].as_array().unwrap().len(),
        failures["items"].as_array().unwrap().len() + 1,
        "a new failure is recorded beside the copied ones: {failures_after}"
    );

    // A second migration into the same database is refused and changes nothing.
    let counts = row_counts(&url).await;
    let again = migrate_data(&sqlite_source(data_dir.path()), &url);
    assert!(!again.status.success(), "{}", said(&again));
    assert!(
        said(&again).contains("the target database already holds data (projects: 3 rows"),
        "{}",
        said(&again)
    );
    assert_eq!(row_counts(&url).await, counts);
}

#[tokio::test]
async fn every_table_of_the_schema_is_copied_or_named_as_not_copied() {
    let sqlite_dir = tempfile::tempdir().unwrap();
    let sqlite = scim_sync_server::store::Db::open(sqlite_dir.path())
        .await
        .unwrap();
    let url = postgres::database().await;
    scim_sync_server::store::Db::connect(&url).await.unwrap();
    let listed: BTreeSet<String> = COPIED
        .iter()
        .copied()
        .chain(NOT_COPIED.iter().map(|(table, _)| *table))
        .map(str::to_owned)
        .collect();

    let on_sqlite: BTreeSet<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(sqlite.sqlite().unwrap().pool())
    .await
    .unwrap()
    .into_iter()
    .collect();
    let pool = PgPool::connect(&url).await.unwrap();
    let on_postgres: BTreeSet<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .into_iter()
    .collect();

    for (backend, tables) in [("SQLite", &on_sqlite), ("PostgreSQL", &on_postgres)] {
        let unlisted: Vec<&String> = tables.difference(&listed).collect();
        assert!(
            unlisted.is_empty(),
            "{backend}'s schema has tables migrate-data neither copies nor names as not \
             copied: {unlisted:?}; add each to store::migrate::COPIED or NOT_COPIED"
        );
    }
    let copied_missing: Vec<&str> = COPIED
        .iter()
        .copied()
        .filter(|t| !on_sqlite.contains(*t) || !on_postgres.contains(*t))
        .collect();
    assert!(
        copied_missing.is_empty(),
        "a copied table is missing: {copied_missing:?}"
    );
    let both: BTreeSet<String> = on_sqlite.union(&on_postgres).cloned().collect();
    let gone: Vec<&String> = listed.difference(&both).collect();
    assert!(gone.is_empty(), "neither schema has {gone:?}");
}

#[tokio::test]
async fn a_source_that_is_not_a_sqlite_database_of_ours_is_refused_and_the_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.sqlite3");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database\n").unwrap();
    let foreign = dir.path().join("foreign.sqlite3");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", foreign.display()))
        .await
        .unwrap();
    sqlx::query("CREATE TABLE projects (id INTEGER PRIMARY KEY)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let url = postgres::database().await;

    for (path, why) in [
        (&missing, "does not exist"),
        (&text, "is not a SQLite database"),
        (&foreign, "is not a SCIM Sync Dashboard database"),
    ] {
        let output = migrate_data(&format!("sqlite:{}", path.display()), &url);

        assert!(!output.status.success(), "{}", said(&output));
        assert!(
            said(&output).contains(&format!("the source {} {why}", path.display())),
            "{}",
            said(&output)
        );
    }
    assert!(!missing.exists(), "a missing source is not created");
    assert!(
        row_counts(&url).await.is_empty(),
        "the target has no schema"
    );
}

#[tokio::test]
async fn a_copy_that_fails_midway_leaves_no_row_and_never_shows_the_password() {
    let source = spawn_app_on_sqlite(|_| {}).await;
    source.create_user_id("alice@example.com", true).await;
    source.settings(json!({"seat_limit": 9})).await;
    // A time SQLite took as text, which no BIGINT reads: the copy fails at `audit`, after the
    // projects, identities and events were sent.
    source
        .execute_sql("UPDATE audit SET at = 'yesterday'")
        .await;
    let data_dir = source.stop().await;
    let url = postgres::database().await.replacen(
        "postgres://ssd@",
        "postgres://ssd:s3cret-password@",
        1,
    );

    let output = migrate_data(&sqlite_source(data_dir.path()), &url);

    let said = said(&output);
    assert!(!output.status.success(), "{said}");
    assert!(
        said.contains("copying audit failed, so nothing was copied"),
        "{said}"
    );
    assert!(said.contains("postgres://ssd:***@localhost/"), "{said}");
    assert!(!said.contains("s3cret-password"), "{said}");
    let counts = row_counts(&url).await;
    assert_eq!(
        counts.len(),
        COPIED.len(),
        "the schema is there: {counts:?}"
    );
    assert!(counts.iter().all(|(_, rows)| *rows == 0), "{counts:?}");
}
