//! SCIM provisioning on/off; turning it off is confirmed with what it does to groups.

use leptos::prelude::*;
use scim_sync_core::api::SettingsUpdate;

use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::markup::Markup;
use crate::markup::dom;
use crate::markup::html::Html;

/// The state of SCIM provisioning and the button that changes it.
#[component]
pub fn ScimSwitch(
    /// Whether SCIM is on.
    #[prop(into)]
    enabled: Signal<bool>,
    /// Whether a change is being saved.
    #[prop(into)]
    pending: Signal<bool>,
    /// Called with the change the admin chose (after confirmation, for off).
    on_change: Callback<SettingsUpdate>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if dom::action(&ev).as_deref() != Some("toggle-scim") || pending.get_untracked() {
            return;
        }
        if enabled.get_untracked() {
            confirming.set(true);
        } else {
            on_change.run(scim(true));
        }
    };
    let confirm = Callback::new(move |()| {
        confirming.set(false);
        on_change.run(scim(false));
    });
    let cancel = Callback::new(move |()| confirming.set(false));
    let html = move || scim_state(enabled.get(), pending.get());

    view! {
        <section class="ssd-card" aria-labelledby="ssd-scim-title" on:click=on_click>
            <h2 class="ssd-card__title" id="ssd-scim-title">"SCIM provisioning"</h2>
            <Markup html=html class="ssd-stack" />
            <ConfirmDialog
                open=confirming
                title="Turn SCIM provisioning off?"
                confirm_label="Turn SCIM off"
                on_confirm=confirm
                on_cancel=cancel
            >
                <p>
                    "While SCIM is off, the project refuses every request from your identity provider and records each one as a failure: new people are not provisioned, and changes, deactivations and group pushes are not applied."
                </p>
                <p>
                    <strong>"Groups are not restored when you turn SCIM back on."</strong>
                    " A SCIM group deleted in the project while SCIM is off stays deleted: push it again from your identity provider, or re-push it from the Groups page."
                </p>
            </ConfirmDialog>
        </section>
    }
}

/// The change that turns SCIM on or off.
fn scim(on: bool) -> SettingsUpdate {
    SettingsUpdate {
        scim_enabled: Some(on),
        seat_limit: None,
    }
}

/// The state in words, what turning it back on does not do, and the button.
pub fn scim_state(enabled: bool, pending: bool) -> Html {
    let mut html = Html::new();
    let (state, text) = if enabled {
        ("true", "On: your identity provider's requests are applied.")
    } else {
        (
            "false",
            "Off: your identity provider's requests are refused and recorded as failures.",
        )
    };
    html.element(
        "p",
        &[
            ("class", Some("ssd-scim-state")),
            ("data-enabled", Some(state)),
        ],
        text,
    );
    if !enabled {
        html.class(
            "p",
            "ssd-muted",
            "Turning SCIM back on does not restore groups deleted in the project while it was off: push them again, or re-push them from the Groups page.",
        );
    }
    let (class, label) = match (pending, enabled) {
        (true, true) => ("ssd-button ssd-button--danger", "Saving…"),
        (true, false) => ("ssd-button ssd-button--primary", "Saving…"),
        (false, true) => ("ssd-button ssd-button--danger", "Turn SCIM off"),
        (false, false) => ("ssd-button ssd-button--primary", "Turn SCIM on"),
    };
    html.element(
        "button",
        &[
            ("type", Some("button")),
            ("class", Some(class)),
            ("data-action", Some("toggle-scim")),
            ("data-key", Some("toggle-scim")),
            (
                "aria-disabled",
                Some(if pending { "true" } else { "false" }),
            ),
        ],
        label,
    );
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn off_says_what_turning_it_on_does_not_restore() {
        let off = scim_state(false, false);
        assert!(off.as_str().contains("does not restore groups"));
        assert!(off.as_str().contains(">Turn SCIM on</button>"));
        let on = scim_state(true, false);
        assert!(on.as_str().contains(">Turn SCIM off</button>"));
        assert!(
            scim_state(true, true)
                .as_str()
                .contains("aria-disabled=\"true\">Saving…")
        );
    }
}
