//! When a failed webhook delivery is tried again: exponential backoff for a bounded time.
//!
//! With the default first wait of 10 s: 10 s after the first failure, then 30 s, 2 min,
//! 10 min, 30 min, 1 h, 3 h and 6 h — nine attempts over about 11 hours, enough to ride out a
//! receiver's deploy or a night's outage; after the last one the delivery stays failed (and
//! listed, with its reason). The waits are multiples of the first, which tests shorten.

use std::time::Duration;

/// Each wait as a multiple of the first.
const SCHEDULE: [u32; 8] = [1, 3, 12, 60, 180, 360, 1_080, 2_160];

/// The first wait by default.
pub const FIRST_WAIT: Duration = Duration::from_secs(10);

/// How many attempts a delivery gets in all.
pub const MAX_ATTEMPTS: u32 = SCHEDULE.len() as u32 + 1;

/// The wait before the next attempt, after `attempts` attempts failed; `None` when that was
/// the last one.
pub fn delay_after(attempts: u32, first: Duration) -> Option<Duration> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    SCHEDULE.get(index).map(|&times| first * times)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_grows_and_ends_after_the_last_attempt() {
        assert_eq!(delay_after(0, FIRST_WAIT), None);
        assert_eq!(delay_after(1, FIRST_WAIT), Some(Duration::from_secs(10)));
        assert_eq!(delay_after(2, FIRST_WAIT), Some(Duration::from_secs(30)));
        assert_eq!(
            delay_after(2, Duration::from_millis(5)),
            Some(Duration::from_millis(15))
        );
        let waits: Vec<_> = (1..MAX_ATTEMPTS)
            .map(|a| delay_after(a, FIRST_WAIT).unwrap())
            .collect();
        assert!(waits.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(delay_after(MAX_ATTEMPTS, FIRST_WAIT), None);
        let total: u64 = waits.iter().map(Duration::as_secs).sum();
        assert!((10 * 3_600..12 * 3_600).contains(&total), "{total} s");
    }
}
