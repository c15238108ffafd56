//! The sign-in form: the admin token is exchanged for a session (an HttpOnly cookie the page
//! never sees); the token itself is dropped once the server answered.

use leptos::prelude::*;
use scim_sync_core::api::SessionInfo;

use crate::components::markup::Markup;
use crate::data::api::{self, ApiClient, ApiFailure, ApiRequest, Method, paths};
use crate::markup::dom;
use crate::markup::html::Html;

/// Asks for the admin token and signs in when the server accepts it.
#[component]
pub fn SignIn(
    /// Base URL of the server ("" for same-origin).
    api_base: String,
    /// The session: set to a client once the server has opened a session.
    session: RwSignal<Option<ApiClient>>,
    /// Whether the server just refused the token of a session in progress; signing in clears it.
    expired: RwSignal<bool>,
) -> impl IntoView {
    let form = NodeRef::<leptos::html::Form>::new();
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let token = form
            .get_untracked()
            .and_then(|f| f.query_selector("#ssd-admin-token").ok().flatten())
            .map(|input| dom::value_of(&input))
            .unwrap_or_default();
        if token.trim().is_empty() || pending.get_untracked() {
            return;
        }
        pending.set(true);
        let client = ApiClient::cookie(&api_base);
        let request = ApiRequest::with_json(
            Method::Post,
            paths::SESSIONS,
            &scim_sync_core::api::SignInRequest {
                token: token.trim().to_owned(),
            },
        );
        let signed_in = client.clone();
        api::send_then(
            &client,
            request,
            Box::new(move |answer| {
                pending.set(false);
                match answer.and_then(|text| api::decode::<SessionInfo>(&text)) {
                    Ok(info) => {
                        failure.set(None);
                        expired.set(false);
                        session.set(Some(signed_in.with_csrf(info.csrf_token)));
                    }
                    Err(refused) => failure.set(Some(refused)),
                }
            }),
        );
    };
    let notices = move || {
        let mut html = Html::new();
        match failure.get() {
            Some(failure) => {
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
                    "Your session ended: it expired, or the server no longer accepts it. Sign in again to continue where you were.",
                );
            }
            None => {}
        }
        html
    };

    view! {
        <form class="ssd-sign-in" node_ref=form on:submit=on_submit>
            <h1 class="ssd-sign-in__title">"Sign in"</h1>
            <p class="ssd-sign-in__hint">
                "Paste the admin token of your project. The server exchanges it for a session this browser keeps until you sign out; the token itself is not kept."
            </p>
            <label class="ssd-field__label" for="ssd-admin-token">"Admin token"</label>
            <input id="ssd-admin-token" class="ssd-field__input" type="password" autocomplete="off" required />
            <Markup html=notices class="ssd-sign-in__notices" />
            <button type="submit" class="ssd-button ssd-button--primary" disabled=move || pending.get()>
                {move || if pending.get() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}
