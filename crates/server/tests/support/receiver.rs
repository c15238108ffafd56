//! A webhook receiver on loopback, as a project's own system would run one: it checks each
//! delivery's signature with the secret it was given, answers with the statuses it is told to
//! (then 200), and keeps what it received in order.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::post;
use scim_sync_server::alerts::signing::{self, DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER};
use serde_json::Value;

/// One delivery as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// `X-SSD-Delivery`.
    pub delivery_id: String,
    /// `X-SSD-Event`.
    pub event_type: String,
    /// Whether the signature verified with the receiver's secret at the time it arrived.
    pub verified: bool,
    /// The JSON body.
    pub body: Value,
}

#[derive(Debug, Default)]
struct Inner {
    secret: String,
    received: Vec<Received>,
    answers: Vec<StatusCode>,
    arrived: Option<tokio::sync::mpsc::UnboundedSender<()>>,
}

/// A running receiver: `{url}/hook` checks and records, `{url}/moved` redirects to it,
/// `{url}/slow` answers after 30 s.
pub struct Receiver {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
    arrivals: tokio::sync::mpsc::UnboundedReceiver<()>,
}

impl Receiver {
    /// Starts one that will answer `answers` first, then 200.
    pub async fn start(secret: &str, answers: Vec<StatusCode>) -> Receiver {
        let (tx, arrivals) = tokio::sync::mpsc::unbounded_channel();
        let inner = Arc::new(Mutex::new(Inner {
            secret: secret.to_owned(),
            answers,
            arrived: Some(tx),
            ..Inner::default()
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
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver {
            url,
            inner,
            arrivals,
        }
    }

    /// Checks signatures with `secret` from now on.
    pub fn set_secret(&self, secret: &str) {
        self.inner.lock().unwrap().secret = secret.to_owned();
    }

    /// What arrived so far.
    pub fn received(&self) -> Vec<Received> {
        self.inner.lock().unwrap().received.clone()
    }

    /// Waits for the `n`th request to have arrived in all (there is no other way to know
    /// when a background delivery happened); fails after 20 s rather than hang.
    pub async fn wait_for(&mut self, n: usize) -> Vec<Received> {
        let arrived = async {
            while self.received().len() < n {
                self.arrivals.recv().await.expect("the receiver runs");
            }
        };
        tokio::time::timeout(Duration::from_secs(20), arrived)
            .await
            .unwrap_or_else(|_| panic!("{n} deliveries did not arrive within 20 s"));
        self.received()
    }
}

async fn receive(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut inner = inner.lock().unwrap();
    let verified =
        signing::verify(&inner.secret, &header(SIGNATURE_HEADER), &body, now, 300).is_ok();
    inner.received.push(Received {
        delivery_id: header(DELIVERY_HEADER),
        event_type: header(EVENT_HEADER),
        verified,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    });
    if let Some(arrived) = &inner.arrived {
        let _ = arrived.send(());
    }
    if inner.answers.is_empty() {
        StatusCode::OK
    } else {
        inner.answers.remove(0)
    }
}
