//! The failures ("View details"): every failed request matching the filters in the URL query,
//! newest first, in a windowed table that fetches pages by cursor as the admin scrolls; new
//! failures from the live stream are added at the top.

use leptos::prelude::*;
use scim_sync_core::api::{EventSummary, FailureFilter, Page};

use crate::api::{ApiRequest, decode, paths};
use crate::components::error_panel::ErrorPanel;
use crate::components::export_csv::ExportCsv;
use crate::components::failure_filters::FailureFilters;
use crate::components::failure_table::{FailureTable, ROW_HEIGHT};
use crate::components::page_title::PageTitle;
use crate::filters::{self, failure_matches};
use crate::format;
use crate::live_feed::use_live;
use crate::router::use_router;
use crate::session::use_session;
use crate::window::{RowWindow, needs_next_page};

/// Failures fetched per request.
pub const PAGE: u32 = 1000;

/// The failures list.
#[component]
pub fn Failures() -> impl IntoView {
    let query = use_router().query();
    let list = FailureList::new();

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

/// The failures loaded for the current filter, and the fetching of more: one signal holds it
/// all (each signal, memo or effect costs wasm), read by the summary and the table.
#[derive(Debug, Clone, Copy)]
pub struct FailureList {
    state: RwSignal<ListState>,
    /// Why the latest fetch failed (apart from the rest: the error panel is rebuilt only
    /// when it changes).
    error: RwSignal<Option<String>>,
}

/// What [`FailureList`] knows.
#[derive(Debug, Clone)]
struct ListState {
    rows: Vec<EventSummary>,
    /// The rows are the previous filter's, shown (dimmed) until the new filter's first page
    /// arrives.
    stale: bool,
    /// Bumped when a filter's first page replaces the rows (the table scrolls to the top).
    first_pages: u64,
    next_cursor: Option<String>,
    total: Option<u64>,
    loading: bool,
    /// Rows added at the top since the list was loaded (the table keeps its place).
    added: usize,
    /// The rows in view, for the scroll position below.
    window: RowWindow,
    scroll_top: f64,
    viewport: f64,
    filter: FailureFilter,
    /// Bumped on every reset, so an answer for an older filter is dropped.
    generation: u64,
    session: crate::session::Session,
}

impl ListState {
    /// Rows the table has: all of them once the total is known, else those loaded.
    fn row_count(&self) -> usize {
        let loaded = self.rows.len();
        self.total.map_or(loaded, |t| {
            usize::try_from(t).unwrap_or(usize::MAX).max(loaded)
        })
    }

    /// Puts the window where the scroll position says (after the rows or the position moved).
    fn place_window(&mut self) {
        self.window = RowWindow::at(self.scroll_top, self.viewport, ROW_HEIGHT, self.row_count());
    }
}

impl FailureList {
    fn new() -> FailureList {
        FailureList {
            state: RwSignal::new(ListState {
                rows: Vec::new(),
                stale: false,
                first_pages: 0,
                next_cursor: None,
                total: None,
                loading: false,
                added: 0,
                window: RowWindow::default(),
                scroll_top: 0.0,
                viewport: 600.0,
                filter: FailureFilter::default(),
                generation: 0,
                session: use_session(),
            }),
            error: RwSignal::new(None),
        }
    }

    /// Runs `f` on the rows loaded, the window, the row count, and whether the rows are a
    /// previous filter's while the new one's answer is on its way (tracked).
    pub fn with_rows<R>(self, f: impl FnOnce(&[EventSummary], RowWindow, usize, bool) -> R) -> R {
        self.state
            .with(|s| f(&s.rows, s.window, s.row_count(), s.stale))
    }

    /// The row count, how many rows were added at the top since the list was loaded, and
    /// how many first pages were shown (tracked).
    pub fn count_added_and_first_pages(self) -> (usize, usize, u64) {
        self.state.with(|s| (s.row_count(), s.added, s.first_pages))
    }

    fn reset(self, filter: FailureFilter) {
        self.state.update(|s| {
            s.generation += 1;
            s.filter = filter;
            // The previous filter's rows stay, dimmed, until the new answer replaces them.
            s.stale = !s.rows.is_empty();
            s.next_cursor = None;
            s.total = None;
            s.added = 0;
            s.loading = false;
            s.place_window();
        });
        self.error.set(None);
        self.fetch(None);
    }

    fn retry(self) {
        self.error.set(None);
        if self.state.with_untracked(|s| s.rows.is_empty()) {
            self.fetch(None);
        } else {
            self.more();
        }
    }

    /// The scroller shows `viewport` pixels from `scroll_top`: moves the window along, and
    /// fetches the next page when the window nears the end of the rows loaded.
    pub fn scrolled(self, scroll_top: f64, viewport: f64) {
        let mut moved = false;
        self.state.maybe_update(|s| {
            s.scroll_top = scroll_top;
            s.viewport = viewport;
            let before = s.window;
            s.place_window();
            moved = s.window != before;
            moved
        });
        if moved {
            self.more();
        }
    }

    fn more(self) {
        if self.error.with_untracked(Option::is_some) {
            return;
        }
        let next = self.state.with_untracked(|s| {
            needs_next_page(
                s.window,
                s.rows.len(),
                PAGE as usize,
                s.next_cursor.is_some(),
            )
            .then(|| s.next_cursor.clone())
        });
        if let Some(cursor) = next {
            self.fetch(cursor);
        }
    }

    fn fetch(self, cursor: Option<String>) {
        if self.state.with_untracked(|s| s.loading) {
            return;
        }
        let Some((generation, filter, session)) = self.state.try_update(|s| {
            s.loading = true;
            (s.generation, s.filter.clone(), s.session.clone())
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let request = ApiRequest::get(paths::failures(&filter, cursor.as_deref(), PAGE));
            let page = session
                .client
                .send(&request)
                .await
                .and_then(|text| decode::<Page<EventSummary>>(&text));
            if self.state.try_with_untracked(|s| s.generation) != Some(generation) {
                return;
            }
            let failure = self.state.try_update(|s| {
                s.loading = false;
                match page {
                    Ok(page) => {
                        if cursor.is_none() {
                            s.total = page.total;
                            s.rows = page.items;
                            s.stale = false;
                            s.first_pages += 1;
                            s.scroll_top = 0.0;
                        } else {
                            s.rows.extend(page.items);
                        }
                        s.next_cursor = page.next_cursor;
                        s.place_window();
                        None
                    }
                    Err(failure) => {
                        // No answer for the new filter: the previous one's rows go.
                        if std::mem::take(&mut s.stale) {
                            s.rows.clear();
                            s.place_window();
                        }
                        Some(failure)
                    }
                }
            });
            match failure.flatten() {
                // The admin may have scrolled on while this page was on its way.
                None => self.more(),
                Some(failure) => {
                    if !session.check(&failure) {
                        self.error.set(Some(failure.message()));
                    }
                }
            }
        });
    }

    fn prepend(self, arrived: Vec<EventSummary>) {
        self.state.maybe_update(|s| {
            // Before the first page is in, it will hold them anyway.
            if arrived.is_empty() || s.total.is_none() {
                return false;
            }
            // Newest first: a failure already listed is among the first rows. (A linear look
            // is cheaper here than a hash set, in time and in wasm size.)
            let known: Vec<i64> = s
                .rows
                .iter()
                .take(arrived.len() + PAGE as usize)
                .map(|r| r.id)
                .collect();
            let new: Vec<EventSummary> = arrived
                .into_iter()
                .filter(|e| failure_matches(&s.filter, e) && !known.contains(&e.id))
                .collect();
            if new.is_empty() {
                return false;
            }
            let count = new.len();
            s.rows.splice(0..0, new);
            s.total = s.total.map(|t| t + count as u64);
            s.added += count;
            s.place_window();
            true
        });
    }
}
