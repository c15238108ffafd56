//! The shell: the router, the theme, and the session (an admin token held in memory only,
//! never in storage). Signed out it shows the sign-in form at whatever URL was opened, and
//! signing in shows that page.

use leptos::prelude::*;

use crate::api::ApiClient;
use crate::components::sign_in::SignIn;
use crate::components::signed_in::SignedIn;
use crate::components::theme_toggle::ThemeToggle;
use crate::config::{self, DashboardConfig, Theme};
use crate::router::Router;

/// Why the sign-in form is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SignedOut {
    /// Not signed in yet, or signed out.
    Fresh,
    /// The server refused the token of a session in progress.
    Expired,
}

/// The whole dashboard.
#[component]
pub fn App(
    /// What the host page configured.
    config: DashboardConfig,
) -> impl IntoView {
    let router = Router::new(config.base_path.clone());
    provide_context(router);
    // The signed-in client; `None` shows the sign-in form. Lives only in this page's memory.
    let session = RwSignal::new(None::<ApiClient>);
    let signed_out = RwSignal::new(SignedOut::Fresh);
    let theme = RwSignal::new(config.theme);

    let sign_in = Callback::new(move |client: ApiClient| {
        signed_out.set(SignedOut::Fresh);
        session.set(Some(client));
    });
    let sign_out = Callback::new(move |()| {
        signed_out.set(SignedOut::Fresh);
        session.set(None);
    });
    let expire = Callback::new(move |()| {
        if session.with_untracked(Option::is_some) {
            signed_out.set(SignedOut::Expired);
            session.set(None);
        }
    });
    let set_theme = Callback::new(move |t: Theme| theme.set(t));
    // The stylesheet reads `data-theme` on the host element (or the document, with no host).
    Effect::new(move |_| apply_theme(theme.get()));
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
                            on_sign_out=sign_out
                            theme=theme
                            on_theme=set_theme
                        />
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <header class="ssd-header">
                            <div class="ssd-header__top">
                                <p class="ssd-header__title">"SCIM sync"</p>
                                <ThemeToggle theme=theme on_change=set_theme />
                            </div>
                        </header>
                        <main class="ssd-main" id="ssd-main" tabindex="-1">
                            <SignIn
                                api_base=api_base.clone()
                                on_signed_in=sign_in
                                expired=Signal::derive(move || signed_out.get() == SignedOut::Expired)
                            />
                        </main>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

fn apply_theme(theme: Theme) {
    let target = config::host_element()
        .map(web_sys::Element::from)
        .or_else(|| document().document_element());
    if let Some(target) = target {
        let _ = match theme.attribute() {
            Some(value) => target.set_attribute("data-theme", value),
            None => target.remove_attribute("data-theme"),
        };
    }
}
