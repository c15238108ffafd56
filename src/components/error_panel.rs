//! An error shown where it happened, with a way to try again.

use leptos::prelude::*;

/// A failed load, with a Retry button.
#[component]
pub fn ErrorPanel(
    /// What went wrong, in words.
    message: String,
    /// Called when the admin asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="ssd-error-panel" role="alert">
            <p class="ssd-error-panel__message">{message}</p>
            <button type="button" class="ssd-button" on:click=move |_| on_retry.run(())>
                "Retry"
            </button>
        </div>
    }
}
