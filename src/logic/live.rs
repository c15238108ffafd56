//! The live stream's bookkeeping: reconnection backoff, the current run's request rate, and the
//! sentence that announces new failures. Plain Rust, tested; [`crate::data::live_feed`]
//! wires it to the browser's `EventSource`.

use scim_sync_core::api::{RunStatus, RunSummary};
use scim_sync_core::category::FailureCategory;

use crate::logic::format;
use crate::logic::time::Millis;

/// Reconnection delays: 1 s, 2 s, 4 s … up to 30 s; back to 1 s once a connection opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Backoff {
    failures: u32,
}

impl Backoff {
    /// The longest wait between attempts.
    pub const MAX_MS: u32 = 30_000;

    /// Records a failed or dropped connection; returns how long to wait before the next try.
    pub fn next_delay_ms(&mut self) -> u32 {
        let delay = 1000u32
            .checked_shl(self.failures.min(5))
            .unwrap_or(Self::MAX_MS)
            .min(Self::MAX_MS);
        self.failures = self.failures.saturating_add(1);
        delay
    }

    /// Records a connection that opened.
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

/// Requests per second over the last few seconds of a run, from its successive request counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RateMeter {
    run_id: Option<i64>,
    samples: Vec<(Millis, u64)>,
}

impl RateMeter {
    /// How far back the rate looks.
    pub const WINDOW_MS: Millis = 10_000;

    /// Records that run `run_id` had processed `requests` at time `at`.
    pub fn record(&mut self, run_id: i64, at: Millis, requests: u64) {
        if self.run_id != Some(run_id) {
            self.run_id = Some(run_id);
            self.samples.clear();
        }
        self.samples.push((at, requests));
        let cutoff = at - Self::WINDOW_MS;
        self.samples.retain(|(t, _)| *t > cutoff);
    }

    /// Requests per second, once two samples span some time.
    pub fn per_second(&self) -> Option<f64> {
        let (first, last) = (self.samples.first()?, self.samples.last()?);
        let span = last.0 - first.0;
        (span > 0).then(|| last.1.saturating_sub(first.1) as f64 * 1000.0 / span as f64)
    }
}

/// Failures that arrived since the last announcement, by category.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewFailures {
    counts: Vec<(FailureCategory, u64)>,
}

impl NewFailures {
    /// Counts one failure.
    pub fn add(&mut self, category: FailureCategory) {
        match self.counts.iter_mut().find(|(c, _)| *c == category) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((category, 1)),
        }
    }

    /// Whether none arrived.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// "3 new failures: 2 Licence limit reached, 1 Duplicate user." (most frequent first), and
    /// starts counting afresh.
    pub fn take_announcement(&mut self) -> Option<String> {
        if self.counts.is_empty() {
            return None;
        }
        let mut counts = std::mem::take(&mut self.counts);
        crate::logic::order::sort_by_key(&mut counts, |c| std::cmp::Reverse(c.1));
        let total = counts.iter().map(|(_, n)| n).sum();
        let parts: Vec<String> = counts
            .iter()
            .map(|(c, n)| format!("{n} {}", c.title()))
            .collect();
        Some(format!(
            "{}: {}.",
            format::count(total, "new failure", "new failures"),
            parts.join(", ")
        ))
    }
}

/// The most recent of a fetched run and one the stream reported: the later run, or for the same
/// run the one that has seen more requests, or with as many the one that says it ended (the
/// stream announces a run's end, which comes by idle time); otherwise the fetched one.
pub fn latest_run(fetched: Option<RunSummary>, live: Option<RunSummary>) -> Option<RunSummary> {
    match (fetched, live) {
        (Some(f), Some(l))
            if l.id > f.id
                || (l.id == f.id && l.requests > f.requests)
                || (l.id == f.id
                    && l.requests == f.requests
                    && f.status == RunStatus::Running
                    && l.status != RunStatus::Running) =>
        {
            Some(l)
        }
        (Some(f), _) => Some(f),
        (None, live) => live,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::idp::Idp;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn reconnection_waits_double_up_to_thirty_seconds_and_reset_after_an_open() {
        let mut backoff = Backoff::default();
        let delays: Vec<u32> = (0..8).map(|_| backoff.next_delay_ms()).collect();
        assert_eq!(
            delays,
            [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]
        );
        backoff.reset();
        assert_eq!(backoff.next_delay_ms(), 1000);
    }

    #[wasm_bindgen_test]
    fn the_rate_is_requests_per_second_over_the_recent_window() {
        let mut meter = RateMeter::default();
        meter.record(1, 0, 0);
        assert_eq!(meter.per_second(), None);
        meter.record(1, 2000, 50);
        assert_eq!(meter.per_second(), Some(25.0));
        meter.record(1, 20_000, 150);
        meter.record(1, 22_000, 170);
        assert_eq!(meter.per_second(), Some(10.0));
    }

    #[wasm_bindgen_test]
    fn a_new_run_starts_a_new_rate() {
        let mut meter = RateMeter::default();
        meter.record(1, 0, 0);
        meter.record(1, 1000, 100);
        meter.record(2, 2000, 1);
        assert_eq!(meter.per_second(), None);
    }

    #[wasm_bindgen_test]
    fn new_failures_are_announced_once_most_frequent_first() {
        let mut new = NewFailures::default();
        assert_eq!(new.take_announcement(), None);
        new.add(FailureCategory::DuplicateUser);
        new.add(FailureCategory::LicenceLimit);
        new.add(FailureCategory::LicenceLimit);
        assert_eq!(
            new.take_announcement().as_deref(),
            Some("3 new failures: 2 Licence limit reached, 1 Duplicate user.")
        );
        assert!(new.is_empty());
        new.add(FailureCategory::Auth);
        assert_eq!(
            new.take_announcement().as_deref(),
            Some("1 new failure: 1 Authentication failed.")
        );
    }

    fn run(id: i64, requests: u64) -> RunSummary {
        RunSummary {
            id,
            connection: "default".to_owned(),
            idp: Idp::Entra,
            status: RunStatus::Running,
            started_at: "2026-11-29T10:00:00Z".to_owned(),
            last_event_at: "2026-11-29T10:00:05Z".to_owned(),
            requests,
            failures: 0,
            failures_by_category: Vec::new(),
            duration_ms: 60_000,
        }
    }

    #[wasm_bindgen_test]
    fn the_stream_s_run_wins_when_it_is_newer_or_further_along() {
        let mut ended = run(2, 5);
        ended.status = RunStatus::Failed;
        assert_eq!(
            latest_run(Some(ended.clone()), Some(run(2, 5))),
            Some(ended)
        );
        assert_eq!(
            latest_run(Some(run(1, 5)), Some(run(2, 1))),
            Some(run(2, 1))
        );
        assert_eq!(
            latest_run(Some(run(2, 5)), Some(run(2, 9))),
            Some(run(2, 9))
        );
        assert_eq!(
            latest_run(Some(run(2, 9)), Some(run(2, 5))),
            Some(run(2, 9))
        );
        assert_eq!(
            latest_run(Some(run(3, 1)), Some(run(2, 50))),
            Some(run(3, 1))
        );
        assert_eq!(latest_run(None, Some(run(1, 1))), Some(run(1, 1)));
        assert_eq!(latest_run(None, None), None);
    }

    #[wasm_bindgen_test]
    fn the_stream_s_announcement_that_a_run_ended_wins_over_a_fetch_that_saw_it_running() {
        let mut ended = run(2, 5);
        ended.status = RunStatus::Succeeded;
        assert_eq!(
            latest_run(Some(run(2, 5)), Some(ended.clone())),
            Some(ended.clone())
        );
        assert_eq!(latest_run(Some(run(2, 6)), Some(ended)), Some(run(2, 6)));
    }
}
