//! The last sync run in brief (markup).

use scim_sync_core::api::RunSummary;

use crate::logic::format;
use crate::markup::category_badge::badge;
use crate::markup::html::Html;
use crate::markup::runs_table::run_status;

/// The most recent run's card: IdP, status, requests, failures by category; `None` before the
/// first request.
pub fn last_run(run: Option<&RunSummary>) -> Html {
    let mut html = Html::new();
    html.open(
        "section",
        &[
            ("class", Some("ssd-card")),
            ("aria-labelledby", Some("ssd-last-run-title")),
        ],
    )
    .element(
        "h2",
        &[
            ("class", Some("ssd-card__title")),
            ("id", Some("ssd-last-run-title")),
        ],
        "Last sync",
    );
    let Some(run) = run else {
        html.class(
            "p",
            "ssd-muted",
            "No sync request received yet. Point your identity provider at this project's SCIM URL.",
        )
        .close("section");
        return html;
    };
    html.open("p", &[]);
    run_status(&mut html, run.status);
    html.text(&format!(
        " from {} · {} · {}",
        run.idp.display_name(),
        format::count(run.requests, "request", "requests"),
        format::count(run.failures, "failure", "failures")
    ))
    .close("p")
    .open("ul", &[("class", Some("ssd-category-list"))]);
    for c in &run.failures_by_category {
        html.open("li", &[]);
        badge(&mut html, c.category);
        html.text(&format!(" {}", format::thousands(c.count)))
            .close("li");
    }
    html.close("ul").close("section");
    html
}
