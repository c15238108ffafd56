//! Several server processes on one database, none special: what one accepts, the others see,
//! and the rules hold across them. On PostgreSQL (`SSD_TEST_BACKEND=postgres`) this is the
//! scaled-out deployment; on SQLite, two processes on one file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::process::ServerProcess;
use support::*;

/// Creates of Users sent to each server at once.
const CREATES_PER_SERVER: usize = 32;
/// The seats free before they start.
const SEATS: &str = "10";

async fn create_user(base: &str, user_name: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{base}/scim/v2/Users"))
        .bearer_auth(SCIM_TOKEN)
        .header("content-type", "application/scim+json")
        .body(okta_user(user_name, true).to_string())
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_given_32_concurrent_user_creates_each_against_10_free_seats_create_exactly_10()
{
    let data_dir = tempfile::tempdir().unwrap();
    let env = [("SSD_INITIAL_SEAT_LIMIT", SEATS)];
    // One after the other: the first creates the project and the tokens both then accept.
    let first = ServerProcess::start_with(data_dir.path(), &env).await;
    let second = ServerProcess::start_with(data_dir.path(), &env).await;

    let creates: Vec<_> = (0..2 * CREATES_PER_SERVER)
        .map(|n| {
            let base = if n % 2 == 0 {
                first.base.clone()
            } else {
                second.base.clone()
            };
            tokio::spawn(async move { create_user(&base, &format!("seat{n}@example.com")).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for create in creates {
        statuses.push(create.await.unwrap());
    }

    let created = statuses.iter().filter(|s| **s == 201).count();
    let refused = statuses.iter().filter(|s| **s == 403).count();
    assert_eq!(
        (created, refused),
        (10, 2 * CREATES_PER_SERVER - 10),
        "{statuses:?}"
    );
    for server in [&first, &second] {
        let status: serde_json::Value = reqwest::Client::new()
            .get(format!("{}/api/v1/status", server.base))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(status["seats"]["used"], 10, "as {} sees it", server.base);
        assert_eq!(status["seats"]["limit"], 10);
    }
}
