//! A read's state where its data goes: "Loading…" until the first answer, the error (with
//! Retry) when it failed, nothing once it is in; back to sign-in if the token was refused.

use leptos::prelude::*;

use crate::components::error_panel::ErrorPanel;
use crate::data::read::ReadProgress;
use crate::shell::session::use_session;

/// Shows loading and errors of a read (see [`crate::data::read::Read::progress`]).
#[component]
pub fn ReadState(
    /// The read.
    read: ReadProgress,
) -> impl IntoView {
    let session = use_session();
    let ReadProgress {
        loading,
        error,
        retry,
    } = read;
    move || match error.get() {
        Some(failure) if session.check(&failure) => ().into_any(),
        Some(failure) => {
            view! { <ErrorPanel message=failure.message() on_retry=retry /> }.into_any()
        }
        None if loading.get() => {
            view! { <p class="ssd-muted" role="status">"Loading…"</p> }.into_any()
        }
        None => ().into_any(),
    }
}
