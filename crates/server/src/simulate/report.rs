//! What a run did: counters the workers bump, and the summary table printed at the end.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use scim_sync_core::category::FailureCategory;

use super::options::{DialectChoice, Scenario};

/// Counters shared by the workers.
#[derive(Debug, Default)]
pub struct Counters {
    sent: AtomicU64,
    succeeded: AtomicU64,
    skipped: AtomicU64,
    admin_steps: AtomicU64,
    failures: [AtomicU64; FailureCategory::ALL.len()],
}

impl Counters {
    /// A request was answered, with this category if it failed.
    pub fn answered(&self, failure: Option<FailureCategory>) {
        self.sent.fetch_add(1, Ordering::Relaxed);
        match failure {
            None => {
                self.succeeded.fetch_add(1, Ordering::Relaxed);
            }
            Some(category) => {
                if let Some(i) = FailureCategory::ALL.iter().position(|&c| c == category) {
                    self.failures[i].fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }

    /// An operation was skipped: the IdP has no id for its object (an earlier step failed).
    pub fn skipped(&self) {
        self.skipped.fetch_add(1, Ordering::Relaxed);
    }

    /// An admin step was done.
    pub fn admin_step(&self) {
        self.admin_steps.fetch_add(1, Ordering::Relaxed);
    }

    /// Requests sent so far.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// The summary of the counts so far.
    pub fn summary(
        &self,
        header: Header,
        expected: BTreeMap<FailureCategory, u64>,
        elapsed: Duration,
    ) -> Summary {
        let failures: BTreeMap<FailureCategory, u64> = FailureCategory::ALL
            .iter()
            .zip(&self.failures)
            .map(|(&c, n)| (c, n.load(Ordering::Relaxed)))
            .filter(|&(_, n)| n > 0)
            .collect();
        Summary {
            header,
            sent: self.sent(),
            succeeded: self.succeeded.load(Ordering::Relaxed),
            failed: failures.values().sum(),
            failures,
            expected,
            skipped: self.skipped.load(Ordering::Relaxed),
            admin_steps: self.admin_steps.load(Ordering::Relaxed),
            elapsed,
            notes: Vec::new(),
        }
    }
}

/// What was played.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The story.
    pub scenario: Scenario,
    /// The seed.
    pub seed: u64,
    /// The dialect.
    pub dialect: DialectChoice,
    /// People in the plan.
    pub people: usize,
    /// Groups in the plan.
    pub groups: usize,
}

/// The end-of-run report.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// What was played.
    pub header: Header,
    /// SCIM requests sent (and answered).
    pub sent: u64,
    /// Answered with a success.
    pub succeeded: u64,
    /// Answered with a failure.
    pub failed: u64,
    /// Failures by category, as read from the answers.
    pub failures: BTreeMap<FailureCategory, u64>,
    /// Failures the story leads to on an empty project.
    pub expected: BTreeMap<FailureCategory, u64>,
    /// Operations skipped because the IdP had no id for their object.
    pub skipped: u64,
    /// Admin API steps done.
    pub admin_steps: u64,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// Things the reader should know (steps skipped for lack of an admin token, …).
    pub notes: Vec<String>,
}

impl Summary {
    /// Requests per second over the whole run.
    pub fn requests_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.sent as f64 / seconds
        } else {
            0.0
        }
    }

    /// Failures of one category.
    pub fn failed_with(&self, category: FailureCategory) -> u64 {
        self.failures.get(&category).copied().unwrap_or(0)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = &self.header;
        writeln!(
            f,
            "Scenario {} · seed {} · dialect {} · {} people · {} groups",
            h.scenario, h.seed, h.dialect, h.people, h.groups
        )?;
        let planned_failures: u64 = self.expected.values().sum();
        let mut rows: Vec<(String, String, String)> = vec![
            ("SCIM requests".into(), "count".into(), "planned".into()),
            ("sent".into(), self.sent.to_string(), String::new()),
            (
                "succeeded".into(),
                self.succeeded.to_string(),
                String::new(),
            ),
            (
                "failed".into(),
                self.failed.to_string(),
                planned_failures.to_string(),
            ),
        ];
        for category in FailureCategory::ALL {
            let got = self.failed_with(category);
            let planned = self.expected.get(&category).copied().unwrap_or(0);
            if got > 0 || planned > 0 {
                rows.push((
                    format!("  {} ({})", category.code(), category.title()),
                    got.to_string(),
                    planned.to_string(),
                ));
            }
        }
        if self.skipped > 0 {
            rows.push((
                "operations skipped (no id)".into(),
                self.skipped.to_string(),
                String::new(),
            ));
        }
        rows.push((
            "admin API steps".into(),
            self.admin_steps.to_string(),
            String::new(),
        ));
        rows.push((
            "elapsed (s)".into(),
            format!("{:.1}", self.elapsed.as_secs_f64()),
            String::new(),
        ));
        rows.push((
            "requests/s".into(),
            format!("{:.1}", self.requests_per_second()),
            String::new(),
        ));
        let width = rows
            .iter()
            .map(|(label, ..)| label.chars().count())
            .max()
            .unwrap_or(0);
        writeln!(f)?;
        for (label, count, planned) in &rows {
            let line = format!("  {label:<width$}  {count:>9}  {planned:>9}");
            writeln!(f, "{}", line.trim_end())?;
        }
        for note in &self.notes {
            writeln!(f)?;
            writeln!(f, "Note: {note}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_table_lists_failures_by_category_next_to_the_plan() {
        let counters = Counters::default();
        counters.answered(None);
        counters.answered(Some(FailureCategory::LicenceLimit));
        counters.answered(Some(FailureCategory::LicenceLimit));
        let header = Header {
            scenario: Scenario::LicenceLimit,
            seed: 7,
            dialect: DialectChoice::Okta,
            people: 3,
            groups: 1,
        };
        let expected = BTreeMap::from([(FailureCategory::LicenceLimit, 2)]);
        let summary = counters.summary(header, expected, Duration::from_secs(2));

        assert_eq!((summary.sent, summary.succeeded, summary.failed), (3, 1, 2));
        assert!((summary.requests_per_second() - 1.5).abs() < 1e-9);
        let table = summary.to_string();
        assert!(
            table.contains("licence_limit (Licence limit reached)"),
            "{table}"
        );
        assert!(table.contains("seed 7"));
    }
}
