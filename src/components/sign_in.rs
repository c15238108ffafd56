//! The sign-in form: the admin token is checked against the server, then kept in memory only.

use leptos::prelude::*;

use crate::api::{ApiClient, ApiFailure};

/// Asks for the admin token and signs in when the server accepts it.
#[component]
pub fn SignIn(
    /// Base URL of the server ("" for same-origin).
    api_base: String,
    /// Called with a client once the server has accepted the token.
    on_signed_in: Callback<ApiClient>,
) -> impl IntoView {
    let token = RwSignal::new(String::new());
    let check = Action::new_local(move |client: &ApiClient| {
        let client = client.clone();
        async move {
            client.status().await?;
            on_signed_in.run(client);
            Ok::<(), ApiFailure>(())
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let value = token.get_untracked();
        if !value.trim().is_empty() {
            check.dispatch(ApiClient::new(&api_base, value.trim()));
        }
    };
    let error = move || match check.value().get() {
        Some(Err(failure)) if failure.is_unauthorized() => {
            Some("The server did not accept this token. Check it and try again.".to_owned())
        }
        Some(Err(failure)) => Some(failure.message()),
        _ => None,
    };

    view! {
        <form class="ssd-sign-in" on:submit=on_submit>
            <h2 class="ssd-sign-in__title">"Sign in"</h2>
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
            <button type="submit" class="ssd-button ssd-button--primary" disabled=move || check.pending().get()>
                {move || if check.pending().get() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}
