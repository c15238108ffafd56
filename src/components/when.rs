//! A moment, shown in the admin's time zone.

use leptos::prelude::*;

use crate::html::Html;
use crate::time::{self, browser::local_offset_minutes};

/// `<time datetime="2026-11-29T08:15:30Z">29 Nov 2026, 09:15:30</time>`.
#[component]
pub fn When(
    /// The moment, RFC 3339.
    #[prop(into)]
    at: String,
) -> impl IntoView {
    let shown = time::show(&at, local_offset_minutes());
    view! { <time datetime=at>{shown}</time> }
}

/// The same as markup, for the zone `offset_minutes` east of UTC.
pub fn when(html: &mut Html, at: &str, offset_minutes: i64) {
    html.element(
        "time",
        &[("datetime", Some(at))],
        &time::show(at, offset_minutes),
    );
}
