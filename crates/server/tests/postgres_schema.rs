//! The PostgreSQL schema (`migrations-postgres/`) on a real cluster: the same tables, columns
//! and indexes as the SQLite schema the server migrates to, the same uniqueness per project,
//! and migrations that apply once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;

use scim_sync_server::store::Db;
use sqlx::{PgPool, Row};

/// Columns PostgreSQL has for what SQLite's rowid gives (creation order).
const POSTGRES_ONLY_COLUMNS: [(&str, &str); 2] = [("groups", "seq"), ("identities", "seq")];
/// Tables of what SQLite has no need for: live messages too large to `NOTIFY` to the other
/// servers (`live::relay`; a SQLite database has one server).
const POSTGRES_ONLY_TABLES: [&str; 1] = ["stream_parked"];
/// Indexes over those columns and tables.
const POSTGRES_ONLY_INDEXES: [&str; 3] =
    ["groups_by_seq", "identities_by_seq", "stream_parked_by_age"];

async fn migrated() -> PgPool {
    let pool = PgPool::connect(&support::postgres::database().await)
        .await
        .expect("connect");
    sqlx::migrate!("./migrations-postgres")
        .run(&pool)
        .await
        .expect("migrate");
    pool
}

async fn sqlite() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(dir.path()).await.expect("open SQLite");
    (dir, db)
}

#[tokio::test]
async fn the_postgresql_schema_has_every_table_and_column_of_the_sqlite_one() {
    let (_dir, db) = sqlite().await;
    let pool = migrated().await;

    let on_sqlite: BTreeSet<(String, String)> = sqlx::query(
        "SELECT m.name AS table_name, p.name AS column_name
         FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
    )
    .fetch_all(db.sqlite().expect("SQLite").pool())
    .await
    .expect("SQLite columns")
    .iter()
    .map(|r| (r.get("table_name"), r.get("column_name")))
    .collect();
    let on_postgres: BTreeSet<(String, String)> = sqlx::query(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&pool)
    .await
    .expect("PostgreSQL columns")
    .iter()
    .map(|r| (r.get("table_name"), r.get("column_name")))
    .filter(|(t, c): &(String, String)| !POSTGRES_ONLY_COLUMNS.contains(&(t.as_str(), c.as_str())))
    .filter(|(t, _): &(String, String)| !POSTGRES_ONLY_TABLES.contains(&t.as_str()))
    .collect();

    assert!(on_sqlite.len() > 50, "{on_sqlite:?}");
    assert_eq!(on_postgres, on_sqlite);
}

#[tokio::test]
async fn the_postgresql_schema_has_every_index_of_the_sqlite_one() {
    let (_dir, db) = sqlite().await;
    let pool = migrated().await;

    // Named indexes only: both databases name the ones behind keys and UNIQUE themselves.
    let on_sqlite: BTreeSet<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )
    .fetch_all(db.sqlite().expect("SQLite").pool())
    .await
    .expect("SQLite indexes")
    .into_iter()
    .collect();
    let on_postgres: BTreeSet<String> = sqlx::query_scalar(
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public'
         AND indexname NOT IN (SELECT conname FROM pg_constraint)",
    )
    .fetch_all(&pool)
    .await
    .expect("PostgreSQL indexes")
    .into_iter()
    .filter(|name: &String| !POSTGRES_ONLY_INDEXES.contains(&name.as_str()))
    .collect();

    assert!(on_sqlite.contains("groups_live_display_name"));
    assert_eq!(on_postgres, on_sqlite);
}

async fn project(pool: &PgPool, name: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO projects (name, scim_enabled, seat_limit, created_at)
         VALUES ($1, true, 5, 0) RETURNING id",
    )
    .bind(name)
    .fetch_one(pool)
    .await
    .expect("a project")
}

async fn identity(pool: &PgPool, project: i64, id: &str, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO identities (id, project_id, user_name, user_name_key, email, email_key, kind,
             active, origin, resource, version, created_at, updated_at)
         VALUES ($1, $2, $3, $3, $3, $3, 'user', true, 'scim', '{}', 1, 0, 0)",
    )
    .bind(id)
    .bind(project)
    .bind(key)
    .execute(pool)
    .await
    .map(|_| ())
}

async fn group(
    pool: &PgPool,
    project: i64,
    id: &str,
    key: &str,
    state: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO groups (id, project_id, display_name, display_name_key, resource, version,
             state, created_at, updated_at)
         VALUES ($1, $2, $3, $3, '{}', 1, $4, 0, 0)",
    )
    .bind(id)
    .bind(project)
    .bind(key)
    .bind(state)
    .execute(pool)
    .await
    .map(|_| ())
}

fn is_unique_violation(result: Result<(), sqlx::Error>) -> bool {
    matches!(result, Err(sqlx::Error::Database(e)) if e.is_unique_violation())
}

#[tokio::test]
async fn a_user_name_is_unique_within_a_project_and_free_in_another() {
    let pool = migrated().await;
    let (first, second) = (project(&pool, "a").await, project(&pool, "b").await);

    identity(&pool, first, "u1", "ada@example.com")
        .await
        .expect("the first");
    let same_project = identity(&pool, first, "u2", "ada@example.com").await;
    let other_project = identity(&pool, second, "u3", "ada@example.com").await;

    assert!(is_unique_violation(same_project));
    assert!(other_project.is_ok(), "{other_project:?}");
}

#[tokio::test]
async fn a_tombstone_does_not_block_a_live_group_of_the_same_name_but_a_live_one_does() {
    let pool = migrated().await;
    let project = project(&pool, "a").await;

    group(&pool, project, "g1", "engineering", "deleted_in_project")
        .await
        .expect("a tombstone");
    let live = group(&pool, project, "g2", "engineering", "active").await;
    let second_live = group(&pool, project, "g3", "engineering", "active").await;

    assert!(live.is_ok(), "{live:?}");
    assert!(is_unique_violation(second_live));
}

#[tokio::test]
async fn deleting_an_identity_unlinks_it_from_its_groups() {
    let pool = migrated().await;
    let project = project(&pool, "a").await;
    identity(&pool, project, "u1", "ada@example.com")
        .await
        .unwrap();
    group(&pool, project, "g1", "engineering", "active")
        .await
        .unwrap();
    sqlx::query("INSERT INTO group_members (group_id, identity_id) VALUES ('g1', 'u1')")
        .execute(&pool)
        .await
        .unwrap();

    sqlx::query("DELETE FROM identities WHERE id = 'u1'")
        .execute(&pool)
        .await
        .unwrap();

    let links: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM group_members")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(links, 0);
}

#[tokio::test]
async fn the_migrations_apply_once() {
    let pool = migrated().await;

    sqlx::migrate!("./migrations-postgres")
        .run(&pool)
        .await
        .expect("a second run");

    let applied: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .unwrap();
    let files = sqlx::migrate!("./migrations-postgres").iter().count();
    assert_eq!(usize::try_from(applied).unwrap(), files);
}
