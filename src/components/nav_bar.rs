//! The menu of the dashboard's sections.

use leptos::prelude::*;

use crate::logic::query::Query;
use crate::shell::route::{Route, Section};
use crate::shell::router::use_router;

/// Links to every section; the current one is marked `aria-current="page"`.
#[component]
pub fn NavBar(
    /// The page showing: its section is the current one.
    current: Memo<Route>,
) -> impl IntoView {
    let router = use_router();
    view! {
        <nav class="ssd-nav" aria-label="Dashboard">
            <ul class="ssd-nav__list">
                {Section::ALL
                    .into_iter()
                    .map(|section| {
                        let href = router.href(&section.route(), &Query::default());
                        let aria_current = move || current.with(|r| r.section() == Some(section)).then_some("page");
                        view! {
                            <li>
                                <a class="ssd-nav__link" href=href aria-current=aria_current>
                                    {section.label()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
