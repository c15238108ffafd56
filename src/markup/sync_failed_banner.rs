//! The banner the platform shows when a sync failed, with the way to the details.

use scim_sync_core::api::RunSummary;

use crate::logic::format;
use crate::logic::query::Query;
use crate::markup::category_badge::badge;
use crate::markup::html::Html;
use crate::shell::route::{Route, href};

/// The banner's markup.
pub fn banner(run: &RunSummary, base: &str) -> Html {
    let details = href(
        base,
        &Route::Failures,
        &Query::default().with("run", Some(&run.id.to_string())),
    );
    let summary = format!(
        "{} of {} from {} failed.",
        format::count(run.failures, "request", "requests"),
        format::thousands(run.requests),
        run.idp.display_name()
    );
    let mut html = Html::new();
    html.open(
        "section",
        &[
            ("class", Some("ssd-banner")),
            ("aria-labelledby", Some("ssd-banner-title")),
        ],
    )
    .element(
        "h2",
        &[
            ("class", Some("ssd-banner__title")),
            ("id", Some("ssd-banner-title")),
        ],
        "Sync failed due to a SCIM server error",
    )
    .class("p", "ssd-banner__text", &summary)
    .open(
        "ul",
        &[
            ("class", Some("ssd-category-list")),
            ("aria-label", Some("Failures by category")),
        ],
    );
    for c in &run.failures_by_category {
        html.open("li", &[]);
        badge(&mut html, c.category);
        html.text(" ")
            .class(
                "span",
                "ssd-category-list__count",
                &format::thousands(c.count),
            )
            .close("li");
    }
    html.close("ul")
        .element(
            "a",
            &[
                ("class", Some("ssd-button ssd-button--primary")),
                ("href", Some(&details)),
            ],
            "View details",
        )
        .close("section");
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
    fn the_banner_counts_failures_by_category_and_links_to_the_run_s_failures() {
        let run = RunSummary {
            id: 12,
            connection: "default".into(),
            idp: Idp::Okta,
            status: RunStatus::Failed,
            started_at: "2026-11-29T10:00:00Z".into(),
            last_event_at: "2026-11-29T10:01:00Z".into(),
            requests: 40,
            failures: 3,
            failures_by_category: vec![CategoryCount {
                category: FailureCategory::DuplicateUser,
                count: 3,
            }],
            duration_ms: 60_000,
        };
        let html = banner(&run, "");
        assert!(
            html.as_str()
                .contains("Sync failed due to a SCIM server error")
        );
        assert!(html.as_str().contains("3 requests of 40 from Okta failed."));
        assert!(
            html.as_str().contains(
                "Duplicate user</span> <span class=\"ssd-category-list__count\">3</span>"
            )
        );
        assert!(
            html.as_str()
                .contains("href=\"/failures?run=12\">View details</a>"),
            "{html}"
        );
    }
}
