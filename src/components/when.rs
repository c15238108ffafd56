//! A moment, shown in the admin's locale and time zone.

use leptos::prelude::*;

use crate::html::Html;
use crate::time::Local;

/// `<time datetime="2026-11-29T08:15:30Z">29 Nov 2026, 09:15:30</time>`.
#[component]
pub fn When(
    /// The moment, RFC 3339.
    #[prop(into)]
    at: String,
) -> impl IntoView {
    let shown = Local::browser().show(&at);
    view! { <time datetime=at>{shown}</time> }
}

/// The same as markup, in `local`'s locale and zone.
pub fn when(html: &mut Html, at: &str, local: &Local) {
    html.element("time", &[("datetime", Some(at))], &local.show(at));
}
