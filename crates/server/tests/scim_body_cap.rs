//! One body cap on SCIM, the advertised one (`bulk.maxPayloadSize` = `scim::MAX_BODY_BYTES`):
//! anything up to it is read, anything past it is a 413 in the SCIM error shape, whether the
//! client declared its length (`Content-Length`) or sends it in chunks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use reqwest::Method;
use scim_sync_server::scim::MAX_BODY_BYTES;
use serde_json::Value;
use support::*;

/// A guard against a hang: far longer than sending 4 MiB over loopback takes.
const GUARD: Duration = Duration::from_secs(30);

/// An Okta User body for `user_name` padded (in `nickName`) to exactly `size` bytes of JSON.
fn user_body_of_size(user_name: &str, size: usize) -> String {
    let mut body = okta_user(user_name, false);
    body["nickName"] = Value::String(String::new());
    let bare = body.to_string().len();
    assert!(size >= bare, "{size} bytes cannot hold the body");
    body["nickName"] = Value::String("x".repeat(size - bare));
    let text = body.to_string();
    assert_eq!(text.len(), size);
    text
}

async fn post_users(app: &TestApp, body: String) -> reqwest::Response {
    app.scim(Method::POST, "/Users")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_3_mib_user_body_is_accepted() {
    let app = spawn_app().await;

    let response = post_users(&app, user_body_of_size("big@example.com", 3 * 1024 * 1024)).await;

    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["userName"], "big@example.com");
}

#[tokio::test]
async fn a_body_of_exactly_the_advertised_cap_is_accepted() {
    let app = spawn_app().await;
    let config: Value = app
        .scim(Method::GET, "/ServiceProviderConfig")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let advertised = usize::try_from(config["bulk"]["maxPayloadSize"].as_u64().unwrap()).unwrap();
    assert_eq!(advertised, MAX_BODY_BYTES);

    let response = post_users(&app, user_body_of_size("cap@example.com", advertised)).await;

    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn a_body_one_byte_over_the_cap_is_refused_with_413_in_the_scim_shape() {
    let app = spawn_app().await;

    let response = post_users(
        &app,
        user_body_of_size("over@example.com", MAX_BODY_BYTES + 1),
    )
    .await;

    assert_eq!(response.status(), 413);
    let body = scim_error(response).await;
    assert_eq!(body["status"], "413");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains(&MAX_BODY_BYTES.to_string()),
        "{body}"
    );
}

/// Sends `POST /scim/v2/Users` with `body` in 64 KiB chunks (`Transfer-Encoding: chunked`, no
/// `Content-Length`) over a raw connection; answers all the server sent before it closed.
/// The writing goes on in its own thread: the server may answer, and close, before the last
/// chunk, and the answer is read meanwhile.
async fn post_users_chunked(app: &TestApp, body: String) -> String {
    let address = app.base.trim_start_matches("http://").to_owned();
    tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(GUARD)).unwrap();
        let mut writer = stream.try_clone().unwrap();
        let head = format!(
            "POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: Bearer {SCIM_TOKEN}\r\nUser-Agent: {OKTA_USER_AGENT}\r\n\
             Content-Type: application/scim+json\r\nTransfer-Encoding: chunked\r\n\r\n"
        );
        let sending = std::thread::spawn(move || -> std::io::Result<()> {
            writer.write_all(head.as_bytes())?;
            for chunk in body.as_bytes().chunks(64 * 1024) {
                writer.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())?;
                writer.write_all(chunk)?;
                writer.write_all(b"\r\n")?;
            }
            writer.write_all(b"0\r\n\r\n")
        });
        let mut received = Vec::new();
        // A reset after the answer (the server closing with chunks unread) ends the read.
        let _ = stream.read_to_end(&mut received);
        // The server may have stopped reading: a write that failed then is expected.
        let _ = sending.join().unwrap();
        String::from_utf8_lossy(&received).into_owned()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_chunked_body_within_the_cap_is_read_whole() {
    let app = spawn_app().await;

    let received =
        post_users_chunked(&app, user_body_of_size("chunked@example.com", 1024 * 1024)).await;

    assert!(received.starts_with("HTTP/1.1 201"), "{received}");
}

#[tokio::test]
async fn a_chunked_body_past_the_cap_is_refused_with_413_in_the_scim_shape_and_nothing_is_stored() {
    let app = spawn_app().await;

    let received = post_users_chunked(
        &app,
        user_body_of_size("chunked@example.com", MAX_BODY_BYTES + 1),
    )
    .await;

    let (head, body) = received.split_once("\r\n\r\n").expect("an answer");
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/scim+json"),
        "{head}"
    );
    let error: Value = serde_json::from_str(body).expect("a SCIM error body");
    assert_eq!(
        error["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:Error"
    );
    assert_eq!(error["status"], "413");
    assert!(
        error["detail"]
            .as_str()
            .unwrap()
            .contains(&MAX_BODY_BYTES.to_string()),
        "{error}"
    );
    // No User, and the refusal is recorded without its body.
    let found: Value = app
        .scim(
            Method::GET,
            "/Users?filter=userName%20eq%20%22chunked%40example.com%22",
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["totalResults"], 0, "{found}");
    let (_, failures) = app.admin_get("/failures").await;
    assert_eq!(failures["total"], 1, "{failures}");
    let refused = &failures["items"][0];
    assert_eq!(refused["status"], 413, "{refused}");
    let (_, event) = app.admin_get(&format!("/events/{}", refused["id"])).await;
    assert_eq!(event["request_body"], Value::Null, "{event}");
}
