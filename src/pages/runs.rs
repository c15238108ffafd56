//! Sync runs, newest first, a page at a time (`?cursor=`).

use leptos::prelude::*;
use scim_sync_core::api::{Page, RunSummary};

use crate::components::markup::Markup;
use crate::components::page_title::PageTitle;
use crate::components::read_state::ReadState;
use crate::data::api::paths;
use crate::data::live_feed::use_live;
use crate::data::read::Read;
use crate::logic::query::Query;
use crate::logic::time::Local;
use crate::markup::html::Html;
use crate::markup::runs_table::runs_table;
use crate::shell::route::{Route, href};
use crate::shell::router::use_router;

/// Runs per page.
const RUNS_PAGE: u32 = 50;

/// Every run, newest first.
#[component]
pub fn Runs() -> impl IntoView {
    let live = use_live();
    let router = use_router();
    let base = router.base();
    let query = router.query();
    let page = Read::<Page<RunSummary>>::new(move || {
        live.version.track();
        Some(paths::runs(
            query
                .with(|q| q.get("cursor").map(str::to_owned))
                .as_deref(),
            RUNS_PAGE,
        ))
    });
    let html = move || {
        page.with(|p| {
            p.map(|p| query.with(|q| runs_page(p, q, &base, &Local::browser(), page.is_busy())))
                .unwrap_or_default()
        })
    };
    view! {
        <div class="ssd-page">
            <PageTitle title="Sync runs" />
            <p class="ssd-muted">
                "A run is the requests of one identity provider connection with no pause longer than a few minutes."
            </p>
            <ReadState read=page.progress() />
            <Markup html=html class="ssd-stack" />
        </div>
    }
}

/// The table of a page of runs and the links to the newest and the older ones; `busy` while
/// another page's answer is on its way.
pub fn runs_page(
    page: &Page<RunSummary>,
    query: &Query,
    base: &str,
    local: &Local,
    busy: bool,
) -> Html {
    let mut html = Html::new();
    html.open("div", &[("class", Some("ssd-table-wrap"))])
        .append(&runs_table(
            &page.items,
            base,
            local,
            "Sync runs, newest first",
            busy,
        ))
        .close("div");
    pager(
        &mut html,
        "Pages of runs",
        &Route::Runs,
        query,
        page.next_cursor.as_deref(),
        base,
        ("Newest runs", "Older runs"),
    );
    html
}

/// Links to the first page (when not on it) and to the next one (when there is one).
pub fn pager(
    html: &mut Html,
    label: &str,
    route: &Route,
    query: &Query,
    next: Option<&str>,
    base: &str,
    (first_text, next_text): (&str, &str),
) {
    if query.get("cursor").is_none() && next.is_none() {
        return;
    }
    html.open(
        "nav",
        &[("class", Some("ssd-pager")), ("aria-label", Some(label))],
    );
    if query.get("cursor").is_some() {
        let first = href(base, route, &query.with("cursor", None));
        html.element(
            "a",
            &[("class", Some("ssd-button")), ("href", Some(&first))],
            first_text,
        );
    }
    if let Some(next) = next {
        let next = href(base, route, &query.with("cursor", Some(next)));
        html.element(
            "a",
            &[("class", Some("ssd-button")), ("href", Some(&next))],
            next_text,
        );
    }
    html.close("nav");
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_pager_links_the_first_and_the_next_page() {
        let page = Page {
            items: Vec::new(),
            next_cursor: Some("c2".to_owned()),
            total: None,
        };
        let html = runs_page(
            &page,
            &Query::parse("?cursor=c1"),
            "",
            &Local::new("en-GB", "UTC"),
            false,
        );
        assert!(
            html.as_str().contains("href=\"/runs\">Newest runs</a>"),
            "{html}"
        );
        assert!(
            html.as_str()
                .contains("href=\"/runs?cursor=c2\">Older runs</a>")
        );
        let last = Page {
            next_cursor: None,
            ..page
        };
        assert!(
            !runs_page(
                &last,
                &Query::default(),
                "",
                &Local::new("en-GB", "UTC"),
                false
            )
            .as_str()
            .contains("ssd-pager")
        );
    }
}
