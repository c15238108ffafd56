//! The failures ("View details"): every failed request matching the filters in the URL query,
//! newest first, in a windowed table that fetches pages by cursor as the admin scrolls; new
//! failures from the live stream are added at the top.

use std::collections::HashSet;

use leptos::prelude::*;
use scim_sync_core::api::{EventSummary, FailureFilter, Page};

use crate::api::{ApiFailure, ApiRequest, paths};
use crate::components::error_panel::ErrorPanel;
use crate::components::export_csv::ExportCsv;
use crate::components::failure_filters::{FailureFilters, FilterChange};
use crate::components::failure_table::FailureTable;
use crate::components::page_title::PageTitle;
use crate::filters::{self, failure_matches};
use crate::format;
use crate::live_feed::use_live;
use crate::router::use_router;
use crate::session::use_session;
use crate::window::{RowWindow, needs_next_page};

/// Failures fetched per request.
pub const PAGE: u32 = 500;

/// The failures list.
#[component]
pub fn Failures() -> impl IntoView {
    let router = use_router();
    let query = router.query();
    let filter = Memo::new(move |_| query.with(filters::failure_filter));
    let list = FailureList::new();

    // A new filter starts a new list.
    Effect::new(move |_| list.reset(filter.get()));
    // Failures the stream reports join the top of the list if they match.
    let live = use_live();
    Effect::new(move |_| {
        let arrived = live.failures.get();
        list.prepend(&filter.get_untracked(), arrived);
    });

    let on_change = Callback::new(move |change: FilterChange| {
        let next = filters::with_failure_filter(&query.get_untracked(), &change.filter);
        router.set_query(&next, change.replace);
    });
    let on_window = Callback::new(move |window: RowWindow| list.window_changed(window));
    let total = Signal::derive(move || list.row_count());
    let summary = move || {
        let loaded = list.rows.with(Vec::len);
        match list.total.get() {
            Some(total) => {
                let (noun, verb) = if total == 1 {
                    ("failure", "matches")
                } else {
                    ("failures", "match")
                };
                let count = format::thousands(total);
                if filters::is_filtered(&filter.get()) {
                    format!("{count} {noun} {verb} these filters")
                } else {
                    format!("{count} {noun}")
                }
            }
            None if list.loading.get() && loaded == 0 => "Loading failures…".to_owned(),
            None => format::count(loaded as u64, "failure", "failures"),
        }
    };
    let empty = move || {
        (list.total.get() == Some(0)).then(|| {
            if filters::is_filtered(&filter.get()) {
                "No failure matches these filters."
            } else {
                "No failure recorded: every request your identity provider sent succeeded."
            }
        })
    };
    let retry = Callback::new(move |()| list.retry());

    view! {
        <div class="ssd-page ssd-failures-page">
            <PageTitle title="Failures">
                <ExportCsv filter=filter />
            </PageTitle>
            <FailureFilters filter=filter on_change=on_change />
            <p class="ssd-summary" role="status">
                {move || match empty() {
                    Some(text) => text.to_owned(),
                    None => summary(),
                }}
            </p>
            {move || list.error.get().map(|failure| view! { <ErrorPanel message=failure.message() on_retry=retry /> })}
            <FailureTable rows=list.rows total=total on_window=on_window shift=list.added />
        </div>
    }
}

/// The failures loaded for the current filter, and the fetching of more.
#[derive(Debug, Clone, Copy)]
struct FailureList {
    rows: RwSignal<Vec<EventSummary>>,
    next_cursor: RwSignal<Option<String>>,
    total: RwSignal<Option<u64>>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<ApiFailure>>,
    /// Rows added at the top since the list was loaded (the table keeps its place).
    added: RwSignal<usize>,
    filter: StoredValue<FailureFilter>,
    window: StoredValue<RowWindow>,
    /// Bumped on every reset, so an answer for an older filter is dropped.
    generation: StoredValue<u64>,
    session: StoredValue<crate::session::Session>,
}

impl FailureList {
    fn new() -> FailureList {
        FailureList {
            rows: RwSignal::new(Vec::new()),
            next_cursor: RwSignal::new(None),
            total: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            added: RwSignal::new(0),
            filter: StoredValue::new(FailureFilter::default()),
            window: StoredValue::new(RowWindow::default()),
            generation: StoredValue::new(0),
            session: StoredValue::new(use_session()),
        }
    }

    /// Rows the table has: all of them once the total is known, else those loaded.
    fn row_count(self) -> usize {
        let loaded = self.rows.with(Vec::len);
        self.total.get().map_or(loaded, |t| {
            usize::try_from(t).unwrap_or(usize::MAX).max(loaded)
        })
    }

    fn reset(self, filter: FailureFilter) {
        self.generation.update_value(|g| *g += 1);
        self.filter.set_value(filter);
        self.rows.set(Vec::new());
        self.next_cursor.set(None);
        self.total.set(None);
        self.error.set(None);
        self.added.set(0);
        self.loading.set(false);
        self.fetch(None);
    }

    fn retry(self) {
        self.error.set(None);
        if self.rows.with_untracked(Vec::is_empty) {
            self.fetch(None);
        } else {
            self.window_changed(self.window.get_value());
        }
    }

    fn window_changed(self, window: RowWindow) {
        self.window.set_value(window);
        let loaded = self.rows.with_untracked(Vec::len);
        let next = self.next_cursor.get_untracked();
        if self.error.with_untracked(Option::is_none)
            && needs_next_page(window, loaded, PAGE as usize, next.is_some())
        {
            self.fetch(next);
        }
    }

    fn fetch(self, cursor: Option<String>) {
        if self.loading.get_untracked() {
            return;
        }
        self.loading.set(true);
        let generation = self.generation.get_value();
        let filter = self.filter.get_value();
        let session = self.session.get_value();
        leptos::task::spawn_local(async move {
            let request = ApiRequest::get(paths::failures(&filter, cursor.as_deref(), PAGE));
            let page = session.client.fetch::<Page<EventSummary>>(&request).await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            self.loading.set(false);
            match page {
                Ok(page) => {
                    if cursor.is_none() {
                        self.total.set(page.total);
                    }
                    self.next_cursor.set(page.next_cursor);
                    self.rows.update(|rows| rows.extend(page.items));
                    // The admin may have scrolled on while this page was on its way.
                    self.window_changed(self.window.get_value());
                }
                Err(failure) => {
                    if !session.check(&failure) {
                        self.error.set(Some(failure));
                    }
                }
            }
        });
    }

    fn prepend(self, filter: &FailureFilter, arrived: Vec<EventSummary>) {
        // Before the first page is in, it will hold them anyway.
        if arrived.is_empty() || self.total.get_untracked().is_none() {
            return;
        }
        let known: HashSet<i64> = self.rows.with_untracked(|rows| {
            rows.iter()
                .take(arrived.len() + PAGE as usize)
                .map(|r| r.id)
                .collect()
        });
        let new: Vec<EventSummary> = arrived
            .into_iter()
            .filter(|e| failure_matches(filter, e) && !known.contains(&e.id))
            .collect();
        if new.is_empty() {
            return;
        }
        let count = new.len();
        self.rows.update(|rows| {
            rows.splice(0..0, new);
        });
        self.total.update(|t| *t = t.map(|t| t + count as u64));
        self.added.update(|a| *a += count);
    }
}
