//! The failure trend: failures per category over time, bucketed from the runs the overview
//! fetched, and the geometry of its SVG stacked bars. Plain Rust, tested.

use scim_sync_core::api::RunSummary;
use scim_sync_core::category::FailureCategory;

use crate::logic::time::{Millis, parse_rfc3339};

/// Bucket widths the chart picks from: the smallest that needs at most [`MAX_BUCKETS`].
const BUCKET_WIDTHS: [Millis; 9] = [
    60_000,
    5 * 60_000,
    15 * 60_000,
    3_600_000,
    3 * 3_600_000,
    6 * 3_600_000,
    86_400_000,
    7 * 86_400_000,
    30 * 86_400_000,
];

/// The most bars the chart draws.
pub const MAX_BUCKETS: usize = 24;

/// The fewest bars the chart draws: a short history is padded with empty periods before it,
/// so one run is a bar among others, not a block.
pub const MIN_BUCKETS: usize = 12;

/// Failures per category over time.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trend {
    /// Start of the first bucket.
    pub start: Millis,
    /// Width of every bucket.
    pub width: Millis,
    /// Per bucket, failures per category (categories in [`Trend::categories`] order).
    pub buckets: Vec<Vec<u64>>,
    /// The categories that had failures, in [`FailureCategory::ALL`] order.
    pub categories: Vec<FailureCategory>,
}

impl Trend {
    /// Buckets the runs' failures by each run's start time.
    pub fn from_runs(runs: &[RunSummary]) -> Trend {
        let timed: Vec<(Millis, &RunSummary)> = runs
            .iter()
            .filter(|run| run.failures > 0)
            .filter_map(|run| Some((parse_rfc3339(&run.started_at)?, run)))
            .collect();
        let (Some(min), Some(max)) = (
            timed.iter().map(|(at, _)| *at).min(),
            timed.iter().map(|(at, _)| *at).max(),
        ) else {
            return Trend::default();
        };
        let width = BUCKET_WIDTHS
            .into_iter()
            .find(|w| (max / w - min / w) < MAX_BUCKETS as Millis)
            .unwrap_or(BUCKET_WIDTHS[BUCKET_WIDTHS.len() - 1]);
        let first = min / width * width;
        let used = usize::try_from((max - first) / width + 1)
            .unwrap_or(1)
            .min(MAX_BUCKETS);
        let count = used.max(MIN_BUCKETS);
        let start = first - width * (count - used) as Millis;
        let categories: Vec<FailureCategory> = FailureCategory::ALL
            .into_iter()
            .filter(|c| {
                timed.iter().any(|(_, run)| {
                    run.failures_by_category
                        .iter()
                        .any(|cc| cc.category == *c && cc.count > 0)
                })
            })
            .collect();
        let mut buckets = vec![vec![0u64; categories.len()]; count];
        for (at, run) in &timed {
            let index = usize::try_from((at - start) / width)
                .unwrap_or(0)
                .min(count - 1);
            for cc in &run.failures_by_category {
                if let Some(k) = categories.iter().position(|c| *c == cc.category) {
                    buckets[index][k] += cc.count;
                }
            }
        }
        Trend {
            start,
            width,
            buckets,
            categories,
        }
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
    }

    /// The tallest bar's total.
    pub fn max_total(&self) -> u64 {
        self.buckets
            .iter()
            .map(|b| b.iter().sum::<u64>())
            .max()
            .unwrap_or(0)
    }

    /// Failures of one category over the whole span.
    pub fn total_of(&self, category: FailureCategory) -> u64 {
        self.categories
            .iter()
            .position(|c| *c == category)
            .map_or(0, |k| self.buckets.iter().map(|b| b[k]).sum())
    }

    /// Start time of bucket `index`.
    pub fn bucket_start(&self, index: usize) -> Millis {
        self.start + self.width * index as Millis
    }

    /// Whether axis labels need the date (the span or the buckets cover days).
    pub fn labels_need_date(&self) -> bool {
        self.width * self.buckets.len() as Millis > 86_400_000 || self.width >= 86_400_000
    }
}

/// One drawn rectangle of a stacked bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Bucket index.
    pub bucket: usize,
    /// The category it shows.
    pub category: FailureCategory,
    /// Failures it stands for.
    pub count: u64,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// The stacked bars of `trend` in a `width` × `height` plot area (y grows downwards; the first
/// category sits at the bottom of each bar).
pub fn segments(trend: &Trend, width: f64, height: f64) -> Vec<Segment> {
    let max = trend.max_total();
    if max == 0 || trend.buckets.is_empty() {
        return Vec::new();
    }
    let slot = width / trend.buckets.len() as f64;
    let bar = (slot * 0.7).max(1.0);
    let scale = height / max as f64;
    let mut out = Vec::new();
    for (i, bucket) in trend.buckets.iter().enumerate() {
        let x = slot * i as f64 + (slot - bar) / 2.0;
        let mut bottom = height;
        for (k, &count) in bucket.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let h = count as f64 * scale;
            out.push(Segment {
                bucket: i,
                category: trend.categories[k],
                count,
                x,
                y: bottom - h,
                width: bar,
                height: h,
            });
            bottom -= h;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::api::{CategoryCount, RunStatus};
    use scim_sync_core::idp::Idp;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn run(started_at: &str, counts: &[(FailureCategory, u64)]) -> RunSummary {
        RunSummary {
            id: 1,
            connection: "default".to_owned(),
            idp: Idp::Okta,
            status: RunStatus::Failed,
            started_at: started_at.to_owned(),
            last_event_at: started_at.to_owned(),
            requests: 10,
            failures: counts.iter().map(|(_, n)| n).sum(),
            failures_by_category: counts
                .iter()
                .map(|&(category, count)| CategoryCount { category, count })
                .collect(),
            duration_ms: 0,
        }
    }

    #[wasm_bindgen_test]
    fn runs_within_an_hour_are_bucketed_by_five_minutes() {
        let trend = Trend::from_runs(&[
            run(
                "2026-11-29T10:01:00Z",
                &[(FailureCategory::LicenceLimit, 2)],
            ),
            run(
                "2026-11-29T10:03:00Z",
                &[
                    (FailureCategory::LicenceLimit, 1),
                    (FailureCategory::DuplicateUser, 4),
                ],
            ),
            run(
                "2026-11-29T10:52:00Z",
                &[(FailureCategory::LicenceLimit, 3)],
            ),
            run("2026-11-29T10:30:00Z", &[]),
        ]);
        assert_eq!(trend.width, 5 * 60_000);
        assert_eq!(
            trend.buckets.len(),
            MIN_BUCKETS,
            "padded before the first run"
        );
        assert_eq!(
            trend.categories,
            vec![
                FailureCategory::DuplicateUser,
                FailureCategory::LicenceLimit
            ]
        );
        assert_eq!(trend.buckets[0], vec![0, 0]);
        assert_eq!(trend.buckets[1], vec![4, 3]);
        assert_eq!(trend.buckets[11], vec![0, 3]);
        assert_eq!(trend.max_total(), 7);
        assert_eq!(trend.total_of(FailureCategory::LicenceLimit), 6);
        assert!(!trend.labels_need_date());
    }

    #[wasm_bindgen_test]
    fn runs_over_weeks_are_bucketed_by_days_or_more() {
        let trend = Trend::from_runs(&[
            run("2026-11-01T10:00:00Z", &[(FailureCategory::Auth, 1)]),
            run("2026-11-20T10:00:00Z", &[(FailureCategory::Auth, 1)]),
        ]);
        assert_eq!(trend.width, 86_400_000);
        assert_eq!(trend.buckets.len(), 20);
        assert!(trend.labels_need_date());
    }

    #[wasm_bindgen_test]
    fn no_failed_run_means_an_empty_trend() {
        assert!(Trend::from_runs(&[]).is_empty());
        assert!(Trend::from_runs(&[run("2026-11-29T10:00:00Z", &[])]).is_empty());
        assert!(segments(&Trend::default(), 100.0, 100.0).is_empty());
    }

    #[wasm_bindgen_test]
    fn bars_stack_their_categories_from_the_bottom_up_to_the_tallest() {
        let trend = Trend::from_runs(&[
            run(
                "2026-11-29T10:00:00Z",
                &[
                    (FailureCategory::DuplicateUser, 1),
                    (FailureCategory::LicenceLimit, 3),
                ],
            ),
            run(
                "2026-11-29T10:01:00Z",
                &[(FailureCategory::LicenceLimit, 2)],
            ),
        ]);
        let bars = segments(&trend, 200.0, 100.0);
        assert_eq!(bars.len(), 3);
        let first = &bars[0];
        assert_eq!(first.category, FailureCategory::DuplicateUser);
        assert_eq!((first.y, first.height), (75.0, 25.0));
        assert_eq!((bars[1].y, bars[1].height), (0.0, 75.0));
        assert_eq!((bars[2].y, bars[2].height), (50.0, 50.0));
        assert!(bars[2].x > 100.0);
    }
}
