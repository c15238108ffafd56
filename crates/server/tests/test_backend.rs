//! The test servers store where `SSD_TEST_BACKEND` says: the suite's second run in
//! `make test-rust` really is on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::*;

#[tokio::test]
async fn a_test_server_stores_in_the_backend_the_environment_names() {
    let app = spawn_app().await;
    let user = app.create_user_id("where@example.com", false).await;

    let sqlite_file = app
        .data_dir
        .path()
        .join(scim_sync_server::store::DATABASE_FILE);
    if on_postgres() {
        let url = app.database_url.as_deref().expect("a PostgreSQL database");
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        let stored: String = sqlx::query_scalar("SELECT id FROM identities")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(stored, user);
        assert!(!sqlite_file.exists(), "no SQLite file besides");
    } else {
        assert!(app.database_url.is_none());
        assert!(sqlite_file.exists());
    }
}
