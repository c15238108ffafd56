//! A URL the dashboard does not know.

use leptos::prelude::*;

use crate::components::page_title::PageTitle;
use crate::logic::query::Query;
use crate::shell::route::Route;
use crate::shell::router::use_router;

/// "No such page", with the way home.
#[component]
pub fn NotFound() -> impl IntoView {
    let home = use_router().href(&Route::Overview, &Query::default());
    view! {
        <div class="ssd-page">
            <PageTitle title="No such page" />
            <p>"This address does not lead to a page of the dashboard."</p>
            <p><a href=home>"Go to the overview"</a></p>
        </div>
    }
}
