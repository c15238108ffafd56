//! The sync in progress, live: requests processed and the rate; the last sync once it ended.

use scim_sync_core::api::RunSummary;

use crate::logic::format;
use crate::logic::time::Local;
use crate::markup::html::Html;
use crate::markup::when::when;

/// The markup of a run in progress.
pub fn progress(run: &RunSummary, rate: Option<f64>, local: &Local) -> Html {
    let mut html = Html::new();
    html.open(
        "section",
        &[
            ("class", Some("ssd-card ssd-progress")),
            ("aria-labelledby", Some("ssd-progress-title")),
        ],
    )
    .open(
        "h2",
        &[
            ("class", Some("ssd-card__title")),
            ("id", Some("ssd-progress-title")),
        ],
    )
    .open(
        "span",
        &[
            ("class", Some("ssd-progress__pulse")),
            ("aria-hidden", Some("true")),
        ],
    )
    .close("span")
    .text(&format!("Sync in progress from {}", run.idp.display_name()))
    .close("h2")
    .open("dl", &[("class", Some("ssd-figures"))]);
    // The stream's recent rate, or the run's average until the stream has measured one.
    let rate = format::rate(rate.unwrap_or_else(|| run.requests_per_minute() / 60.0));
    for (term, value, class) in [
        (
            "Requests processed",
            format::thousands(run.requests),
            "ssd-figure",
        ),
        ("Rate", rate, "ssd-figure ssd-figure--small"),
        (
            "Failures so far",
            format::thousands(run.failures),
            "ssd-figure ssd-figure--small",
        ),
    ] {
        html.open("div", &[])
            .element("dt", &[], term)
            .class("dd", class, &value)
            .close("div");
    }
    html.close("dl")
        .open("p", &[("class", Some("ssd-muted"))])
        .text("Started ");
    when(&mut html, &run.started_at, local);
    html.text(&format!(" · connection {}", run.connection))
        .close("p")
        .close("section");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::api::RunStatus;
    use scim_sync_core::idp::Idp;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_running_sync_shows_requests_processed_and_the_rate() {
        let run = RunSummary {
            id: 3,
            connection: "okta-prod".into(),
            idp: Idp::Okta,
            status: RunStatus::Running,
            started_at: "2026-11-29T10:00:00Z".into(),
            last_event_at: "2026-11-29T10:00:30Z".into(),
            requests: 1500,
            failures: 2,
            failures_by_category: Vec::new(),
            duration_ms: 60_000,
        };
        let html = progress(&run, Some(50.0), &Local::new("en-GB", "UTC"));
        assert!(html.as_str().contains("Sync in progress from Okta"));
        assert!(
            html.as_str()
                .contains("<dd class=\"ssd-figure\">1,500</dd>")
        );
        assert!(html.as_str().contains("50 requests/s"), "{html}");
        assert!(
            progress(&run, None, &Local::new("en-GB", "UTC"))
                .as_str()
                .contains("25 requests/s")
        );
    }
}
