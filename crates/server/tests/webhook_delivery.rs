//! One webhook delivery attempt against a real receiver on loopback: signed so the receiver
//! can check it, a 500 or a redirect or a slow answer is a failure with its reason, and a
//! destination the policy refuses is never contacted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use scim_sync_server::alerts::delivery::{self, Outcome, Outgoing, Sender};
use scim_sync_server::alerts::destination::Policy;
use scim_sync_server::alerts::signing::{self, DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER};

const SECRET: &str = "ssd_whsec_test-secret";
const NOW: i64 = 1_764_590_400;

/// What the receiver saw: per request, its delivery id, event type and whether its signature
/// verified.
#[derive(Debug, Default)]
struct Seen {
    requests: Vec<(String, String, bool)>,
    /// Answers to give, in order, before answering 200.
    answers: Vec<StatusCode>,
}

type Shared = Arc<Mutex<Seen>>;

async fn receive(State(seen): State<Shared>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let verified = signing::verify(SECRET, &header(SIGNATURE_HEADER), &body, NOW + 5, 300).is_ok();
    let mut seen = seen.lock().unwrap();
    seen.requests
        .push((header(DELIVERY_HEADER), header(EVENT_HEADER), verified));
    if seen.answers.is_empty() {
        StatusCode::OK
    } else {
        seen.answers.remove(0)
    }
}

async fn receiver(answers: Vec<StatusCode>) -> (String, Shared) {
    let seen: Shared = Arc::new(Mutex::new(Seen {
        answers,
        ..Seen::default()
    }));
    let app = Router::new()
        .route("/hook", post(receive))
        .route(
            "/moved",
            post(|| async { Redirect::temporary("/hook").into_response() }),
        )
        .route(
            "/slow",
            post(|| async {
                tokio::time::sleep(Duration::from_secs(30)).await;
                StatusCode::OK
            }),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

fn local() -> Sender {
    Sender {
        policy: Policy {
            allow_loopback: true,
        },
        timeout: Duration::from_millis(500),
    }
}

fn outgoing<'a>(url: &'a str, body: &'a [u8]) -> Outgoing<'a> {
    Outgoing {
        url,
        secret: SECRET,
        delivery_id: "d-1",
        event_type: "run.failed",
        body,
    }
}

#[tokio::test]
async fn a_delivery_is_signed_so_the_receiver_can_check_it_and_a_500_is_a_failure_to_retry() {
    let (base, seen) = receiver(vec![StatusCode::INTERNAL_SERVER_ERROR]).await;
    let url = format!("{base}/hook");
    let body = br#"{"type":"run.failed","run":{"id":7}}"#;

    let first = delivery::attempt(outgoing(&url, body), &local(), NOW).await;
    let second = delivery::attempt(outgoing(&url, body), &local(), NOW).await;

    assert_eq!(
        first,
        Outcome::Failed {
            status: Some(500),
            reason: "answered 500 Internal Server Error".into()
        }
    );
    assert_eq!(second, Outcome::Delivered { status: 200 });
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.requests,
        vec![
            ("d-1".into(), "run.failed".into(), true),
            ("d-1".into(), "run.failed".into(), true)
        ],
        "both attempts carry the same delivery id, to de-duplicate by"
    );
}

#[tokio::test]
async fn a_receiver_with_another_secret_finds_the_signature_wrong() {
    let (base, seen) = receiver(Vec::new()).await;
    let url = format!("{base}/hook");
    let mut wrong = outgoing(&url, b"{}");
    wrong.secret = "ssd_whsec_not-the-receivers";

    delivery::attempt(wrong, &local(), NOW).await;

    assert!(!seen.lock().unwrap().requests[0].2);
}

#[tokio::test]
async fn a_redirect_is_a_failure_and_is_not_followed() {
    let (base, seen) = receiver(Vec::new()).await;
    let url = format!("{base}/moved");

    let outcome = delivery::attempt(outgoing(&url, b"{}"), &local(), NOW).await;

    assert_eq!(
        outcome,
        Outcome::Failed {
            status: Some(307),
            reason: "answered 307 (a redirect to /hook): webhooks do not follow redirects".into()
        }
    );
    assert!(seen.lock().unwrap().requests.is_empty());
}

#[tokio::test]
async fn a_receiver_that_does_not_answer_in_time_is_a_failure() {
    let (base, _) = receiver(Vec::new()).await;
    let url = format!("{base}/slow");

    let outcome = delivery::attempt(outgoing(&url, b"{}"), &local(), NOW).await;

    assert_eq!(
        outcome,
        Outcome::Failed {
            status: None,
            reason: "no answer within 0.5 s".into()
        }
    );
}

#[tokio::test]
async fn loopback_is_refused_without_contact_unless_allowed() {
    let (base, seen) = receiver(Vec::new()).await;
    let url = format!("{base}/hook");

    let outcome = delivery::attempt(outgoing(&url, b"{}"), &Sender::default(), NOW).await;

    assert_eq!(
        outcome,
        Outcome::Failed {
            status: None,
            reason: "webhooks are delivered over HTTPS only".into()
        }
    );
    let https = url.replace("http://", "https://");
    let outcome = delivery::attempt(outgoing(&https, b"{}"), &Sender::default(), NOW).await;
    let Outcome::Failed { reason, .. } = outcome else {
        panic!("delivered to loopback");
    };
    assert!(
        reason.ends_with("a loopback address, which webhooks may not reach"),
        "{reason}"
    );
    assert!(seen.lock().unwrap().requests.is_empty());
}
