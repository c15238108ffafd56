//! What travels compressed: the dashboard's files as the release build compressed them, the
//! admin API's answers on the fly, and never the live stream.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE};
use serde_json::Value;
use support::{read_until, spawn_app_with};

/// A built dashboard with its precompressed twins (contents stand in for real ones: the server
/// only has to pick the right file).
fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("index.html", &b"<!DOCTYPE html><title>plain</title>"[..]),
        ("index.html.br", b"brotli index"),
        ("index.html.gz", b"gzip index"),
        ("app_bg.wasm", b"\0asm plain"),
        ("app_bg.wasm.br", b"brotli wasm"),
        ("app_bg.wasm.gz", b"gzip wasm"),
    ] {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

#[tokio::test]
async fn the_dashboard_s_files_are_sent_as_the_build_compressed_them() {
    let dist = dist();
    let path = dist.path().to_path_buf();
    let app = spawn_app_with(|config| config.dist_dir = path).await;
    let get = |path: &str, accept: Option<&str>| {
        let mut request = app.client.get(format!("{}{path}", app.base));
        if let Some(accept) = accept {
            request = request.header(ACCEPT_ENCODING, accept);
        }
        request.send()
    };

    let brotli = get("/app_bg.wasm", Some("gzip, deflate, br"))
        .await
        .unwrap();
    assert_eq!(brotli.headers()[CONTENT_ENCODING], "br");
    assert_eq!(brotli.headers()[CONTENT_TYPE], "application/wasm");
    assert_eq!(brotli.bytes().await.unwrap(), &b"brotli wasm"[..]);

    let gzip = get("/app_bg.wasm", Some("gzip, deflate")).await.unwrap();
    assert_eq!(gzip.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(gzip.bytes().await.unwrap(), &b"gzip wasm"[..]);

    let plain = get("/app_bg.wasm", None).await.unwrap();
    assert!(plain.headers().get(CONTENT_ENCODING).is_none());
    assert_eq!(plain.bytes().await.unwrap(), &b"\0asm plain"[..]);

    // A page's URL is the app's index, compressed too.
    let page = get("/failures?category=licence_limit", Some("br"))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()[CONTENT_ENCODING], "br");
    assert_eq!(page.bytes().await.unwrap(), &b"brotli index"[..]);
}

#[tokio::test]
async fn admin_answers_are_compressed_and_the_live_stream_is_not() {
    let app = spawn_app_with(|_| {}).await;

    let status = app
        .admin("/status")
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200);
    assert_eq!(status.headers()[CONTENT_ENCODING], "gzip");
    let plain = app.admin("/status").send().await.unwrap();
    assert!(plain.headers().get(CONTENT_ENCODING).is_none());
    assert!(plain.json::<Value>().await.unwrap()["seats"].is_object());

    let mut stream = app.open_stream(Some("gzip, br")).await;
    assert_eq!(stream.status(), 200);
    assert!(stream.headers().get(CONTENT_ENCODING).is_none());

    app.create_user_id("live@example.com", false).await;
    let received = read_until(&mut stream, "event: run").await;
    assert!(
        received.contains("live@example.com"),
        "events arrive as text"
    );
}
