//! A read's state where its data goes: "Loading…" until the first answer, the error (with
//! Retry) when it failed, nothing once it is in; back to sign-in if the token was refused.

use leptos::prelude::*;

use crate::components::error_panel::ErrorPanel;
use crate::data::api::ApiFailure;
use crate::shell::session::use_session;

/// Shows loading and errors of a read (see [`crate::data::read::Read`]).
#[component]
pub fn ReadState(
    /// Whether there is no answer yet.
    #[prop(into)]
    loading: Signal<bool>,
    /// The last answer's error, if it failed.
    #[prop(into)]
    error: Signal<Option<ApiFailure>>,
    /// Called when the admin asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    move || match error.get() {
        Some(failure) if session.check(&failure) => ().into_any(),
        Some(failure) => {
            view! { <ErrorPanel message=failure.message() on_retry=on_retry /> }.into_any()
        }
        None if loading.get() => {
            view! { <p class="ssd-muted" role="status">"Loading…"</p> }.into_any()
        }
        None => ().into_any(),
    }
}
