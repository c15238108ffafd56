//! The live stream's state, and the `aria-live` region that announces new failures.

use leptos::prelude::*;

use crate::components::markup::Markup;
use crate::data::live_feed::{Connection, use_live};
use crate::logic::query::Query;
use crate::markup::html::Html;
use crate::shell::route::Route;
use crate::shell::router::use_router;

/// "Live" (or "Reconnecting in 4 s"), then the latest announcement of new failures with a link
/// to them.
#[component]
pub fn LiveStatus() -> impl IntoView {
    let live = use_live();
    let router = use_router();
    let failures_href = router.href(&Route::Failures, &Query::default());
    let link = move || {
        let mut html = Html::new();
        if !live.announcement.with(String::is_empty) {
            html.element(
                "a",
                &[
                    ("class", Some("ssd-live__link")),
                    ("href", Some(&failures_href)),
                ],
                "View failures",
            );
        }
        html
    };
    let state = move || match live.connection.get() {
        Connection::Connecting => ("connecting", "Connecting to live updates…".to_owned()),
        Connection::Live => ("live", "Live".to_owned()),
        Connection::Retrying(seconds) => (
            "retrying",
            format!("Live updates lost: reconnecting in {seconds} s"),
        ),
    };

    view! {
        <div class="ssd-live">
            <span class="ssd-live__state" data-state=move || state().0>
                {move || state().1}
            </span>
            <p class="ssd-live__announcement" aria-live="polite" aria-atomic="true">
                {move || live.announcement.get()}
            </p>
            <Markup html=link />
        </div>
    }
}
