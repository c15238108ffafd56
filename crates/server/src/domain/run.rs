//! Runs: one IdP connection's requests with no idle gap longer than the configured one between
//! them. Which run a request joins ([`crate::rules::runs`]) and what a run's status is
//! (the admin API, the live stream) both follow from the idle gap, here.

use scim_sync_core::api::RunStatus;

/// Whether a request at `at` continues the run whose last request came at `last_event_at`
/// (otherwise it opens a new run). Times in Unix ms.
pub fn continues(last_event_at: i64, at: i64, idle_gap_ms: i64) -> bool {
    at.saturating_sub(last_event_at) <= idle_gap_ms
}

/// A run's status at `now_ms`: running until the idle gap has passed since its last request,
/// then failed if any of its requests failed, else succeeded.
pub fn status(last_event_at: i64, failures: u64, now_ms: i64, idle_gap_ms: i64) -> RunStatus {
    if ends_in(last_event_at, now_ms, idle_gap_ms).is_some() {
        RunStatus::Running
    } else if failures > 0 {
        RunStatus::Failed
    } else {
        RunStatus::Succeeded
    }
}

/// While a run whose last request came at `last_event_at` is running at `now_ms`: the
/// milliseconds until it ends if no request comes (what is left of the idle gap).
pub fn ends_in(last_event_at: i64, now_ms: i64, idle_gap_ms: i64) -> Option<u64> {
    let left = last_event_at
        .saturating_add(idle_gap_ms)
        .saturating_sub(now_ms);
    u64::try_from(left).ok().filter(|&left| left > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_within_the_idle_gap_continues_the_run_and_one_after_it_opens_a_new_one() {
        assert!(continues(1_000, 61_000, 60_000));
        assert!(!continues(1_000, 61_001, 60_000));
    }

    #[test]
    fn a_run_is_running_until_the_idle_gap_has_passed_then_failed_or_succeeded() {
        assert_eq!(status(1_000, 0, 60_999, 60_000), RunStatus::Running);
        assert_eq!(status(1_000, 0, 61_000, 60_000), RunStatus::Succeeded);
        assert_eq!(status(1_000, 2, 61_000, 60_000), RunStatus::Failed);
    }

    #[test]
    fn a_running_run_ends_when_the_idle_gap_is_over_and_an_ended_one_has_no_end_ahead() {
        assert_eq!(ends_in(1_000, 1_000, 60_000), Some(60_000));
        assert_eq!(ends_in(1_000, 60_999, 60_000), Some(1));
        assert_eq!(status(1_000, 0, 60_999, 60_000), RunStatus::Running);
        assert_eq!(ends_in(1_000, 61_000, 60_000), None);
        assert_eq!(status(1_000, 0, 61_000, 60_000), RunStatus::Succeeded);
        assert_eq!(ends_in(1_000, 90_000, 60_000), None);
    }
}
