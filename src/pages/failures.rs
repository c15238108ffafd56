//! The failures ("View details"): every failed request matching the filters in the URL query,
//! newest first, in a windowed table that fetches pages by cursor as the admin scrolls; new
//! failures from the live stream are added at the top.

use leptos::prelude::*;
use scim_sync_core::api::FailureFilter;

use crate::components::error_panel::ErrorPanel;
use crate::components::export_csv::ExportCsv;
use crate::components::failure_filters::FailureFilters;
use crate::components::failure_table::FailureTable;
use crate::components::page_title::PageTitle;
use crate::data::failure_list::FailureList;
use crate::data::live_feed::use_live;
use crate::logic::filters;
use crate::logic::format;
use crate::shell::router::use_router;

/// The failures list.
#[component]
pub fn Failures() -> impl IntoView {
    let query = use_router().query();
    let list = FailureList::start();

    // A new filter starts a new list; failures the stream reports join the top of the list if
    // they match.
    let live = use_live();
    Effect::new(move |previous: Option<FailureFilter>| {
        let filter = query.with(filters::failure_filter);
        let arrived = live.failures.get();
        if previous.as_ref() == Some(&filter) {
            list.prepend(arrived);
        } else {
            list.reset(filter.clone());
        }
        filter
    });

    let summary = move || {
        list.state.with(|s| match s.total {
            Some(0) if filters::is_filtered(&s.filter) => {
                "No failure matches these filters.".to_owned()
            }
            Some(0) => "No failure recorded: every request your identity provider sent succeeded."
                .to_owned(),
            Some(total) => {
                let (noun, verb) = if total == 1 {
                    ("failure", "matches")
                } else {
                    ("failures", "match")
                };
                let count = format::thousands(total);
                if filters::is_filtered(&s.filter) {
                    format!("{count} {noun} {verb} these filters")
                } else {
                    format!("{count} {noun}")
                }
            }
            None if s.stale || (s.loading && s.rows.is_empty()) => "Loading failures…".to_owned(),
            None => format::count(s.rows.len() as u64, "failure", "failures"),
        })
    };
    let retry = Callback::new(move |()| list.retry());

    view! {
        <div class="ssd-page ssd-failures-page">
            <PageTitle title="Failures">
                <ExportCsv />
            </PageTitle>
            <FailureFilters />
            <p class="ssd-summary" role="status">{summary}</p>
            {move || list.error.get().map(|message| view! { <ErrorPanel message=message on_retry=retry /> })}
            <FailureTable list=list />
        </div>
    }
}
