//! The light/dark switch.

use leptos::prelude::*;

use crate::shell::config::{self, Theme};

/// A toggle button: pressed means dark. Starts from the host's `data-theme`, or the system's
/// preference when the host set none. Switching writes `theme` and applies it at once.
#[component]
pub fn ThemeToggle(
    /// The theme chosen so far; the toggle writes the admin's choice back.
    theme: RwSignal<Theme>,
) -> impl IntoView {
    let is_dark = move || match theme.get() {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => system_prefers_dark(),
    };
    let toggle = move |_| {
        let chosen = if is_dark() { Theme::Light } else { Theme::Dark };
        theme.set(chosen);
        apply_theme(chosen);
    };
    view! {
        <button
            type="button"
            class="ssd-button ssd-button--quiet ssd-theme-toggle"
            aria-pressed=move || if is_dark() { "true" } else { "false" }
            on:click=toggle
        >
            "Dark theme"
        </button>
    }
}

/// Sets `data-theme` on the host element (or the document, with no host): the stylesheet
/// reads it.
pub fn apply_theme(theme: Theme) {
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

fn system_prefers_dark() -> bool {
    window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}
