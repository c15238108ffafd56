//! One run: IdP, status, duration, requests and failures by category, each a link to the
//! failures it counts. Follows the live stream while the run goes on.

use leptos::prelude::*;
use scim_sync_core::api::RunSummary;

use crate::components::markup::Markup;
use crate::components::page_title::PageTitle;
use crate::components::read_state::ReadState;
use crate::data::api::paths;
use crate::data::live_feed::use_live;
use crate::data::read::Read;
use crate::logic::format;
use crate::logic::live::latest_run;
use crate::logic::query::Query;
use crate::logic::time::Local;
use crate::markup::category_badge::badge;
use crate::markup::html::Html;
use crate::markup::runs_table::{run_duration, run_status};
use crate::markup::when::when;
use crate::shell::route::{Route, href};
use crate::shell::router::use_router;

/// The run with id `id`.
#[component]
pub fn RunDetail(
    /// The run's id.
    id: i64,
) -> impl IntoView {
    let live = use_live();
    let router = use_router();
    let base = router.base();
    let run = Read::<RunSummary>::new(move || {
        live.version.track();
        Some(paths::run(id))
    });
    let html = move || {
        latest_run(run.get(), live.run.get().filter(|r| r.id == id))
            .map(|r| run_detail(&r, &base, &Local::browser()))
            .unwrap_or_default()
    };
    let runs_href = router.href(&Route::Runs, &Query::default());
    view! {
        <div class="ssd-page">
            <a class="ssd-back" href=runs_href>"All runs"</a>
            <PageTitle title=format!("Run {id}") />
            <ReadState read=run.progress() />
            <Markup html=html class="ssd-stack" />
        </div>
    }
}

/// The run's facts and its failures by category.
pub fn run_detail(run: &RunSummary, base: &str, local: &Local) -> Html {
    let failures_of = |category: Option<&str>| {
        let query = Query::default()
            .with("run", Some(&run.id.to_string()))
            .with("category", category);
        href(base, &Route::Failures, &query)
    };
    let mut html = Html::new();
    html.open("dl", &[("class", Some("ssd-figures ssd-card"))]);
    let fact = |html: &mut Html, term: &str, body: &dyn Fn(&mut Html)| {
        html.open("div", &[])
            .element("dt", &[], term)
            .open("dd", &[]);
        body(html);
        html.close("dd").close("div");
    };
    fact(&mut html, "Status", &|h| run_status(h, run.status));
    fact(&mut html, "Identity provider", &|h| {
        h.text(run.idp.display_name());
    });
    fact(&mut html, "Connection", &|h| {
        h.text(&run.connection);
    });
    fact(&mut html, "Started", &|h| when(h, &run.started_at, local));
    fact(&mut html, "Last request", &|h| {
        when(h, &run.last_event_at, local)
    });
    fact(&mut html, "Duration", &|h| {
        h.text(&run_duration(run));
    });
    fact(&mut html, "Requests", &|h| {
        h.text(&format::thousands(run.requests));
    });
    fact(&mut html, "Failures", &|h| {
        h.text(&format::thousands(run.failures));
    });
    html.close("dl")
        .open(
            "section",
            &[
                ("class", Some("ssd-card")),
                ("aria-labelledby", Some("ssd-run-categories")),
            ],
        )
        .open("div", &[("class", Some("ssd-card__header"))])
        .element(
            "h2",
            &[
                ("class", Some("ssd-card__title")),
                ("id", Some("ssd-run-categories")),
            ],
            "Failures by category",
        );
    if run.failures > 0 {
        html.link(&failures_of(None), "All failures of this run");
    }
    html.close("div");
    if run.failures_by_category.is_empty() {
        html.class("p", "ssd-muted", "No request of this run failed.");
    } else {
        html.open("table", &[("class", Some("ssd-table"))])
            .class(
                "caption",
                "ssd-visually-hidden",
                "Failures of this run by category",
            )
            .open("thead", &[])
            .open("tr", &[])
            .element("th", &[("scope", Some("col"))], "Category")
            .element(
                "th",
                &[("scope", Some("col")), ("class", Some("ssd-table__number"))],
                "Failures",
            )
            .element("th", &[("scope", Some("col"))], "Details")
            .close("tr")
            .close("thead")
            .open("tbody", &[]);
        for c in &run.failures_by_category {
            html.open("tr", &[]).open("td", &[]);
            badge(&mut html, c.category);
            html.close("td")
                .element(
                    "td",
                    &[("class", Some("ssd-table__number"))],
                    &format::thousands(c.count),
                )
                .open("td", &[])
                .link(
                    &failures_of(Some(c.category.code())),
                    &format!("View {}", format::count(c.count, "failure", "failures")),
                )
                .close("td")
                .close("tr");
        }
        html.close("tbody").close("table");
    }
    html.close("section");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::api::{CategoryCount, RunStatus};
    use scim_sync_core::category::FailureCategory;
    use scim_sync_core::idp::Idp;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn each_category_links_to_the_run_s_failures_of_that_category() {
        let run = RunSummary {
            id: 4,
            connection: "okta".into(),
            idp: Idp::Okta,
            status: RunStatus::Failed,
            started_at: "2026-11-29T10:00:00Z".into(),
            last_event_at: "2026-11-29T10:00:45Z".into(),
            requests: 20,
            failures: 2,
            failures_by_category: vec![CategoryCount {
                category: FailureCategory::LicenceLimit,
                count: 2,
            }],
            duration_ms: 60_000,
        };
        let html = run_detail(&run, "", &Local::new("en-GB", "UTC"));
        assert!(
            html.as_str().contains(
                "href=\"/failures?run=4&amp;category=licence_limit\">View 2 failures</a>"
            ),
            "{html}"
        );
        assert!(
            html.as_str()
                .contains("href=\"/failures?run=4\">All failures of this run</a>")
        );
        assert!(html.as_str().contains("<dt>Duration</dt><dd>1 min</dd>"));
    }
}
