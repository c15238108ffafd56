//! One webhook delivery attempt against a real receiver on loopback: signed so the receiver
//! can check it, a 500 or a redirect or a slow answer is a failure with its reason, and a
//! destination the policy refuses is never contacted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use axum::http::StatusCode;
use scim_sync_server::alerts::delivery::{self, Outcome, Outgoing, Sender};
use scim_sync_server::alerts::destination::Policy;
use support::receiver::Receiver;

const SECRET: &str = "ssd_whsec_test-secret";

fn local() -> Sender {
    Sender {
        policy: Policy {
            allow_loopback: true,
        },
        timeout: Duration::from_millis(500),
    }
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
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
    let receiver = Receiver::start(SECRET, vec![StatusCode::INTERNAL_SERVER_ERROR]).await;
    let url = format!("{}/hook", receiver.url);
    let body = br#"{"type":"run.failed","run":{"id":7}}"#;

    let first = delivery::attempt(outgoing(&url, body), &local(), now()).await;
    let second = delivery::attempt(outgoing(&url, body), &local(), now()).await;

    assert_eq!(
        first,
        Outcome::Failed {
            status: Some(500),
            reason: "answered 500 Internal Server Error".into()
        }
    );
    assert_eq!(second, Outcome::Delivered { status: 200 });
    let received = receiver.received();
    assert_eq!(received.len(), 2);
    for r in &received {
        assert_eq!(
            (r.delivery_id.as_str(), r.event_type.as_str()),
            ("d-1", "run.failed")
        );
        assert!(
            r.verified,
            "the signature verifies with the receiver's secret"
        );
        assert_eq!(r.body["run"]["id"], 7);
    }
}

#[tokio::test]
async fn a_receiver_with_another_secret_finds_the_signature_wrong() {
    let receiver = Receiver::start("ssd_whsec_the-receivers", Vec::new()).await;
    let url = format!("{}/hook", receiver.url);

    delivery::attempt(outgoing(&url, b"{}"), &local(), now()).await;

    assert!(!receiver.received()[0].verified);
}

#[tokio::test]
async fn a_redirect_is_a_failure_and_is_not_followed() {
    let receiver = Receiver::start(SECRET, Vec::new()).await;
    let url = format!("{}/moved", receiver.url);

    let outcome = delivery::attempt(outgoing(&url, b"{}"), &local(), now()).await;

    assert_eq!(
        outcome,
        Outcome::Failed {
            status: Some(307),
            reason: "answered 307 (a redirect to /hook): webhooks do not follow redirects".into()
        }
    );
    assert!(receiver.received().is_empty());
}

#[tokio::test]
async fn a_receiver_that_does_not_answer_in_time_is_a_failure() {
    let receiver = Receiver::start(SECRET, Vec::new()).await;
    let url = format!("{}/slow", receiver.url);

    let outcome = delivery::attempt(outgoing(&url, b"{}"), &local(), now()).await;

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
    let receiver = Receiver::start(SECRET, Vec::new()).await;
    let url = format!("{}/hook", receiver.url);

    let outcome = delivery::attempt(outgoing(&url, b"{}"), &Sender::default(), now()).await;

    assert_eq!(
        outcome,
        Outcome::Failed {
            status: None,
            reason: "webhooks are delivered over HTTPS only".into()
        }
    );
    let https = url.replace("http://", "https://");
    let outcome = delivery::attempt(outgoing(&https, b"{}"), &Sender::default(), now()).await;
    let Outcome::Failed { reason, .. } = outcome else {
        panic!("delivered to loopback");
    };
    assert!(
        reason.ends_with("a loopback address, which webhooks may not reach"),
        "{reason}"
    );
    assert!(receiver.received().is_empty());
}
