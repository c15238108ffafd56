//! A page's heading: the target of focus when the admin moves to the page.

use leptos::prelude::*;

/// The page's `<h1>`, focusable by script only, with actions beside it.
#[component]
pub fn PageTitle(
    /// The heading.
    #[prop(into)]
    title: Signal<String>,
    /// Buttons or links shown beside the heading.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="ssd-toolbar">
            <h1 class="ssd-page-title" tabindex="-1">{move || title.get()}</h1>
            <div class="ssd-toolbar__actions">{children.map(|c| c())}</div>
        </div>
    }
}
