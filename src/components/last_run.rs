//! The last sync run in brief.

use leptos::prelude::*;
use scim_sync_core::api::RunSummary;

use crate::format;

/// The most recent run: IdP, status, requests, failures by category.
#[component]
pub fn LastRun(
    /// The run, or `None` before the first request.
    run: Option<RunSummary>,
) -> impl IntoView {
    let Some(run) = run else {
        return view! {
            <section class="ssd-card" aria-labelledby="ssd-last-run-title">
                <h2 class="ssd-card__title" id="ssd-last-run-title">"Last sync"</h2>
                <p class="ssd-muted">"No sync request received yet. Point your identity provider at this project's SCIM URL."</p>
            </section>
        }
        .into_any();
    };
    let status = run.status;
    view! {
        <section class="ssd-card" aria-labelledby="ssd-last-run-title">
            <h2 class="ssd-card__title" id="ssd-last-run-title">"Last sync"</h2>
            <p>
                <span class="ssd-run-status" data-status=format::run_status(status).to_lowercase()>
                    {format::run_status(status)}
                </span>
                " from "{run.idp.display_name()}" · "
                {format::count(run.requests, "request", "requests")}" · "
                {format::count(run.failures, "failure", "failures")}
            </p>
            <ul class="ssd-category-list">
                {run
                    .failures_by_category
                    .into_iter()
                    .map(|c| view! {
                        <li class="ssd-badge" data-category=c.category.code()>
                            {c.category.title()}": "{c.count}
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
