//! Sync runs as a table.

use scim_sync_core::api::{RunStatus, RunSummary};

use crate::logic::format;
use crate::logic::time::Local;
use crate::markup::html::Html;
use crate::markup::when::when;
use crate::shell::route::{Route, href};

/// A run's status: "Running" / "Succeeded" / "Failed", coloured by `data-status`.
pub fn run_status(html: &mut Html, status: RunStatus) {
    let (code, text) = match status {
        RunStatus::Running => ("running", "Running"),
        RunStatus::Succeeded => ("succeeded", "Succeeded"),
        RunStatus::Failed => ("failed", "Failed"),
    };
    html.element(
        "span",
        &[
            ("class", Some("ssd-run-status")),
            ("data-status", Some(code)),
        ],
        text,
    );
}

/// How long a run took, from its first to its latest request.
pub fn run_duration(run: &RunSummary) -> String {
    crate::logic::time::duration(i64::try_from(run.duration_ms).unwrap_or(i64::MAX))
}

/// The table's markup, links under `base`, times in the zone `local` minutes east of UTC.
/// `busy` marks rows of a previous answer while the next one is on its way.
pub fn runs_table(
    runs: &[RunSummary],
    base: &str,
    local: &Local,
    caption: &str,
    busy: bool,
) -> Html {
    let mut html = Html::new();
    if runs.is_empty() {
        html.class("p", "ssd-muted", "No sync run yet.");
        return html;
    }
    html.open(
        "table",
        &[
            ("class", Some("ssd-table")),
            ("aria-busy", busy.then_some("true")),
        ],
    )
    .class("caption", "ssd-visually-hidden", caption)
    .open("thead", &[])
    .open("tr", &[]);
    for (heading, number) in [
        ("Run", false),
        ("Started", false),
        ("IdP connection", false),
        ("Status", false),
        ("Duration", true),
        ("Requests", true),
        ("Failures", true),
    ] {
        let class = number.then_some("ssd-table__number");
        html.element("th", &[("scope", Some("col")), ("class", class)], heading);
    }
    html.close("tr").close("thead").open("tbody", &[]);
    let number = [("class", Some("ssd-table__number"))];
    for run in runs {
        html.open("tr", &[])
            .open("td", &[("class", Some("ssd-table__key"))]);
        html.link(
            &href(base, &Route::Run(run.id), &Default::default()),
            &format!("Run {}", run.id),
        );
        html.close("td").open("td", &[]);
        when(&mut html, &run.started_at, local);
        html.close("td")
            .element("td", &[], &format::idp_connection(run.idp, &run.connection))
            .open("td", &[]);
        run_status(&mut html, run.status);
        html.close("td")
            .element("td", &number, &run_duration(run))
            .element("td", &number, &format::thousands(run.requests))
            .element("td", &number, &format::thousands(run.failures))
            .close("tr");
    }
    html.close("tbody").close("table");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::idp::Idp;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn each_run_is_a_row_linking_to_the_run() {
        let run = RunSummary {
            id: 7,
            connection: "default".into(),
            idp: Idp::Entra,
            status: RunStatus::Failed,
            started_at: "2026-11-29T10:00:00Z".into(),
            last_event_at: "2026-11-29T10:03:05Z".into(),
            requests: 1200,
            failures: 3,
            failures_by_category: Vec::new(),
            duration_ms: 60_000,
        };
        let html = runs_table(&[run], "/base", &Local::new("en-GB", "UTC"), "Runs", false);
        assert!(
            html.as_str().contains("<a href=\"/base/runs/7\">Run 7</a>"),
            "{html}"
        );
        assert!(
            html.as_str()
                .contains("<td>Microsoft Entra ID · default</td>")
        );
        assert!(html.as_str().contains("data-status=\"failed\">Failed<"));
        assert!(html.as_str().contains(">1 min<"));
        assert!(html.as_str().contains(">1,200<"));
        assert!(html.as_str().contains("<th scope=\"col\">Run</th>"));
    }

    #[wasm_bindgen_test]
    fn no_runs_say_so() {
        assert!(
            runs_table(&[], "", &Local::new("en-GB", "UTC"), "Runs", false)
                .as_str()
                .contains("No sync run yet.")
        );
    }
}
