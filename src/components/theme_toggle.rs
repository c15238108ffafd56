//! The light/dark switch.

use leptos::prelude::*;

use crate::config::Theme;

/// A toggle button: pressed means dark. Starts from the host's `data-theme`, or the system's
/// preference when the host set none.
#[component]
pub fn ThemeToggle(
    /// The theme chosen so far.
    #[prop(into)]
    theme: Signal<Theme>,
    /// Called with the theme the admin switched to.
    on_change: Callback<Theme>,
) -> impl IntoView {
    let is_dark = move || match theme.get() {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => system_prefers_dark(),
    };
    let toggle = move |_| {
        on_change.run(if is_dark() { Theme::Light } else { Theme::Dark });
    };
    view! {
        <button
            type="button"
            class="ssd-button ssd-button--quiet ssd-theme-toggle"
            aria-pressed=move || is_dark().to_string()
            on:click=toggle
        >
            "Dark theme"
        </button>
    }
}

fn system_prefers_dark() -> bool {
    window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}
