//! A small client-side router: the current path and query as a signal, `history.pushState`
//! navigation, and same-origin link clicks handled without a page load. Pages are decided by
//! [`Route`]; filters live in the [`Query`].
//!
//! Why not `leptos_router`: its `<Router>`/`<Routes>`/`<Route>` in place of this router's page
//! match made the first load 36,653 B brotli larger (189,053 → 225,706 B, one release build,
//! `scripts/size-check.mjs`): seven times the 5 KB a departure must save, and over the budget.

use leptos::ev::MouseEvent;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlAnchorElement};

use crate::logic::query::Query;
use crate::shell::route::Route;

/// Where the browser is, relative to the dashboard's base path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The path after the base path, starting with `/`.
    pub path: String,
    /// The query string.
    pub query: Query,
}

/// The router, shared through context: see [`use_router`].
#[derive(Debug, Clone, Copy)]
pub struct Router {
    location: RwSignal<Location>,
    base: StoredValue<String>,
}

impl Router {
    /// A router for pages under `base_path`, following the browser's back and forward buttons.
    pub fn new(base_path: String) -> Router {
        let location = RwSignal::new(read_location(&base_path));
        let base = StoredValue::new(base_path);
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            let new = read_location(&base.get_value());
            let moved =
                location.with_untracked(|l| Route::parse(&l.path) != Route::parse(&new.path));
            location.set(new);
            if moved {
                focus_page_title();
            }
        });
        on_cleanup(move || handle.remove());
        Router { location, base }
    }

    /// The current page (tracked; changes only when the path does).
    pub fn route(self) -> Memo<Route> {
        Memo::new(move |_| self.location.with(|l| Route::parse(&l.path)))
    }

    /// The current query (tracked).
    pub fn query(self) -> Memo<Query> {
        Memo::new(move |_| self.location.with(|l| l.query.clone()))
    }

    /// The link to `route` with `query`.
    pub fn href(self, route: &Route, query: &Query) -> String {
        crate::shell::route::href(&self.base.get_value(), route, query)
    }

    /// The base path the dashboard's pages live under.
    pub fn base(self) -> String {
        self.base.get_value()
    }

    /// Goes to `route` with `query`; `replace` rewrites the current history entry instead of
    /// adding one (for typing in a search field).
    pub fn go(self, route: &Route, query: &Query, replace: bool) {
        let href = self.href(route, query);
        let Some(history) = window().history().ok() else {
            return;
        };
        let result = if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&href))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(&href))
        };
        if result.is_ok() {
            let new = Location {
                path: route.path(),
                query: query.clone(),
            };
            let (path_changed, moved) = self
                .location
                .with_untracked(|l| (l.path != new.path, Route::parse(&l.path) != *route));
            self.location.set(new);
            if path_changed {
                window().scroll_to_with_x_and_y(0.0, 0.0);
            }
            if moved {
                focus_page_title();
            }
        }
    }

    /// Stays on the page and changes its query.
    pub fn set_query(self, query: &Query, replace: bool) {
        let route = self.location.with_untracked(|l| Route::parse(&l.path));
        self.go(&route, query, replace);
    }

    /// Handles a click anywhere in the dashboard: a plain left click on a link to one of its
    /// own pages navigates without reloading.
    pub fn handle_click(self, event: &MouseEvent) {
        if event.default_prevented()
            || event.button() != 0
            || event.meta_key()
            || event.ctrl_key()
            || event.shift_key()
            || event.alt_key()
        {
            return;
        }
        let Some(anchor) = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok())
        else {
            return;
        };
        let href = anchor.get_attribute("href").unwrap_or_default();
        if href.starts_with('#')
            || anchor.has_attribute("download")
            || !matches!(anchor.target().as_str(), "" | "_self")
            || anchor.origin() != window().location().origin().unwrap_or_default()
        {
            return;
        }
        let base = self.base.get_value();
        let Some(path) = anchor
            .pathname()
            .strip_prefix(base.as_str())
            .map(str::to_owned)
        else {
            return;
        };
        if !path.is_empty() && !path.starts_with('/') {
            return;
        }
        event.prevent_default();
        self.go(&Route::parse(&path), &Query::parse(&anchor.search()), false);
    }
}

/// Moving to another page moves keyboard focus to its heading, so a screen reader reads the
/// new page and Tab starts from there; filters changing the query do not. The heading is
/// looked up on the next frame, once the new page has rendered.
fn focus_page_title() {
    request_animation_frame(|| {
        if let Some(heading) = document()
            .query_selector(".ssd-page-title")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = heading.focus();
        }
    });
}

fn read_location(base: &str) -> Location {
    let location = window().location();
    let pathname = location.pathname().unwrap_or_default();
    Location {
        path: pathname
            .strip_prefix(base)
            .filter(|p| p.is_empty() || p.starts_with('/'))
            .unwrap_or("/")
            .to_owned(),
        query: Query::parse(&location.search().unwrap_or_default()),
    }
}

/// The router the app provided.
pub fn use_router() -> Router {
    // Provided by the app (or the signed-in part) for every component under it; thrown, not
    // panicked, to skip the panic message's formatting code.
    use_context::<Router>().unwrap_or_else(|| wasm_bindgen::throw_str("no Router in context"))
}
