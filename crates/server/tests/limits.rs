//! Limits that keep one client from filling the server: the SCIM rate per source address and
//! per IdP connection (429 `tooMany` with `Retry-After`), the cap on requests in flight (503),
//! the header and body read timeouts against clients that send slowly (slow-loris: 408), and
//! the body caps (413). Every refusal is recorded: in the project when the token is known,
//! else counted for its source.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::get;
use reqwest::Method;
use scim_sync_server::{Routes, admin};
use serde_json::Value;
use support::*;
use tokio::sync::{Notify, oneshot};

/// A guard against a hang, shorter than the default timeouts (30 s for headers, 60 s for
/// bodies): a test passes only if the configured timeout acted.
const GUARD: Duration = Duration::from_secs(15);

#[tokio::test]
async fn a_source_address_past_its_scim_rate_gets_429_too_many_with_retry_after() {
    let app = spawn_app_with(|config| {
        config.scim_rate_per_sec = 1;
        config.scim_rate_burst = 3;
    })
    .await;

    for _ in 0..3 {
        let admitted = app.scim(Method::GET, "/Users").send().await.unwrap();
        assert_eq!(admitted.status(), 200);
    }
    let refused = app.scim(Method::GET, "/Users").send().await.unwrap();

    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "1");
    let body = scim_error(refused).await;
    assert_eq!(body["status"], "429");
    assert_eq!(body["scimType"], "tooMany");
}

#[tokio::test]
async fn another_source_address_and_the_admin_api_are_not_held_back_by_one_address_s_rate() {
    let app = spawn_app_with(|config| {
        config.scim_rate_per_sec = 1;
        config.scim_rate_burst = 1;
    })
    .await;
    app.scim(Method::GET, "/Users").send().await.unwrap();
    let refused = app.scim(Method::GET, "/Users").send().await.unwrap();
    assert_eq!(refused.status(), 429);

    let elsewhere = reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
        .build()
        .unwrap();
    let from_elsewhere = elsewhere
        .get(format!("{}/scim/v2/Users", app.base))
        .bearer_auth(SCIM_TOKEN)
        .send()
        .await
        .unwrap();
    let admin = app.admin("/status").send().await.unwrap();

    assert_eq!(from_elsewhere.status(), 200);
    assert_eq!(admin.status(), 200);
}

#[tokio::test]
async fn the_default_rate_lets_a_burst_of_a_thousand_scim_requests_through() {
    let app = spawn_app().await;
    let app = Arc::new(app);

    let workers = (0..16).map(|_| {
        let app = app.clone();
        tokio::spawn(async move {
            let mut statuses = Vec::new();
            for _ in 0..64 {
                let response = app
                    .scim(Method::GET, "/Users?count=1")
                    .send()
                    .await
                    .unwrap();
                statuses.push(response.status().as_u16());
            }
            statuses
        })
    });
    let mut statuses = Vec::new();
    for worker in workers {
        statuses.extend(worker.await.unwrap());
    }

    assert_eq!(statuses.len(), 1024);
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
}

/// A test route that says when it has started and answers when the test lets it.
struct Held {
    entered: oneshot::Receiver<()>,
    release: Arc<Notify>,
}

fn held_route() -> (Routes, Held) {
    let (entered_tx, entered) = oneshot::channel::<()>();
    let entered_tx = Arc::new(Mutex::new(Some(entered_tx)));
    let release = Arc::new(Notify::new());
    let handler = {
        let release = release.clone();
        move || async move {
            if let Some(tx) = entered_tx.lock().unwrap().take() {
                let _ = tx.send(());
            }
            release.notified().await;
            "released"
        }
    };
    let routes = Routes {
        admin: admin::routes().route("/held", get(handler)),
        ..Routes::default()
    };
    (routes, Held { entered, release })
}

#[tokio::test]
async fn past_the_cap_on_requests_in_flight_each_part_answers_503_in_its_shape() {
    let (routes, held) = held_route();
    let app = spawn_app_with_routes(|config| config.max_concurrent_requests = 1, routes).await;
    let in_flight = tokio::spawn(app.admin("/held").send());
    held.entered.await.unwrap();

    let scim = app.scim(Method::GET, "/Users").send().await.unwrap();
    let admin = app.admin("/status").send().await.unwrap();

    assert_eq!(scim.status(), 503);
    assert_eq!(scim.headers()["retry-after"], "1");
    assert_eq!(scim_error(scim).await["status"], "503");
    assert_eq!(admin.status(), 503);
    assert_eq!(admin.headers()["retry-after"], "1");
    let body: Value = admin.json().await.unwrap();
    assert_eq!(body["code"], "internal");

    held.release.notify_one();
    let released = in_flight.await.unwrap().unwrap();
    assert_eq!(released.text().await.unwrap(), "released");
    assert_eq!(app.admin("/status").send().await.unwrap().status(), 200);
    let sources = refused_sources(&app).await;
    assert_eq!(
        sources[0]["requests"], 2,
        "both 503s are counted: {sources}"
    );
    assert_eq!(sources[0]["last_status"], 503);
}

/// Opens a raw connection to the app and sends `start` of a request, then nothing more.
fn send_part_of_a_request(base: &str, start: &str) -> TcpStream {
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(GUARD)).unwrap();
    stream.write_all(start.as_bytes()).unwrap();
    stream
}

/// All the server sends before it closes the connection (fails if that takes the guard).
async fn read_until_closed(mut stream: TcpStream) -> String {
    tokio::task::spawn_blocking(move || {
        let mut received = Vec::new();
        stream
            .read_to_end(&mut received)
            .expect("the server closed the connection before the guard");
        String::from_utf8_lossy(&received).into_owned()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected_after_the_header_timeout() {
    let app = spawn_app_with(|config| config.header_read_timeout_secs = 1).await;

    let stream = send_part_of_a_request(&app.base, "GET /api/v1/status HTTP/1.1\r\nHost: x\r\n");
    let received = read_until_closed(stream).await;

    assert!(!received.contains("200 OK"), "{received}");
}

#[tokio::test]
async fn an_admin_body_that_stops_arriving_is_answered_408_after_the_body_timeout() {
    let app = spawn_app_with(|config| config.body_read_timeout_secs = 1).await;

    let stream = send_part_of_a_request(
        &app.base,
        &format!(
            "PUT /api/v1/settings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: Bearer {ADMIN_TOKEN}\r\nContent-Type: application/json\r\n\
             Content-Length: 100\r\n\r\n{{\"seat_limit\""
        ),
    );
    let received = read_until_closed(stream).await;

    assert!(received.starts_with("HTTP/1.1 408"), "{received}");
    assert!(received.contains("\"code\":\"bad_request\""), "{received}");
}

#[tokio::test]
async fn a_scim_body_that_stops_arriving_is_refused_in_the_scim_shape_after_the_body_timeout() {
    let app = spawn_app_with(|config| config.body_read_timeout_secs = 1).await;

    let stream = send_part_of_a_request(
        &app.base,
        &format!(
            "POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Authorization: Bearer {SCIM_TOKEN}\r\nContent-Type: application/scim+json\r\n\
             Content-Length: 100\r\n\r\n{{\"userName\""
        ),
    );
    let received = read_until_closed(stream).await;

    assert!(received.starts_with("HTTP/1.1 408"), "{received}");
    assert!(received.contains("application/scim+json"), "{received}");
    assert!(received.contains("\"status\":\"408\""), "{received}");
    let failures: Value = app
        .admin("/failures")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(failures["items"][0]["status"], 408, "{failures}");
}

#[tokio::test]
async fn a_scim_client_that_disconnects_mid_body_leaves_no_event() {
    // One place in flight: while the half-sent request holds it, others get 503; once they
    // do not, the server is done with it.
    let app = spawn_app_with(|config| config.max_concurrent_requests = 1).await;
    let stream = send_part_of_a_request(
        &app.base,
        &format!(
            "POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\n\
             Authorization: Bearer {SCIM_TOKEN}\r\nContent-Type: application/scim+json\r\n\
             Content-Length: 100\r\n\r\n{{\"userName\""
        ),
    );
    wait_for_status(&app, |status| status == 503).await;

    stream.shutdown(std::net::Shutdown::Both).unwrap();
    wait_for_status(&app, |status| status == 200).await;

    let failures: Value = app
        .admin("/failures")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(failures["total"], 0, "{failures}");
}

/// Asks `/api/v1/status` until its status satisfies `wanted` (the guard bounds the wait).
async fn wait_for_status(app: &TestApp, wanted: impl Fn(u16) -> bool) {
    tokio::time::timeout(GUARD, async {
        loop {
            let status = app.admin("/status").send().await.unwrap().status().as_u16();
            if wanted(status) {
                return;
            }
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the server reached the awaited state before the guard");
}

#[tokio::test]
async fn an_admin_body_past_the_admin_cap_is_refused_with_413_in_the_admin_shape() {
    let app = spawn_app().await;
    let body = serde_json::json!({ "seat_limit": 5, "padding": "x".repeat(admin::MAX_BODY_BYTES) });

    let response = app.admin_send(Method::PUT, "/settings", &body).await;

    assert_eq!(response.status(), 413);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "bad_request");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains(&admin::MAX_BODY_BYTES.to_string()),
        "{error}"
    );
}

#[tokio::test]
async fn an_idp_connection_past_its_rate_gets_429_from_any_address_recorded_in_its_project() {
    let app = spawn_app_with(|config| {
        config.scim_connection_rate_per_sec = 1;
        config.scim_connection_rate_burst = 2;
    })
    .await;
    let elsewhere = reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
        .build()
        .unwrap();
    let from_elsewhere = || {
        elsewhere
            .get(format!("{}/scim/v2/Users", app.base))
            .bearer_auth(SCIM_TOKEN)
            .send()
    };

    assert_eq!(
        app.scim(Method::GET, "/Users")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(from_elsewhere().await.unwrap().status(), 200);
    let refused = from_elsewhere().await.unwrap();

    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "1");
    let body = scim_error(refused).await;
    assert_eq!(body["scimType"], "tooMany");
    assert!(
        body["detail"].as_str().unwrap().contains("connection"),
        "{body}"
    );
    let failures: Value = app
        .admin("/failures")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(failures["total"], 1, "{failures}");
    assert_eq!(failures["items"][0]["status"], 429);
    assert_eq!(failures["items"][0]["scim_type"], "tooMany");
}

/// The operator's view of refused requests no project is known for.
async fn refused_sources(app: &TestApp) -> Value {
    app.client
        .get(format!("{}/api/v1/operator/refused", app.base))
        .bearer_auth(OPERATOR_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_source_past_its_rate_is_counted_for_that_source_without_an_event() {
    let app = spawn_app_with(|config| {
        config.scim_rate_per_sec = 1;
        config.scim_rate_burst = 1;
    })
    .await;
    app.scim(Method::GET, "/Users").send().await.unwrap();

    for _ in 0..3 {
        let refused = app.scim(Method::GET, "/Users").send().await.unwrap();
        assert_eq!(refused.status(), 429);
    }

    let sources = refused_sources(&app).await;
    assert_eq!(sources[0]["source"], "127.0.0.1", "{sources}");
    assert_eq!(sources[0]["requests"], 3);
    assert_eq!(sources[0]["last_status"], 429);
    assert_eq!(sources[0]["last_request"], "GET /scim/v2/Users");
    let failures: Value = app
        .admin("/failures")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(failures["total"], 0, "{failures}");
}

#[tokio::test]
async fn x_forwarded_for_names_the_source_only_when_it_comes_from_a_trusted_proxy() {
    for (trusted, counted_as) in [(false, "127.0.0.1"), (true, "203.0.113.9")] {
        let app = spawn_app_with(|config| {
            config.scim_rate_per_sec = 1;
            config.scim_rate_burst = 1;
            if trusted {
                config.trusted_proxies = vec![IpAddr::V4(Ipv4Addr::LOCALHOST)];
            }
        })
        .await;

        for _ in 0..2 {
            app.scim(Method::GET, "/Users")
                .header("x-forwarded-for", "203.0.113.9")
                .send()
                .await
                .unwrap();
        }

        let sources = refused_sources(&app).await;
        assert_eq!(sources[0]["source"], counted_as, "trusted: {trusted}");
    }
}
