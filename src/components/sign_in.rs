//! The sign-in form: the admin token is checked against the server, then kept in memory only.

use leptos::prelude::*;

use scim_sync_core::api::Status;

use crate::api::{ApiClient, ApiRequest, paths};
use crate::read::Write;

/// Asks for the admin token and signs in when the server accepts it.
#[component]
pub fn SignIn(
    /// Base URL of the server ("" for same-origin).
    api_base: String,
    /// Called with a client once the server has accepted the token.
    on_signed_in: Callback<ApiClient>,
    /// Whether the server just refused the token of a session in progress.
    #[prop(optional, into)]
    expired: Signal<bool>,
) -> impl IntoView {
    let token = RwSignal::new(String::new());
    let check = Write::<Status>::new();
    let candidate = StoredValue::new(None::<ApiClient>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let value = token.get_untracked();
        if !value.trim().is_empty() {
            let client = ApiClient::new(&api_base, value.trim());
            check.send(&client, ApiRequest::get(paths::STATUS));
            candidate.set_value(Some(client));
        }
    };
    // The server answered the status with this token: it is accepted.
    Effect::new(move |_| {
        if matches!(check.result(), Some(Ok(_)))
            && let Some(client) = candidate.get_value()
        {
            on_signed_in.run(client);
        }
    });
    let error = move || match check.result() {
        Some(Err(failure)) if failure.is_unauthorized() => {
            Some("The server did not accept this token. Check it and try again.".to_owned())
        }
        Some(Err(failure)) => Some(failure.message()),
        _ => None,
    };

    view! {
        <form class="ssd-sign-in" on:submit=on_submit>
            <h1 class="ssd-sign-in__title">"Sign in"</h1>
            <Show when=move || expired.get() && check.result().is_none()>
                <p class="ssd-sign-in__notice" role="status">
                    "Your session ended: the server no longer accepts that token. Sign in again to continue where you were."
                </p>
            </Show>
            <p class="ssd-sign-in__hint">
                "Paste the admin token the server printed on its first start. It stays in this tab's memory only."
            </p>
            <label class="ssd-field__label" for="ssd-admin-token">"Admin token"</label>
            <input
                id="ssd-admin-token"
                class="ssd-field__input"
                type="password"
                autocomplete="off"
                required=true
                prop:value=move || token.get()
                on:input=move |ev| token.set(event_target_value(&ev))
            />
            <Show when=move || error().is_some()>
                <p class="ssd-sign-in__error" role="alert">{error}</p>
            </Show>
            <button type="submit" class="ssd-button ssd-button--primary" disabled=move || check.pending()>
                {move || if check.pending() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}
