//! The session (an admin token held in memory only, never in storage) and the page shell.

use leptos::prelude::*;

use crate::api::ApiClient;
use crate::components::overview::Overview;
use crate::components::sign_in::SignIn;
use crate::config::DashboardConfig;

/// The whole dashboard.
#[component]
pub fn App(
    /// What the host page configured.
    config: DashboardConfig,
) -> impl IntoView {
    // The signed-in client; `None` shows the sign-in form. Lives only in this page's memory.
    let session = RwSignal::new(None::<ApiClient>);
    let sign_in = Callback::new(move |client: ApiClient| session.set(Some(client)));
    let sign_out = Callback::new(move |()| session.set(None));
    let api_base = config.api_base.clone();

    view! {
        <div class="ssd-app">
            <header class="ssd-header">
                <h1 class="ssd-header__title">"SCIM sync"</h1>
                <Show when=move || session.with(Option::is_some)>
                    <button type="button" class="ssd-button ssd-button--quiet" on:click=move |_| sign_out.run(())>
                        "Sign out"
                    </button>
                </Show>
            </header>
            <main class="ssd-main">
                {move || match session.get() {
                    Some(client) => view! { <Overview client=client on_unauthorized=sign_out /> }.into_any(),
                    None => view! { <SignIn api_base=api_base.clone() on_signed_in=sign_in /> }.into_any(),
                }}
            </main>
        </div>
    }
}
