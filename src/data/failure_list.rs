//! The failures loaded for the current filter, newest first, and the fetching of more pages
//! by cursor as the windowed table scrolls: the failures page's data, read by its summary and
//! by [`crate::components::failure_table::FailureTable`].

use leptos::prelude::*;
use scim_sync_core::api::{EventSummary, FailureFilter, Page};

use crate::data::api::{ApiRequest, decode, paths};
use crate::logic::filters::failure_matches;
use crate::logic::window::{RowWindow, needs_next_page};
use crate::shell::session::use_session;

/// Failures fetched per request.
pub const PAGE: u32 = 1000;

/// Every row's height in CSS pixels (the stylesheet reads it from `--ssd-row-height`): the
/// window of rows in the DOM is computed from it.
pub const ROW_HEIGHT: f64 = 44.0;

/// The failures loaded for the current filter, and the fetching of more: one signal holds it
/// all (each signal, memo or effect costs wasm), read by the summary and the table.
#[derive(Debug, Clone, Copy)]
pub struct FailureList {
    pub(crate) state: RwSignal<ListState>,
    /// Why the latest fetch failed (apart from the rest: the error panel is rebuilt only
    /// when it changes).
    pub(crate) error: RwSignal<Option<String>>,
}

/// What [`FailureList`] knows.
#[derive(Debug, Clone)]
pub(crate) struct ListState {
    pub(crate) rows: Vec<EventSummary>,
    /// The rows are the previous filter's, shown (dimmed) until the new filter's first page
    /// arrives.
    pub(crate) stale: bool,
    /// Bumped when a filter's first page replaces the rows (the table scrolls to the top).
    first_pages: u64,
    next_cursor: Option<String>,
    pub(crate) total: Option<u64>,
    pub(crate) loading: bool,
    /// Rows added at the top since the list was loaded (the table keeps its place).
    added: usize,
    /// The rows in view, for the scroll position below.
    window: RowWindow,
    scroll_top: f64,
    viewport: f64,
    pub(crate) filter: FailureFilter,
    /// Bumped on every reset, so an answer for an older filter is dropped.
    generation: u64,
    session: crate::shell::session::Session,
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
    /// An empty list for the signed-in session; [`FailureList::reset`] loads a filter's first page.
    pub fn start() -> FailureList {
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

    pub fn reset(self, filter: FailureFilter) {
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

    pub fn retry(self) {
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

    pub fn prepend(self, arrived: Vec<EventSummary>) {
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
