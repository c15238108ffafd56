//! The overview: SCIM on/off, the failed-sync banner, seats and readers, the sync in progress,
//! each connection's health, the failure trend and the recent runs. Re-read whenever the live
//! stream reports traffic, the end of a run or a change of health, and once more when the run
//! shown as running is due to end: the stream is a view, not a record, and a lost message
//! must not leave a sync "in progress" on screen for good. No other timer.

use std::time::Duration;

use leptos::prelude::*;
use scim_sync_core::api::{Page, RunStatus, RunSummary, Status};
use scim_sync_core::health::ConnectionHealth;

use crate::components::markup::Markup;
use crate::components::page_title::PageTitle;
use crate::components::read_state::ReadState;
use crate::components::trend_chart::TrendChart;
use crate::data::api::paths;
use crate::data::live_feed::use_live;
use crate::data::read::Read;
use crate::logic::format;
use crate::logic::live::latest_run;
use crate::logic::query::Query;
use crate::logic::time::Local;
use crate::logic::trend::Trend;
use crate::markup::health_panel::health_panel;
use crate::markup::html::Html;
use crate::markup::last_run::last_run;
use crate::markup::licence_meter::meter;
use crate::markup::run_progress::progress;
use crate::markup::runs_table::runs_table;
use crate::markup::sync_failed_banner::banner;
use crate::shell::route::{Route, href};
use crate::shell::router::use_router;

/// How many runs the trend is drawn from.
const TREND_RUNS: u32 = 100;
/// How many runs the overview lists.
const RECENT_RUNS: usize = 5;
/// How long after a run's due end the overview re-reads if the stream has not told it of the
/// end: the server announces it at the due time, so this is the message's time to arrive.
const END_MARGIN_MS: u64 = 2000;

/// What the admin sees first.
#[component]
pub fn Overview() -> impl IntoView {
    let live = use_live();
    let base = use_router().base();
    // The live stream reports every request and the end of every run (the server announces a
    // run that ended by idle time), so the overview re-reads only when it moves: no timer.
    let status = Read::<Status>::new(move || {
        live.version.track();
        Some(paths::STATUS.to_owned())
    });
    let runs = Read::<Page<RunSummary>>::new(move || {
        live.version.track();
        Some(paths::runs(None, TREND_RUNS))
    });
    let health = Read::<Vec<ConnectionHealth>>::new(move || {
        live.version.track();
        Some(paths::HEALTH.to_owned())
    });
    let reread = move || {
        status.refetch();
        runs.refetch();
        health.refetch();
    };
    // The run's end comes on the live stream; should that message be lost, one re-read a
    // little after the server said the run would end by idle time. A read or a message that
    // moves the run replaces the timer; one that ends it, as the stream does, clears it.
    Effect::new(move |_| {
        let ends_in = status.with(|s| {
            let s = s?;
            let run = latest_run(s.last_run.clone(), live.run.get())?;
            s.last_run_ends_in_ms
                .filter(|_| run.status == RunStatus::Running)
        });
        if let Some(ends_in) = ends_in
            && let Ok(timer) = set_timeout_with_handle(
                reread,
                Duration::from_millis(ends_in.saturating_add(END_MARGIN_MS)),
            )
        {
            on_cleanup(move || timer.clear());
        }
    });
    let summary = {
        let base = base.clone();
        move || {
            status.with(|s| {
                s.map(|s| {
                    let run = latest_run(s.last_run.clone(), live.run.get());
                    status_summary(s, run.as_ref(), live.rate.get(), &base, &Local::browser())
                })
                .unwrap_or_default()
            })
        }
    };
    let trend = Memo::new(move |_| {
        runs.with(|p| p.map(|p| Trend::from_runs(&p.items)).unwrap_or_default())
    });
    let health_markup = move || {
        health.with(|h| {
            h.map(|h| health_panel(h, &Local::browser()))
                .unwrap_or_default()
        })
    };
    let recent = move || {
        runs.with(|p| {
            p.map(|p| {
                recent_runs(
                    &p.items[..p.items.len().min(RECENT_RUNS)],
                    &base,
                    &Local::browser(),
                )
            })
            .unwrap_or_default()
        })
    };

    view! {
        <div class="ssd-page ssd-overview">
            <PageTitle title="Overview">
                <button type="button" class="ssd-button" on:click=move |_| reread()>
                    "Refresh"
                </button>
            </PageTitle>
            <ReadState read=status.progress() />
            <Markup html=summary class="ssd-stack" />
            <ReadState read=health.progress() />
            <Markup html=health_markup />
            <ReadState read=runs.progress() />
            <TrendChart trend=trend />
            <Markup html=recent />
        </div>
    }
}

/// The banner (if the latest run failed), SCIM on/off, the licence meter, readers, and the
/// sync in progress or the last one.
pub fn status_summary(
    status: &Status,
    run: Option<&RunSummary>,
    rate: Option<f64>,
    base: &str,
    local: &Local,
) -> Html {
    let mut html = Html::new();
    if let Some(run) = run.filter(|r| r.status == RunStatus::Failed) {
        html.append(&banner(run, base));
    }
    let (enabled, text) = if status.scim_enabled {
        ("true", "SCIM provisioning is on")
    } else {
        (
            "false",
            "SCIM provisioning is off: your identity provider's requests are refused",
        )
    };
    html.element(
        "p",
        &[
            ("class", Some("ssd-scim-state")),
            ("data-enabled", Some(enabled)),
        ],
        text,
    )
    .open("div", &[("class", Some("ssd-grid"))])
    .append(&meter(status.seats))
    .open(
        "section",
        &[
            ("class", Some("ssd-card")),
            ("aria-labelledby", Some("ssd-readers-title")),
        ],
    )
    .element(
        "h2",
        &[
            ("class", Some("ssd-card__title")),
            ("id", Some("ssd-readers-title")),
        ],
        "Readers",
    )
    .class("p", "ssd-figure", &format::thousands(status.readers))
    .class(
        "p",
        "ssd-muted",
        &format::count(
            status.readers,
            "reader, no seat taken",
            "readers, no seat taken",
        ),
    )
    .close("section")
    .close("div");
    match run {
        Some(run) if run.status == RunStatus::Running => {
            html.append(&progress(run, rate, local));
        }
        other => {
            html.append(&last_run(other));
        }
    }
    html
}

/// The recent runs card.
pub fn recent_runs(runs: &[RunSummary], base: &str, local: &Local) -> Html {
    let mut html = Html::new();
    html.open(
        "section",
        &[
            ("class", Some("ssd-card")),
            ("aria-labelledby", Some("ssd-recent-title")),
        ],
    )
    .open("div", &[("class", Some("ssd-card__header"))])
    .element(
        "h2",
        &[
            ("class", Some("ssd-card__title")),
            ("id", Some("ssd-recent-title")),
        ],
        "Recent runs",
    )
    .link(&href(base, &Route::Runs, &Query::default()), "All runs")
    .close("div")
    .open("div", &[("class", Some("ssd-table-wrap"))])
    .append(&runs_table(
        runs,
        base,
        local,
        "Recent sync runs, newest first",
        false,
    ))
    .close("div")
    .close("section");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::api::{CategoryCount, RunStatus};
    use scim_sync_core::category::FailureCategory;
    use scim_sync_core::idp::Idp;
    use scim_sync_core::seats::SeatUsage;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn run(status: RunStatus) -> RunSummary {
        RunSummary {
            id: 2,
            connection: "default".into(),
            idp: Idp::Okta,
            status,
            started_at: "2026-11-29T10:00:00Z".into(),
            last_event_at: "2026-11-29T10:01:00Z".into(),
            requests: 10,
            failures: 1,
            failures_by_category: vec![CategoryCount {
                category: FailureCategory::LicenceLimit,
                count: 1,
            }],
            duration_ms: 60_000,
        }
    }

    fn status() -> Status {
        Status {
            scim_enabled: true,
            seats: SeatUsage { limit: 5, used: 2 },
            readers: 1,
            last_run: None,
            last_run_ends_in_ms: None,
        }
    }

    #[wasm_bindgen_test]
    fn a_failed_last_run_shows_the_banner_and_the_last_sync() {
        let html = status_summary(
            &status(),
            Some(&run(RunStatus::Failed)),
            None,
            "",
            &Local::new("en-GB", "UTC"),
        );
        assert!(
            html.as_str()
                .contains("Sync failed due to a SCIM server error")
        );
        assert!(html.as_str().contains("SCIM provisioning is on"));
        assert!(html.as_str().contains("2 of 5 seats used"));
        assert!(html.as_str().contains("1 reader, no seat taken"));
        assert!(html.as_str().contains("Last sync"));
    }

    #[wasm_bindgen_test]
    fn a_running_sync_shows_its_progress_and_no_banner() {
        let html = status_summary(
            &status(),
            Some(&run(RunStatus::Running)),
            Some(3.0),
            "",
            &Local::new("en-GB", "UTC"),
        );
        assert!(!html.as_str().contains("Sync failed"));
        assert!(html.as_str().contains("Sync in progress from Okta"));
        assert!(html.as_str().contains("3.0 requests/s"));
    }
}
