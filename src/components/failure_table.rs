//! The failures table, windowed: however many failures there are, only the rows in view (plus a
//! few either side, never more than [`MAX_ROWS`](crate::logic::window::MAX_ROWS)) are in the DOM; blank
//! rows of the right height stand for the others, so the scrollbar is true to the list.

use leptos::html::Div;
use leptos::prelude::*;
use scim_sync_core::api::EventSummary;

use crate::components::markup::Markup;
use crate::data::failure_list::{FailureList, ROW_HEIGHT};
use crate::logic::format;
use crate::logic::time::Local;
use crate::logic::window::RowWindow;
use crate::markup::category_badge::badge;
use crate::markup::html::Html;
use crate::markup::when::when;
use crate::shell::route::{Route, href};
use crate::shell::router::use_router;

/// The failures as a scrollable table.
#[component]
pub fn FailureTable(
    /// The failures loaded so far (newest first), how many there are in all (rows not loaded
    /// yet show as "Loading…"), and the rows in view; told where the admin scrolled to.
    list: FailureList,
) -> impl IntoView {
    let base = use_router().base();
    let scroller = NodeRef::<Div>::new();
    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            list.scrolled(f64::from(el.scroll_top()), f64::from(el.client_height()));
        }
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    Effect::new(move |previous: Option<(usize, usize, u64)>| {
        let (count, added, first_pages) = list.count_added_and_first_pages();
        let el = scroller.get_untracked();
        // A new filter's answer starts at the top.
        if let (Some((_, _, before)), Some(el)) = (previous, &el)
            && first_pages != before
        {
            el.set_scroll_top(0);
        }
        // Rows added above the ones in view push them down by as much: scroll along, unless at
        // the top (where the admin wants to see the newest).
        if let (Some((_, before, _)), Some(el)) = (previous, &el)
            && added > before
            && el.scroll_top() > 0
        {
            let by = ((added - before) as f64 * ROW_HEIGHT) as i32;
            el.set_scroll_top(el.scroll_top() + by);
        }
        // Measures once mounted and whenever the list grows or shrinks (the scroller is only
        // as tall as its rows, up to its maximum).
        if previous.is_none_or(|(before, _, _)| before != count) {
            request_animation_frame(measure);
        }
        (count, added, first_pages)
    });
    let html = move || {
        list.with_rows(|rows, window, total, busy| {
            table(rows, window, total, &base, &Local::browser(), busy)
        })
    };

    view! {
        <div
            class="ssd-scroller"
            node_ref=scroller
            tabindex="0"
            role="region"
            aria-label="Failures (scrolls)"
            style="--ssd-row-height: 44px"
            on:scroll=move |_| measure()
        >
            <Markup html=html />
        </div>
    }
}

/// Whole pixels, written without float formatting (which costs 10 KB of wasm).
fn px(value: f64) -> String {
    format!("height: {}px", value.round() as i64)
}

/// The table with the rows of `window` (from `rows`, "Loading…" past their end) between two
/// blank rows standing for the others; `aria-rowcount`/`aria-rowindex` tell assistive
/// technology where the rows are in the whole list. `busy` while the rows are a previous
/// filter's and the new filter's answer is on its way.
pub fn table(
    rows: &[EventSummary],
    window: RowWindow,
    total: usize,
    base: &str,
    local: &Local,
    busy: bool,
) -> Html {
    let mut html = Html::new();
    if total == 0 {
        return html;
    }
    let count = (total + 1).to_string();
    html.open(
        "table",
        &[
            ("class", Some("ssd-table ssd-table--fixed ssd-failures")),
            ("aria-rowcount", Some(&count)),
            ("aria-busy", busy.then_some("true")),
        ],
    )
    .class("caption", "ssd-visually-hidden", "Failures, newest first")
    .open("thead", &[])
    .open("tr", &[("aria-rowindex", Some("1"))]);
    for (heading, class) in [
        ("Time", Some("ssd-failures__time")),
        ("Category", Some("ssd-failures__category")),
        ("User or group", None),
        ("Message", None),
        ("IdP connection", Some("ssd-failures__idp")),
    ] {
        html.element("th", &[("scope", Some("col")), ("class", class)], heading);
    }
    html.close("tr").close("thead").open("tbody", &[]);
    spacer(&mut html, window.space_above(ROW_HEIGHT));
    for i in window.first..window.end {
        let index = (i + 2).to_string();
        html.open(
            "tr",
            &[
                ("class", Some("ssd-table__row")),
                ("aria-rowindex", Some(&index)),
            ],
        );
        match rows.get(i) {
            Some(event) => row_cells(&mut html, event, base, local),
            None => {
                html.element(
                    "td",
                    &[("colspan", Some("5")), ("class", Some("ssd-muted"))],
                    "Loading…",
                );
            }
        }
        html.close("tr");
    }
    spacer(&mut html, window.space_below(ROW_HEIGHT, total));
    html.close("tbody").close("table");
    html
}

fn spacer(html: &mut Html, height: f64) {
    html.open(
        "tr",
        &[
            ("class", Some("ssd-table__spacer")),
            ("aria-hidden", Some("true")),
        ],
    )
    .open(
        "td",
        &[("colspan", Some("5")), ("style", Some(&px(height)))],
    )
    .close("td")
    .close("tr");
}

/// A failure's cells: time, category, the user or group (a link to the failure), message, IdP.
/// One failure's cells. Those that may take two lines (the row's height holds two: a narrow
/// table wraps rather than cuts) keep their text in a `.ssd-clamp`.
fn row_cells(html: &mut Html, event: &EventSummary, base: &str, local: &Local) {
    let clamp = [("class", Some("ssd-clamp"))];
    html.open("td", &[("class", Some("ssd-failures__time"))])
        .open("span", &clamp);
    when(html, &event.occurred_at, local);
    html.close("span")
        .close("td")
        .open("td", &[("class", Some("ssd-failures__category"))]);
    if let Some(category) = event.category {
        badge(html, category);
    }
    let name = event
        .target_name
        .clone()
        .unwrap_or_else(|| format!("{} {}", event.method, event.path));
    let link = href(base, &Route::Failure(event.id), &Default::default());
    let detail = event.detail.as_deref().unwrap_or("");
    html.close("td")
        .open("td", &[("class", Some("ssd-failures__target"))])
        .open("span", &clamp)
        .class(
            "span",
            "ssd-tag",
            format::resource(event.resource_type.as_deref()),
        )
        .text(" ")
        .link(&link, &name)
        .close("span")
        .close("td")
        .open(
            "td",
            &[
                ("class", Some("ssd-failures__message")),
                ("title", Some(detail)),
            ],
        )
        .element("span", &clamp, detail)
        .close("td")
        .open("td", &[("class", Some("ssd-failures__idp"))])
        .element(
            "span",
            &clamp,
            &format::idp_connection(event.idp, &event.connection),
        )
        .close("td");
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::category::FailureCategory;
    use scim_sync_core::idp::Idp;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn failure(id: i64) -> EventSummary {
        EventSummary {
            id,
            run_id: 1,
            occurred_at: "2026-11-29T10:00:00Z".into(),
            idp: Idp::Okta,
            connection: "default".into(),
            method: "POST".into(),
            path: "/scim/v2/Users".into(),
            resource_type: Some("User".into()),
            target_id: None,
            target_external_id: None,
            target_name: Some(format!("user{id}@example.com")),
            status: 403,
            scim_type: None,
            category: Some(FailureCategory::LicenceLimit),
            detail: Some("All 5 seats are taken".into()),
            retry_of: None,
        }
    }

    #[wasm_bindgen_test]
    fn only_the_window_s_rows_are_drawn_between_spacers() {
        let rows: Vec<EventSummary> = (0..50).map(failure).collect();
        let window = RowWindow { first: 10, end: 20 };
        let utc = Local::new("en-GB", "UTC");
        let html = table(&rows, window, 100_000, "", &utc, false);
        assert_eq!(
            html.as_str().matches("class=\"ssd-table__row\"").count(),
            10
        );
        assert!(!html.as_str().contains("aria-busy"));
        assert!(
            table(&rows, window, 100_000, "", &utc, true)
                .as_str()
                .contains("aria-busy=\"true\"")
        );
        assert!(html.as_str().contains("aria-rowcount=\"100001\""));
        assert!(
            html.as_str().contains("aria-rowindex=\"12\""),
            "the first drawn row is row 10 of the list"
        );
        assert!(html.as_str().contains("style=\"height: 440px\""));
        assert!(
            html.as_str()
                .contains("href=\"/failures/10\">user10@example.com</a>")
        );
        assert!(
            html.as_str()
                .contains("<span class=\"ssd-clamp\">Okta · default</span>")
        );
    }

    #[wasm_bindgen_test]
    fn rows_not_loaded_yet_say_so() {
        let rows: Vec<EventSummary> = (0..5).map(failure).collect();
        let html = table(
            &rows,
            RowWindow { first: 3, end: 8 },
            10,
            "",
            &Local::new("en-GB", "UTC"),
            false,
        );
        assert_eq!(html.as_str().matches(">Loading…<").count(), 3);
    }
}
