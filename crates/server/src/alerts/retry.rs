//! When a failed webhook delivery is tried again: exponential backoff for a bounded time.
//!
//! Ten seconds after the first failure, then 30 s, 2 min, 10 min, 30 min, 1 h, 3 h and 6 h:
//! nine attempts over about 11 hours, enough to ride out a receiver's deploy or a night's
//! outage; after the last one the delivery stays failed (and listed, with its reason).

use std::time::Duration;

const SCHEDULE_SECS: [u64; 8] = [10, 30, 120, 600, 1_800, 3_600, 3 * 3_600, 6 * 3_600];

/// How many attempts a delivery gets in all.
pub const MAX_ATTEMPTS: u32 = SCHEDULE_SECS.len() as u32 + 1;

/// The wait before the next attempt, after `attempts` attempts failed; `None` when that was
/// the last one.
pub fn delay_after(attempts: u32) -> Option<Duration> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    SCHEDULE_SECS.get(index).copied().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_grows_and_ends_after_the_last_attempt() {
        assert_eq!(delay_after(0), None);
        assert_eq!(delay_after(1), Some(Duration::from_secs(10)));
        assert_eq!(delay_after(2), Some(Duration::from_secs(30)));
        let waits: Vec<_> = (1..MAX_ATTEMPTS).map(|a| delay_after(a).unwrap()).collect();
        assert!(waits.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(delay_after(MAX_ATTEMPTS), None);
        let total: u64 = waits.iter().map(Duration::as_secs).sum();
        assert!((10 * 3_600..12 * 3_600).contains(&total), "{total} s");
    }
}
