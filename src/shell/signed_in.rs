//! The signed-in dashboard: the menu, the live status, and the page the URL names.

use leptos::prelude::*;

use crate::components::live_status::LiveStatus;
use crate::components::nav_bar::NavBar;
use crate::components::theme_toggle::ThemeToggle;
use crate::data::api::{ApiClient, ApiRequest, Method, paths};
use crate::data::live_feed::LiveFeed;
use crate::pages::activity::Activity;
use crate::pages::failure_detail::FailureDetail;
use crate::pages::failures::Failures;
use crate::pages::group::GroupPage;
use crate::pages::groups::Groups;
use crate::pages::not_found::NotFound;
use crate::pages::overview::Overview;
use crate::pages::people::People;
use crate::pages::run_detail::RunDetail;
use crate::pages::runs::Runs;
use crate::pages::scim_setup::ScimSetup;
use crate::pages::settings::SettingsPage;
use crate::pages::webhooks::Webhooks;
use crate::shell::config::Theme;
use crate::shell::route::Route;
use crate::shell::router::use_router;
use crate::shell::session::Session;

/// The pages, once the server accepted the admin token.
#[component]
pub fn SignedIn(
    /// The authenticated client.
    client: ApiClient,
    /// Called when the server refuses the token (it expired or was revoked).
    on_expired: Callback<()>,
    /// The session: signing out empties it.
    session: RwSignal<Option<ApiClient>>,
    /// The theme chosen so far; the toggle writes the admin's choice back.
    theme: RwSignal<Theme>,
) -> impl IntoView {
    let router = use_router();
    let route = router.route();
    provide_context(Session {
        client: client.clone(),
        expire: on_expired,
    });
    provide_context(LiveFeed::start(client.clone(), on_expired));
    // Ends the session on the server too (its cookie is cleared), not only in this page.
    let sign_out = move |_| {
        session.set(None);
        let request = ApiRequest {
            method: Method::Delete,
            path: paths::SESSION.to_owned(),
            body: None,
        };
        // Signed out here whatever the answer: an expired session is already over.
        crate::data::api::send_then(&client, request, Box::new(|_| {}));
    };

    let page = move || match route.get() {
        Route::Overview => view! { <Overview /> }.into_any(),
        Route::Runs => view! { <Runs /> }.into_any(),
        Route::Run(id) => view! { <RunDetail id=id /> }.into_any(),
        Route::Failures => view! { <Failures /> }.into_any(),
        Route::Failure(id) => view! { <FailureDetail id=id /> }.into_any(),
        Route::Groups => view! { <Groups /> }.into_any(),
        Route::Group(id) => view! { <GroupPage id=id /> }.into_any(),
        Route::People => view! { <People /> }.into_any(),
        Route::Activity => view! { <Activity /> }.into_any(),
        Route::Settings => view! { <SettingsPage /> }.into_any(),
        Route::ScimSetup => view! { <ScimSetup /> }.into_any(),
        Route::Webhooks => view! { <Webhooks /> }.into_any(),
        Route::NotFound => view! { <NotFound /> }.into_any(),
    };

    view! {
        <header class="ssd-header">
            <div class="ssd-header__top">
                <p class="ssd-header__title">"SCIM sync"</p>
                <div class="ssd-header__tools">
                    <LiveStatus />
                    <ThemeToggle theme=theme />
                    <button type="button" class="ssd-button ssd-button--quiet" on:click=sign_out>
                        "Sign out"
                    </button>
                </div>
            </div>
            <NavBar current=route />
        </header>
        <main class="ssd-main" id="ssd-main" tabindex="-1">
            {page}
        </main>
    }
}
