//! The test harness's PostgreSQL: a real cluster per test process, a database per test, and
//! nothing left behind.

mod support;

use sqlx::{Connection, PgConnection};
use support::postgres::{self, Cluster};

#[tokio::test]
async fn each_test_gets_an_empty_database_of_its_own() {
    let first = postgres::database().await;
    let second = postgres::database().await;
    assert_ne!(first, second);

    let mut one = PgConnection::connect(&first).await.expect("connect");
    sqlx::query("CREATE TABLE only_here (id integer)")
        .execute(&mut one)
        .await
        .expect("create a table");
    let mut other = PgConnection::connect(&second).await.expect("connect");
    let tables: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'only_here'",
    )
    .fetch_one(&mut other)
    .await
    .expect("count tables");
    assert_eq!(
        tables, 0,
        "a table made in one test's database is not in another's"
    );
}

#[tokio::test]
async fn tests_asking_at_once_each_get_a_database_that_answers() {
    let urls = futures_util::future::join_all((0..16).map(|_| postgres::database())).await;

    let distinct: std::collections::BTreeSet<&String> = urls.iter().collect();
    assert_eq!(distinct.len(), urls.len());
    for url in &urls {
        let mut connection = PgConnection::connect(url).await.expect("connect");
        let one: i32 = sqlx::query_scalar("SELECT 1")
            .fetch_one(&mut connection)
            .await
            .expect("a query");
        assert_eq!(one, 1);
    }
}

#[tokio::test]
async fn the_cluster_is_a_real_postgresql_on_a_unix_socket_only() {
    let url = postgres::database().await;
    let mut connection = PgConnection::connect(&url).await.expect("connect");
    let version: String = sqlx::query_scalar("SHOW server_version")
        .fetch_one(&mut connection)
        .await
        .expect("version");
    let listen: String = sqlx::query_scalar("SHOW listen_addresses")
        .fetch_one(&mut connection)
        .await
        .expect("listen_addresses");
    assert!(version.starts_with(char::is_numeric), "{version}");
    assert_eq!(listen, "", "no TCP listener");
}

#[tokio::test]
async fn a_stopped_cluster_is_gone_with_its_directory() {
    let cluster = Cluster::start();
    let dir = cluster.dir().to_path_buf();
    let url = cluster.create_database().await;
    let socket = dir.join(".s.PGSQL.5432");
    assert!(
        socket.exists(),
        "the cluster listens on {}",
        socket.display()
    );

    // What the end of the test process does: the supervisor's stdin reaches end of file.
    cluster.stop();

    assert!(!dir.exists(), "{} is removed", dir.display());
    assert!(
        PgConnection::connect(&url).await.is_err(),
        "nobody answers on the stopped cluster's socket"
    );
}
