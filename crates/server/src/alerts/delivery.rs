//! One webhook delivery attempt: a signed JSON POST to a checked destination.
//!
//! The request goes only to the addresses [`destination::resolve`] checked (pinned, so the
//! name cannot resolve elsewhere between check and connect), follows no redirect (a redirect
//! could point anywhere: it is a failure with its reason), and gives up after
//! [`Sender::timeout`]. A 2xx answer is delivered; anything else is a failure the caller retries per
//! [`super::retry`].

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, USER_AGENT};

use super::destination::{self, Policy};
use super::signing::{self, DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER};

/// How deliveries are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sender {
    /// Where they may go.
    pub policy: Policy,
    /// How long an attempt may take, connecting included.
    pub timeout: Duration,
}

impl Default for Sender {
    fn default() -> Sender {
        Sender {
            policy: Policy::default(),
            timeout: Duration::from_secs(10),
        }
    }
}

/// What to send.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    /// The endpoint's URL.
    pub url: &'a str,
    /// The endpoint's signing secret.
    pub secret: &'a str,
    /// The delivery's id (the same on every attempt).
    pub delivery_id: &'a str,
    /// The event's type.
    pub event_type: &'a str,
    /// The JSON body.
    pub body: &'a [u8],
}

/// How an attempt went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The receiver answered 2xx.
    Delivered {
        /// Its status.
        status: u16,
    },
    /// Not delivered, and why.
    Failed {
        /// The receiver's status, when it answered.
        status: Option<u16>,
        /// What went wrong, for the admin.
        reason: String,
    },
}

/// Sends `outgoing` once, signed at `now_secs` (Unix seconds).
pub async fn attempt(outgoing: Outgoing<'_>, sender: &Sender, now_secs: i64) -> Outcome {
    let failed = |status, reason: String| Outcome::Failed { status, reason };
    let target = match destination::resolve(outgoing.url, sender.policy).await {
        Ok(target) => target,
        Err(refused) => return failed(None, refused.to_string()),
    };
    let client = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(sender.timeout)
        .connect_timeout(sender.timeout)
        .resolve_to_addrs(&target.host, &target.addrs)
        .build()
    {
        Ok(client) => client,
        Err(e) => return failed(None, format!("cannot send: {e}")),
    };
    let sent = client
        .post(target.url)
        .header(CONTENT_TYPE, "application/json")
        .header(
            USER_AGENT,
            concat!("scim-sync-dashboard/", env!("CARGO_PKG_VERSION")),
        )
        .header(
            SIGNATURE_HEADER,
            signing::sign(outgoing.secret, now_secs, outgoing.body),
        )
        .header(DELIVERY_HEADER, outgoing.delivery_id)
        .header(EVENT_HEADER, outgoing.event_type)
        .body(outgoing.body.to_vec())
        .send()
        .await;
    match sent {
        Ok(answer) if answer.status().is_success() => Outcome::Delivered {
            status: answer.status().as_u16(),
        },
        Ok(answer) if answer.status().is_redirection() => failed(
            Some(answer.status().as_u16()),
            format!(
                "answered {} (a redirect{}): webhooks do not follow redirects",
                answer.status().as_u16(),
                answer
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .map(|l| format!(" to {l}"))
                    .unwrap_or_default()
            ),
        ),
        Ok(answer) => failed(
            Some(answer.status().as_u16()),
            format!("answered {}", answer.status()),
        ),
        Err(e) if e.is_timeout() => failed(
            None,
            format!("no answer within {} s", sender.timeout.as_secs_f32()),
        ),
        Err(e) if e.is_connect() => failed(None, format!("cannot connect: {}", root_cause(&e))),
        Err(e) => failed(None, root_cause(&e)),
    }
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
