//! Limits that keep one client from filling the server: a request rate per source address on
//! SCIM (and, in the gate, per IdP connection: see `scim::gate`), a cap on requests in flight,
//! and a deadline for reading a request body (slow-loris; the header read timeout is the
//! connection's, see `edge::listen`).
//!
//! The refusals here come before the gate, so no project is known yet: each is counted for
//! its source address with the other unattributed refusals (`scim::refusals`), which costs no
//! database write per request.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};

use crate::admin::AdminError;
use crate::scim::refusals::{self, Refusals};
use crate::scim::{self, ScimError};
use crate::store::now_ms;

/// Keys (source addresses, connections) tracked before the idle ones (whose bucket is full
/// again) are forgotten.
const TRACKED_KEYS: usize = 10_000;

/// A token bucket per key (a source address, an IdP connection): `burst` requests at once,
/// refilled at `per_sec`.
#[derive(Debug)]
pub struct RateLimiter<K = IpAddr> {
    per_sec: f64,
    burst: f64,
    buckets: Mutex<HashMap<K, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl<K: Hash + Eq + Copy> RateLimiter<K> {
    /// A limiter allowing `per_sec` requests a second per key, `burst` at once.
    pub fn new(per_sec: u32, burst: u32) -> RateLimiter<K> {
        RateLimiter {
            per_sec: f64::from(per_sec.max(1)),
            burst: f64::from(burst.max(1)),
            buckets: Mutex::default(),
        }
    }

    /// Takes one request from `key`'s bucket at `now`; when it is empty, how long until it
    /// has one again.
    pub fn admit(&self, key: K, now: Instant) -> Result<(), Duration> {
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(()); // A poisoned map limits nothing rather than refusing everyone.
        };
        if buckets.len() >= TRACKED_KEYS && !buckets.contains_key(&key) {
            buckets.retain(|_, bucket| self.refilled(*bucket, now) < self.burst);
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let tokens = self.refilled(*bucket, now);
        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at: now,
            };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            Err(Duration::from_secs_f64((1.0 - tokens) / self.per_sec))
        }
    }

    fn refilled(&self, bucket: Bucket, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        (bucket.tokens + elapsed * self.per_sec).min(self.burst)
    }
}

/// The SCIM answer to a request past a rate limit: 429 `tooMany` with `Retry-After` in whole
/// seconds (at least 1), `from` saying whose limit it was.
pub fn too_many(from: &str, wait: Duration) -> Response {
    let seconds = wait.as_secs_f64().ceil().max(1.0);
    // A wait is a few seconds at most (one token at the sustained rate): the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let seconds = seconds as u64;
    ScimError::too_many(from, seconds).into_response()
}

/// The SCIM rate per source address, and where its refusals are counted.
#[derive(Debug, Clone)]
pub struct SourceRate {
    /// The buckets.
    pub limiter: Arc<RateLimiter>,
    /// Where a refusal is counted for its source.
    pub refusals: Refusals,
}

/// The SCIM rate limit per source address: 429 `tooMany` with `Retry-After` once an
/// address's bucket is empty, counted for that address. A request with no source address
/// (the dashboard's Retry, replayed inside the server) is not limited.
pub async fn scim_rate_limit(
    State(rate): State<SourceRate>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(address) = refusals::source_of(request.extensions())
        && let Err(wait) = rate.limiter.admit(address, Instant::now())
    {
        let response = too_many("this address", wait);
        count(&rate.refusals, &request, &response);
        return response;
    }
    next.run(request).await
}

/// The cap on requests in flight, and where its refusals are counted.
#[derive(Debug, Clone)]
pub struct InFlight {
    /// One place per request served at once.
    pub places: Arc<Semaphore>,
    /// Where a refusal is counted for its source.
    pub refusals: Refusals,
}

/// The cap on requests in flight: past it, 503 with `Retry-After: 1`, in the error shape of
/// the part asked (a live stream holds no place once its answer has begun), counted for the
/// request's source.
pub async fn cap_in_flight(
    State(in_flight): State<InFlight>,
    request: Request,
    next: Next,
) -> Response {
    let Ok(_place) = in_flight.places.try_acquire() else {
        let mut response = in_shape_of(
            request.uri().path(),
            ScimError::unavailable(),
            AdminError::busy(),
            StatusCode::SERVICE_UNAVAILABLE,
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        count(&in_flight.refusals, &request, &response);
        return response;
    };
    next.run(request).await
}

/// An edge refusal in the error shape of the part `path` asks: SCIM, the admin API, or the
/// bare status for the dashboard's files.
fn in_shape_of(path: &str, scim: ScimError, admin: Response, status: StatusCode) -> Response {
    if path.starts_with(scim::PREFIX) {
        scim.into_response()
    } else if path.starts_with(scim_sync_core::api::API_PREFIX) {
        admin
    } else {
        status.into_response()
    }
}

/// Counts a refusal for the request's source, with the path as sent (a nested router sees
/// it without its prefix).
fn count(refusals: &Refusals, request: &Request, response: &Response) {
    let uri = request
        .extensions()
        .get::<OriginalUri>()
        .map_or(request.uri(), |original| &original.0);
    refusals.count(refusals::refusal(
        request.extensions(),
        request.headers(),
        request.method().as_str(),
        uri.path_and_query().map_or("", |path| path.as_str()),
        now_ms(),
        response.status().as_u16(),
    ));
}

/// Gives every request body a deadline, `State(timeout)` after the request arrived: a body
/// still unread then fails with [`BodyTimedOut`], and the answer is 408 in the error shape
/// of the part asked, whatever its reader made of the failure (the SCIM gate answers 408
/// itself, so that its sync event says so).
pub async fn body_deadline(
    State(timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let deadline = Instant::now() + timeout;
    let timed_out = Arc::new(AtomicBool::new(false));
    let path = request.uri().path().to_owned();
    let request = request.map(|body| {
        Body::new(DeadlineBody {
            inner: body,
            deadline,
            sleep: None,
            timed_out: timed_out.clone(),
        })
    });
    let response = next.run(request).await;
    if !timed_out.load(Ordering::Relaxed) || response.status() == StatusCode::REQUEST_TIMEOUT {
        return response;
    }
    in_shape_of(
        &path,
        ScimError::body_timed_out(),
        AdminError::body_timed_out(),
        StatusCode::REQUEST_TIMEOUT,
    )
}

/// Why a body could not be read: it did not arrive in time.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
pub struct BodyTimedOut;

struct DeadlineBody {
    inner: Body,
    deadline: Instant,
    sleep: Option<Pin<Box<Sleep>>>,
    timed_out: Arc<AtomicBool>,
}

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        let deadline = this.deadline;
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => {
                this.timed_out.store(true, Ordering::Relaxed);
                Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut))))
            }
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const AWAY: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn an_address_gets_its_burst_then_waits_for_the_refill() {
        let limiter = RateLimiter::<IpAddr>::new(10, 3);
        let now = Instant::now();

        for _ in 0..3 {
            assert_eq!(limiter.admit(HOME, now), Ok(()));
        }
        let wait = limiter.admit(HOME, now).unwrap_err();

        assert!((wait.as_secs_f64() - 0.1).abs() < 1e-9, "{wait:?}");
        let later = now + Duration::from_millis(200);
        assert_eq!(limiter.admit(HOME, later), Ok(()));
        assert_eq!(limiter.admit(HOME, later), Ok(()));
        assert!(limiter.admit(HOME, later).is_err());
    }

    #[test]
    fn each_address_has_its_own_bucket() {
        let limiter = RateLimiter::<IpAddr>::new(1, 1);
        let now = Instant::now();

        assert_eq!(limiter.admit(HOME, now), Ok(()));
        assert!(limiter.admit(HOME, now).is_err());
        assert_eq!(limiter.admit(AWAY, now), Ok(()));
    }

    #[test]
    fn an_idle_address_refills_up_to_its_burst_only() {
        let limiter = RateLimiter::<IpAddr>::new(100, 2);
        let now = Instant::now();
        limiter.admit(HOME, now).unwrap();

        let later = now + Duration::from_secs(3600);
        assert_eq!(limiter.admit(HOME, later), Ok(()));
        assert_eq!(limiter.admit(HOME, later), Ok(()));
        assert!(limiter.admit(HOME, later).is_err());
    }

    #[test]
    fn idle_addresses_are_forgotten_when_too_many_are_tracked() {
        let limiter = RateLimiter::<IpAddr>::new(1, 1);
        let now = Instant::now();
        for i in 0..TRACKED_KEYS {
            let address = IpAddr::V6(std::net::Ipv6Addr::from(u128::try_from(i).unwrap()));
            limiter.admit(address, now).unwrap();
        }

        limiter.admit(HOME, now + Duration::from_secs(2)).unwrap();

        assert_eq!(limiter.buckets.lock().unwrap().len(), 1);
    }
}
