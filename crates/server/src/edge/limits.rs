//! Limits that keep one client from filling the server: a request rate per source address on
//! SCIM, a cap on requests in flight, and a deadline for reading a request body (slow-loris;
//! the header read timeout is the connection's, see `edge::listen`).
//!
//! The refusals come before the gate, so they cost no database write and are not recorded.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};

use crate::admin::AdminError;
use crate::scim::{self, ScimError};

/// Source addresses tracked before the idle ones (whose bucket is full again) are forgotten.
const TRACKED_ADDRESSES: usize = 10_000;

/// A token bucket per source address: `burst` requests at once, refilled at `per_sec`.
#[derive(Debug)]
pub struct RateLimiter {
    per_sec: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    /// A limiter allowing `per_sec` requests a second per address, `burst` at once.
    pub fn new(per_sec: u32, burst: u32) -> RateLimiter {
        RateLimiter {
            per_sec: f64::from(per_sec.max(1)),
            burst: f64::from(burst.max(1)),
            buckets: Mutex::default(),
        }
    }

    /// Takes one request from `address`'s bucket at `now`; when it is empty, how long until it
    /// has one again.
    pub fn admit(&self, address: IpAddr, now: Instant) -> Result<(), Duration> {
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(()); // A poisoned map limits nothing rather than refusing everyone.
        };
        if buckets.len() >= TRACKED_ADDRESSES && !buckets.contains_key(&address) {
            buckets.retain(|_, bucket| self.refilled(*bucket, now) < self.burst);
        }
        let bucket = buckets.entry(address).or_insert(Bucket {
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

/// The SCIM rate limit: 429 `tooMany` with `Retry-After` once an address's bucket is empty.
/// A request with no source address (the dashboard's Retry, replayed inside the server) is
/// not limited.
pub async fn scim_rate_limit(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    if let Some(address) = address
        && let Err(wait) = limiter.admit(address, Instant::now())
    {
        let seconds = wait.as_secs_f64().ceil().max(1.0);
        let mut response = ScimError::too_many(&format!("{seconds:.0}")).into_response();
        if let Ok(value) = HeaderValue::from_str(&format!("{seconds:.0}")) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return response;
    }
    next.run(request).await
}

/// The cap on requests in flight: past it, 503 with `Retry-After: 1`, in the error shape of
/// the part asked (a live stream holds no place once its answer has begun).
pub async fn cap_in_flight(
    State(in_flight): State<Arc<Semaphore>>,
    request: Request,
    next: Next,
) -> Response {
    let Ok(_place) = in_flight.try_acquire() else {
        let path = request.uri().path();
        let mut response = if path.starts_with(scim::PREFIX) {
            ScimError::unavailable().into_response()
        } else if path.starts_with(scim_sync_core::api::API_PREFIX) {
            AdminError::busy()
        } else {
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        };
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    };
    next.run(request).await
}

/// Gives every request body a deadline, `State(timeout)` after the request arrived: a body
/// still unread then fails (its reader answers as for any unreadable body).
pub async fn body_deadline(
    State(timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let deadline = Instant::now() + timeout;
    let request = request.map(|body| {
        Body::new(DeadlineBody {
            inner: body,
            deadline,
            sleep: None,
        })
    });
    next.run(request).await
}

/// Why a body could not be read: it did not arrive in time.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
pub struct BodyTimedOut;

struct DeadlineBody {
    inner: Body,
    deadline: Instant,
    sleep: Option<Pin<Box<Sleep>>>,
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
            Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut)))),
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
        let limiter = RateLimiter::new(10, 3);
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
        let limiter = RateLimiter::new(1, 1);
        let now = Instant::now();

        assert_eq!(limiter.admit(HOME, now), Ok(()));
        assert!(limiter.admit(HOME, now).is_err());
        assert_eq!(limiter.admit(AWAY, now), Ok(()));
    }

    #[test]
    fn an_idle_address_refills_up_to_its_burst_only() {
        let limiter = RateLimiter::new(100, 2);
        let now = Instant::now();
        limiter.admit(HOME, now).unwrap();

        let later = now + Duration::from_secs(3600);
        assert_eq!(limiter.admit(HOME, later), Ok(()));
        assert_eq!(limiter.admit(HOME, later), Ok(()));
        assert!(limiter.admit(HOME, later).is_err());
    }

    #[test]
    fn idle_addresses_are_forgotten_when_too_many_are_tracked() {
        let limiter = RateLimiter::new(1, 1);
        let now = Instant::now();
        for i in 0..TRACKED_ADDRESSES {
            let address = IpAddr::V6(std::net::Ipv6Addr::from(u128::try_from(i).unwrap()));
            limiter.admit(address, now).unwrap();
        }

        limiter.admit(HOME, now + Duration::from_secs(2)).unwrap();

        assert_eq!(limiter.buckets.lock().unwrap().len(), 1);
    }
}
