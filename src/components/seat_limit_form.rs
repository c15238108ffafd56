//! The licence's seat limit.

use leptos::html::Form;
use leptos::prelude::*;
use scim_sync_core::api::SettingsUpdate;
use scim_sync_core::seats::SeatUsage;

use crate::components::markup::Markup;
use crate::logic::format;
use crate::markup::dom;
use crate::markup::licence_meter::meter;

/// The seats meter and a form to change the limit, warning when the new limit is below the
/// seats in use.
#[component]
pub fn SeatLimitForm(
    /// Seats now.
    #[prop(into)]
    seats: Signal<SeatUsage>,
    /// Whether a change is being saved.
    #[prop(into)]
    pending: Signal<bool>,
    /// Called with the change that sets the new limit.
    on_save: Callback<SettingsUpdate>,
) -> impl IntoView {
    let form = NodeRef::<Form>::new();
    let draft = RwSignal::new(None::<String>);
    // The field shows the limit in force until the admin edits it.
    Effect::new(move |_| {
        let limit = seats.get().limit.to_string();
        if let Some(form) = form.get() {
            dom::set_control(&form, "limit", &limit);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        if let Some((_, value)) = dom::control(&ev) {
            draft.set(Some(value));
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = draft
            .get_untracked()
            .unwrap_or_else(|| seats.get_untracked().limit.to_string());
        if let Ok(limit) = value.trim().parse::<u32>()
            && !pending.get_untracked()
        {
            on_save.run(SettingsUpdate {
                scim_enabled: None,
                seat_limit: Some(limit),
            });
        }
    };
    let hint = move || {
        let used = seats.get().used;
        draft
            .get()
            .and_then(|d| d.trim().parse::<u32>().ok())
            .and_then(|limit| format::limit_warning(limit, used))
            .unwrap_or_else(|| {
                "Each active User takes one seat; Readers and inactive Users take none.".to_owned()
            })
    };
    view! {
        // The meter inside is the region ("Licence seats"); the form belongs to it visually.
        <div class="ssd-card">
            <Markup html=move || meter(seats.get()) />
            <form class="ssd-inline-form" node_ref=form on:submit=on_submit on:input=on_input>
                <div class="ssd-field">
                    <label class="ssd-field__label" for="ssd-seat-limit">"Seat limit"</label>
                    <input
                        id="ssd-seat-limit"
                        name="limit"
                        class="ssd-field__input ssd-field__input--short"
                        type="number"
                        min="0"
                        step="1"
                        required
                        aria-describedby="ssd-seat-limit-hint"
                    />
                </div>
                <button type="submit" class="ssd-button ssd-button--primary" aria-disabled=move || pending.get().to_string()>
                    "Save limit"
                </button>
            </form>
            <p class="ssd-muted" id="ssd-seat-limit-hint">{hint}</p>
        </div>
    }
}
