//! A connection's health: whether its IdP's sync is working, judged before the IdP gives up.
//!
//! Microsoft Entra ID quarantines a provisioning job whose requests keep failing: it starts
//! judging after 5,000 failures, quarantines above 40 % failed (or 40,000 failures), and then
//! retries only every 6 h, 12 h, 24 h and later daily. Okta and OneLogin stop retrying a task
//! after a few attempts. The server sees every request, so it can warn first, from three signals
//! over a connection's recent requests:
//!
//! - **a token that keeps being refused**: the latest few requests all failed authentication (the
//!   IdP holds a rotated-out or revoked secret) — failing;
//! - **the failure rate** over a sliding window of recent requests, once there are enough of
//!   them to judge — degraded from [`Thresholds::degraded_percent`], failing from
//!   [`Thresholds::failing_percent`] (defaults 10 % and 25 %, well before Entra's 40 %);
//! - **silence**: no request for longer than the connection's usual cadence allows (Entra cycles
//!   about every 40 minutes; "no request for 2 h" is a warning) — degraded.
//!
//! [`assess`] is the rule, pure and the same wherever it runs; the server feeds it and records
//! each change. Each state names its cause and the next step in the IdP's words
//! ([`crate::remedy`]).

use serde::{Deserialize, Serialize};

use crate::category::FailureCategory;
use crate::idp::Idp;
use crate::remedy;

/// Healthy, degraded or failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthState {
    /// Requests arrive as usual and (almost) all succeed.
    Healthy,
    /// Worth a look: more failures than usual, or quieter than usual.
    Degraded,
    /// The IdP is close to giving up, or cannot get in at all.
    Failing,
}

impl HealthState {
    /// Its code, as the API and the live stream carry it.
    pub fn code(self) -> &'static str {
        match self {
            HealthState::Healthy => "healthy",
            HealthState::Degraded => "degraded",
            HealthState::Failing => "failing",
        }
    }

    /// The state a code names.
    pub fn from_code(code: &str) -> Option<HealthState> {
        [
            HealthState::Healthy,
            HealthState::Degraded,
            HealthState::Failing,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// Why a connection is in its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HealthCause {
    /// The connection's token has not been used yet.
    NoRequestYet,
    /// Requests arrive and succeed.
    Working,
    /// `failed` of the `of` requests so far failed: too few requests to judge a rate yet.
    FewRequests {
        /// Failed requests so far.
        failed: u32,
        /// Requests so far, fewer than [`Thresholds::min_requests`].
        of: u32,
    },
    /// `failed` of the latest `of` requests failed; `top` is the most frequent category.
    FailureRate {
        /// Failed requests in the window.
        failed: u32,
        /// Requests in the window.
        of: u32,
        /// The most frequent failure category among them.
        top: FailureCategory,
    },
    /// The latest `streak` requests were all refused authentication.
    TokenRefused {
        /// How many in a row.
        streak: u32,
    },
    /// No request for `quiet_ms`, longer than the connection's cadence allows.
    Silent {
        /// Since the last request, in milliseconds.
        quiet_ms: i64,
    },
}

/// When a connection turns degraded or failing: per project, with defaults that warn well
/// before Entra ID's 40 % quarantine threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// How many of the latest requests the failure rate is taken over.
    pub window: u32,
    /// Fewer requests than this in the window: too few to judge a rate.
    pub min_requests: u32,
    /// A failure rate from this percentage is degraded.
    pub degraded_percent: u8,
    /// A failure rate from this percentage is failing.
    pub failing_percent: u8,
    /// Consecutive authentication failures that mean the IdP's token is refused.
    pub refused_streak: u32,
    /// No request for this long is a warning, whatever the cadence (milliseconds).
    pub silent_after_ms: i64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            window: 200,
            min_requests: 20,
            degraded_percent: 10,
            failing_percent: 25,
            refused_streak: 3,
            silent_after_ms: 2 * 3_600_000,
        }
    }
}

impl Thresholds {
    /// Why these thresholds cannot be used, in a sentence for the admin; `None` when they can.
    pub fn problem(&self) -> Option<&'static str> {
        if !(1..=10_000).contains(&self.window) {
            Some("The window must be between 1 and 10,000 requests.")
        } else if self.min_requests > self.window {
            Some("The minimum number of requests cannot be larger than the window.")
        } else if !(1..=100).contains(&self.degraded_percent)
            || !(1..=100).contains(&self.failing_percent)
        {
            Some("Failure percentages must be between 1 and 100.")
        } else if self.degraded_percent > self.failing_percent {
            Some("The degraded percentage cannot be above the failing one.")
        } else if !(1..=1_000).contains(&self.refused_streak) {
            Some("The refused-token streak must be between 1 and 1,000 requests.")
        } else if !(60_000..=30 * 86_400_000).contains(&self.silent_after_ms) {
            Some("Silence must be between 1 minute and 30 days.")
        } else {
            None
        }
    }
}

/// What the server knows of a connection's recent requests.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Activity {
    /// The latest requests' outcomes, newest first, at most [`Thresholds::window`]: `None`
    /// for a success, the category for a failure.
    pub recent: Vec<Option<FailureCategory>>,
    /// When the latest request arrived (Unix ms).
    pub last_request_at: Option<i64>,
    /// The connection's usual pause between syncs (the median gap between its runs' starts),
    /// when it has a history.
    pub usual_gap_ms: Option<i64>,
}

/// A connection's state and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Healthy, degraded or failing.
    pub state: HealthState,
    /// Why.
    pub cause: HealthCause,
}

/// A connection's health as the admin API answers it (`GET /api/v1/health`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionHealth {
    /// The connection's id.
    pub connection_id: i64,
    /// Its name.
    pub connection: String,
    /// The IdP its latest request came from.
    pub idp: Idp,
    /// Healthy, degraded or failing.
    pub state: HealthState,
    /// Why.
    pub cause: HealthCause,
    /// What is wrong (or right), in a sentence.
    pub summary: String,
    /// The next step, in the IdP's words; empty when nothing needs doing.
    pub next_step: String,
    /// The latest request, RFC 3339.
    pub last_request_at: Option<String>,
}

/// Judges a connection at `now` (Unix ms): the worst of the token, rate and silence signals.
pub fn assess(activity: &Activity, thresholds: &Thresholds, now: i64) -> Assessment {
    let Some(last) = activity.last_request_at else {
        return Assessment {
            state: HealthState::Healthy,
            cause: HealthCause::NoRequestYet,
        };
    };
    let streak = activity
        .recent
        .iter()
        .take_while(|o| **o == Some(FailureCategory::Auth))
        .count() as u32;
    if thresholds.refused_streak > 0 && streak >= thresholds.refused_streak {
        return Assessment {
            state: HealthState::Failing,
            cause: HealthCause::TokenRefused { streak },
        };
    }
    let window = &activity.recent[..activity.recent.len().min(thresholds.window as usize)];
    let of = window.len() as u32;
    let failed = window.iter().filter(|o| o.is_some()).count() as u32;
    if of >= thresholds.min_requests.max(1) && failed > 0 {
        let percent = u64::from(failed) * 100 / u64::from(of);
        let state = if percent >= u64::from(thresholds.failing_percent) {
            Some(HealthState::Failing)
        } else if percent >= u64::from(thresholds.degraded_percent) {
            Some(HealthState::Degraded)
        } else {
            None
        };
        if let Some(state) = state {
            return Assessment {
                state,
                cause: HealthCause::FailureRate {
                    failed,
                    of,
                    top: most_frequent(window),
                },
            };
        }
    }
    let quiet_ms = now.saturating_sub(last);
    let allowed = activity
        .usual_gap_ms
        .map_or(thresholds.silent_after_ms, |gap| {
            thresholds.silent_after_ms.max(gap.saturating_mul(3))
        });
    if quiet_ms > allowed {
        return Assessment {
            state: HealthState::Degraded,
            cause: HealthCause::Silent { quiet_ms },
        };
    }
    let cause = if failed > 0 && of < thresholds.min_requests {
        HealthCause::FewRequests { failed, of }
    } else {
        HealthCause::Working
    };
    Assessment {
        state: HealthState::Healthy,
        cause,
    }
}

/// The most frequent category among the failures of `window` (the first seen on a tie).
fn most_frequent(window: &[Option<FailureCategory>]) -> FailureCategory {
    let mut counts: Vec<(FailureCategory, u32)> = Vec::new();
    for category in window.iter().flatten() {
        match counts.iter_mut().find(|(c, _)| c == category) {
            Some((_, n)) => *n += 1,
            None => counts.push((*category, 1)),
        }
    }
    counts
        .iter()
        .fold(
            None,
            |best: Option<(FailureCategory, u32)>, &(c, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((c, n)),
            },
        )
        .map_or(FailureCategory::Internal, |(c, _)| c)
}

/// What the admin reads for `cause`: one sentence on what is wrong, and the next step in the
/// words of `idp`.
pub fn explain(cause: &HealthCause, idp: Idp) -> (String, String) {
    let first_step = |category: FailureCategory| {
        remedy::explain(category, idp)
            .steps
            .into_iter()
            .next()
            .unwrap_or_default()
    };
    match cause {
        HealthCause::NoRequestYet => (
            "No request has used this connection yet.".to_owned(),
            "Give your IdP the SCIM base URL and one of this connection's tokens (Settings > SCIM setup).".to_owned(),
        ),
        HealthCause::Working => ("Requests arrive and succeed.".to_owned(), String::new()),
        HealthCause::FewRequests { failed, of } => (
            format!(
                "{failed} of {of} {} so far failed: too few to judge a failure rate yet.",
                if *of == 1 { "request" } else { "requests" }
            ),
            String::new(),
        ),
        HealthCause::FailureRate { failed, of, top } => (
            format!(
                "{failed} of the latest {of} requests failed, most of them: {}.",
                top.title()
            ),
            first_step(*top),
        ),
        HealthCause::TokenRefused { streak } => (
            format!(
                "The latest {streak} requests were refused: {} is sending a token this project no longer accepts.",
                idp.display_name()
            ),
            first_step(FailureCategory::Auth),
        ),
        HealthCause::Silent { quiet_ms } => (
            format!(
                "No request for {}, longer than this connection usually waits.",
                quiet(*quiet_ms)
            ),
            remedy::silent_connection(idp),
        ),
    }
}

/// "2 h 5 min", "40 min": how long a connection has been quiet.
fn quiet(ms: i64) -> String {
    let minutes = ms / 60_000;
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;
    const NOW: i64 = 1_000 * 60 * MINUTE;

    fn activity(recent: Vec<Option<FailureCategory>>, last_ago_ms: i64) -> Activity {
        Activity {
            recent,
            last_request_at: Some(NOW - last_ago_ms),
            usual_gap_ms: Some(40 * MINUTE),
        }
    }

    fn outcomes(
        failed: usize,
        ok: usize,
        category: FailureCategory,
    ) -> Vec<Option<FailureCategory>> {
        let mut v = vec![Some(category); failed];
        v.extend(std::iter::repeat_n(None, ok));
        v
    }

    #[test]
    fn thresholds_that_cannot_judge_are_refused_with_the_reason() {
        assert_eq!(Thresholds::default().problem(), None);
        let with = |f: fn(&mut Thresholds)| {
            let mut t = Thresholds::default();
            f(&mut t);
            t.problem()
        };
        assert!(with(|t| t.window = 0).is_some());
        assert!(with(|t| t.min_requests = 201).is_some());
        assert!(with(|t| t.degraded_percent = 0).is_some());
        assert!(with(|t| t.failing_percent = 101).is_some());
        assert!(with(|t| t.degraded_percent = 30).is_some());
        assert!(with(|t| t.refused_streak = 0).is_some());
        assert!(with(|t| t.silent_after_ms = 59_999).is_some());
        assert_eq!(with(|t| t.degraded_percent = 25), None);
    }

    #[test]
    fn a_connection_without_requests_is_healthy_and_says_so() {
        let a = assess(&Activity::default(), &Thresholds::default(), NOW);
        assert_eq!(a.state, HealthState::Healthy);
        assert_eq!(a.cause, HealthCause::NoRequestYet);
    }

    #[test]
    fn the_failure_rate_turns_degraded_at_ten_percent_and_failing_at_twenty_five() {
        let t = Thresholds::default();
        let at = |failed| {
            assess(
                &activity(
                    outcomes(failed, 100 - failed, FailureCategory::LicenceLimit),
                    MINUTE,
                ),
                &t,
                NOW,
            )
        };
        assert_eq!(at(9).state, HealthState::Healthy);
        assert_eq!(at(10).state, HealthState::Degraded);
        assert_eq!(at(24).state, HealthState::Degraded);
        assert_eq!(at(25).state, HealthState::Failing);
        assert_eq!(
            at(25).cause,
            HealthCause::FailureRate {
                failed: 25,
                of: 100,
                top: FailureCategory::LicenceLimit
            }
        );
    }

    #[test]
    fn too_few_requests_are_not_judged_by_their_rate_and_say_so() {
        let a = assess(
            &activity(outcomes(5, 5, FailureCategory::Validation), MINUTE),
            &Thresholds::default(),
            NOW,
        );
        assert_eq!(a.state, HealthState::Healthy);
        assert_eq!(a.cause, HealthCause::FewRequests { failed: 5, of: 10 });
        let (summary, next_step) = explain(&a.cause, Idp::Okta);
        assert_eq!(
            summary,
            "5 of 10 requests so far failed: too few to judge a failure rate yet."
        );
        assert_eq!(next_step, "");
        let one = HealthCause::FewRequests { failed: 1, of: 1 };
        assert!(
            explain(&one, Idp::Okta)
                .0
                .starts_with("1 of 1 request so far failed")
        );
    }

    #[test]
    fn only_the_window_counts_so_a_recovered_connection_turns_healthy_again() {
        let mut recent = vec![None; 200];
        recent.extend(vec![Some(FailureCategory::Validation); 300]);
        let a = assess(&activity(recent, MINUTE), &Thresholds::default(), NOW);
        assert_eq!(a.state, HealthState::Healthy);
        assert_eq!(a.cause, HealthCause::Working);
    }

    #[test]
    fn a_token_refused_three_times_in_a_row_is_failing_before_any_rate_counts() {
        let mut recent = vec![Some(FailureCategory::Auth); 3];
        recent.extend(vec![None; 500]);
        let a = assess(&activity(recent, MINUTE), &Thresholds::default(), NOW);
        assert_eq!(a.state, HealthState::Failing);
        assert_eq!(a.cause, HealthCause::TokenRefused { streak: 3 });

        let two = [vec![Some(FailureCategory::Auth); 2], vec![None; 50]].concat();
        assert_eq!(
            assess(&activity(two, MINUTE), &Thresholds::default(), NOW).state,
            HealthState::Healthy
        );
    }

    #[test]
    fn silence_past_two_hours_or_three_usual_gaps_is_degraded() {
        let t = Thresholds::default();
        let quiet = |ago, gap| {
            let mut a = activity(vec![None; 50], ago);
            a.usual_gap_ms = gap;
            assess(&a, &t, NOW)
        };
        assert_eq!(
            quiet(119 * MINUTE, Some(40 * MINUTE)).state,
            HealthState::Healthy
        );
        assert_eq!(
            quiet(121 * MINUTE, Some(40 * MINUTE)).cause,
            HealthCause::Silent {
                quiet_ms: 121 * MINUTE
            }
        );
        // A connection that syncs daily is not silent after two hours.
        assert_eq!(
            quiet(5 * 60 * MINUTE, Some(24 * 60 * MINUTE)).state,
            HealthState::Healthy
        );
        assert_eq!(quiet(121 * MINUTE, None).state, HealthState::Degraded);
    }

    #[test]
    fn each_cause_is_explained_with_a_next_step_in_the_idps_words() {
        let (what, next) = explain(&HealthCause::TokenRefused { streak: 4 }, Idp::Entra);
        assert!(
            what.starts_with("The latest 4 requests were refused: Microsoft Entra ID"),
            "{what}"
        );
        assert!(!next.is_empty());
        let (what, next) = explain(
            &HealthCause::Silent {
                quiet_ms: 125 * MINUTE,
            },
            Idp::Entra,
        );
        assert_eq!(
            what,
            "No request for 2 h 5 min, longer than this connection usually waits."
        );
        assert!(next.contains("quarantine"), "{next}");
        let (what, _) = explain(
            &HealthCause::FailureRate {
                failed: 30,
                of: 200,
                top: FailureCategory::LicenceLimit,
            },
            Idp::Okta,
        );
        assert_eq!(
            what,
            "30 of the latest 200 requests failed, most of them: Licence limit reached."
        );
    }

    #[test]
    fn states_round_trip_through_their_codes() {
        for s in [
            HealthState::Healthy,
            HealthState::Degraded,
            HealthState::Failing,
        ] {
            assert_eq!(HealthState::from_code(s.code()), Some(s));
        }
        assert_eq!(HealthState::from_code("fine"), None);
    }
}
