//! The shell: the router, the theme, and the session — a session cookie the page never sees
//! (standalone) or a session the embedding host handed over (`data-session`), held in memory
//! only, never in storage. On load it asks the server whether this browser's session survived
//! a reload. Signed out it shows the sign-in form at whatever URL was opened, and signing in
//! shows that page.

use leptos::prelude::*;
use scim_sync_core::api::SessionInfo;

use crate::components::sign_in::SignIn;
use crate::components::theme_toggle::{ThemeToggle, apply_theme};
use crate::data::api::{self, ApiClient, ApiRequest, paths};
use crate::shell::config::DashboardConfig;
use crate::shell::router::Router;
use crate::shell::signed_in::SignedIn;

/// The whole dashboard.
#[component]
pub fn App(
    /// What the host page configured.
    config: DashboardConfig,
) -> impl IntoView {
    let router = Router::new(config.base_path.clone());
    provide_context(router);
    // The signed-in client; `None` shows the sign-in form. Lives only in this page's memory.
    let session = RwSignal::new(
        config
            .session
            .as_deref()
            .map(|minted| ApiClient::new(&config.api_base, minted)),
    );
    // Whether the server is still being asked about this browser's session cookie.
    let resuming = RwSignal::new(session.with_untracked(Option::is_none));
    if resuming.get_untracked() {
        let client = ApiClient::cookie(&config.api_base);
        let resumed = client.clone();
        api::send_then(
            &client,
            ApiRequest::get(paths::CURRENT_SESSION),
            Box::new(move |answer| {
                if let Ok(info) = answer.and_then(|text| api::decode::<SessionInfo>(&text)) {
                    session.set(Some(resumed.with_csrf(info.csrf_token)));
                }
                resuming.set(false);
            }),
        );
    }
    // Why the sign-in form is showing: the server refused the token of a session in progress
    // (rather than not signed in yet, or signed out).
    let expired = RwSignal::new(false);
    let theme = RwSignal::new(config.theme);
    apply_theme(config.theme);

    let expire = Callback::new(move |()| {
        if session.with_untracked(Option::is_some) {
            expired.set(true);
            session.set(None);
        }
    });
    let api_base = config.api_base.clone();

    view! {
        <div class="ssd-app" on:click=move |ev| router.handle_click(&ev)>
            <a class="ssd-skip-link" href="#ssd-main">"Skip to content"</a>
            {move || match session.get() {
                Some(client) => {
                    view! {
                        <SignedIn
                            client=client
                            on_expired=expire
                            session=session
                            theme=theme
                        />
                    }
                        .into_any()
                }
                // The server answers within milliseconds; a sign-in form meanwhile would flash.
                None if resuming.get() => ().into_any(),
                None => {
                    view! {
                        <header class="ssd-header">
                            <div class="ssd-header__top">
                                <p class="ssd-header__title">"SCIM sync"</p>
                                <ThemeToggle theme=theme />
                            </div>
                        </header>
                        <main class="ssd-main" id="ssd-main" tabindex="-1">
                            <SignIn
                                api_base=api_base.clone()
                                session=session
                                expired=expired
                            />
                        </main>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
