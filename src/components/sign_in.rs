//! The sign-in form: the admin token is checked against the server, then kept in memory only.

use leptos::prelude::*;

use scim_sync_core::api::Status;

use crate::api::{ApiClient, ApiRequest, paths};
use crate::components::markup::Markup;
use crate::dom;
use crate::html::Html;
use crate::read::Write;

/// Asks for the admin token and signs in when the server accepts it.
#[component]
pub fn SignIn(
    /// Base URL of the server ("" for same-origin).
    api_base: String,
    /// The session: set to a client once the server has accepted the token.
    session: RwSignal<Option<ApiClient>>,
    /// Whether the server just refused the token of a session in progress; signing in clears it.
    expired: RwSignal<bool>,
) -> impl IntoView {
    let form = NodeRef::<leptos::html::Form>::new();
    let check = Write::<Status>::new();
    let candidate = StoredValue::new(None::<ApiClient>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let token = form
            .get_untracked()
            .and_then(|f| f.query_selector("#ssd-admin-token").ok().flatten())
            .map(|input| dom::value_of(&input))
            .unwrap_or_default();
        if !token.trim().is_empty() {
            let client = ApiClient::new(&api_base, token.trim());
            check.send(&client, ApiRequest::get(paths::STATUS));
            candidate.set_value(Some(client));
        }
    };
    // The server answered the status with this token: it is accepted.
    Effect::new(move |_| {
        if matches!(check.result(), Some(Ok(_)))
            && let Some(client) = candidate.get_value()
        {
            expired.set(false);
            session.set(Some(client));
        }
    });
    let notices = Signal::derive(move || {
        let mut html = Html::new();
        match check.result() {
            Some(Err(failure)) => {
                let text = if failure.is_unauthorized() {
                    "The server did not accept this token. Check it and try again.".to_owned()
                } else {
                    failure.message()
                };
                html.element(
                    "p",
                    &[
                        ("class", Some("ssd-sign-in__error")),
                        ("role", Some("alert")),
                    ],
                    &text,
                );
            }
            None if expired.get() => {
                html.element(
                    "p",
                    &[("class", Some("ssd-sign-in__notice")), ("role", Some("status"))],
                    "Your session ended: the server no longer accepts that token. Sign in again to continue where you were.",
                );
            }
            _ => {}
        }
        html.into_string()
    });

    view! {
        <form class="ssd-sign-in" node_ref=form on:submit=on_submit>
            <h1 class="ssd-sign-in__title">"Sign in"</h1>
            <p class="ssd-sign-in__hint">
                "Paste the admin token the server printed on its first start. It stays in this tab's memory only."
            </p>
            <label class="ssd-field__label" for="ssd-admin-token">"Admin token"</label>
            <input id="ssd-admin-token" class="ssd-field__input" type="password" autocomplete="off" required />
            <Markup html=notices class="ssd-sign-in__notices" />
            <button type="submit" class="ssd-button ssd-button--primary" disabled=move || check.pending()>
                {move || if check.pending() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}
