//! Uniqueness and seats hold under concurrent requests: enforced in the database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_concurrent_creates_of_one_user_name_give_one_201_and_63_409s() {
    let app = Arc::new(spawn_app().await);
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let app = Arc::clone(&app);
            tokio::spawn(async move {
                let response = app.create_user(&okta_user("race@example.com", false)).await;
                let status = response.status().as_u16();
                let body: serde_json::Value = response.json().await.unwrap();
                (status, body["scimType"].as_str().map(str::to_owned))
            })
        })
        .collect();

    let mut created = 0;
    let mut conflicts = 0;
    for task in tasks {
        match task.await.unwrap() {
            (201, _) => created += 1,
            (409, Some(scim_type)) if scim_type == "uniqueness" => conflicts += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }

    assert_eq!((created, conflicts), (1, 63));
    assert_eq!(app.status().await["readers"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_five_seats_free_twenty_concurrent_user_creates_give_exactly_five() {
    let app = Arc::new(spawn_app_with_seats(5).await);
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let app = Arc::clone(&app);
            tokio::spawn(async move {
                app.create_user(&okta_user(&format!("seat{i}@example.com"), true))
                    .await
                    .status()
                    .as_u16()
            })
        })
        .collect();

    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }

    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 5);
    assert_eq!(statuses.iter().filter(|s| **s == 403).count(), 15);
    let seats = &app.status().await["seats"];
    assert_eq!(seats["used"], 5);
    assert_eq!(seats["limit"], 5);
}
