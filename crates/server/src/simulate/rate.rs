//! `--rate`: a token bucket holding one token, refilled `rate` times a second. Each request
//! reserves the next slot under a lock and sleeps until it; callers never wait on each other's
//! sleeps, so the bucket paces any number of concurrent workers.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Paces requests to at most `rate` per second.
#[derive(Debug)]
pub struct RateLimit {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl RateLimit {
    /// A limit of `per_second` requests a second; `None` for 0 (unlimited).
    pub fn per_second(per_second: u32) -> Option<RateLimit> {
        (per_second > 0).then(|| RateLimit {
            interval: Duration::from_secs(1) / per_second,
            next: Mutex::new(None),
        })
    }

    /// Waits for the next free slot.
    pub async fn acquire(&self) {
        let at = self.reserve(Instant::now());
        tokio::time::sleep_until(at).await;
    }

    /// Reserves the first slot at or after `now`: the token, if the bucket holds it, else the
    /// moment it is refilled.
    pub fn reserve(&self, now: Instant) -> Instant {
        // A poisoned lock only means another worker panicked mid-reservation; the instant it
        // guards is still a valid instant.
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let at = next.map_or(now, |n| n.max(now));
        *next = Some(at + self.interval);
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_means_unlimited() {
        assert!(RateLimit::per_second(0).is_none());
    }

    #[test]
    fn requests_are_spaced_by_the_interval_and_an_idle_bucket_holds_one_token() {
        let limit = RateLimit::per_second(10).unwrap();
        let start = Instant::now();
        let slots: Vec<Duration> = (0..3).map(|_| limit.reserve(start) - start).collect();
        assert_eq!(
            slots,
            [
                Duration::ZERO,
                Duration::from_millis(100),
                Duration::from_millis(200)
            ]
        );
        let later = start + Duration::from_secs(5);
        assert_eq!(limit.reserve(later), later, "no burst of saved-up tokens");
        assert_eq!(limit.reserve(later) - later, Duration::from_millis(100));
    }
}
