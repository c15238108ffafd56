//! The licence meter: seats used against the limit.

use leptos::prelude::*;
use scim_sync_core::seats::SeatUsage;

use crate::format;

/// Seats used of the limit, as a meter with the figures in words.
#[component]
pub fn LicenceMeter(
    /// The seats to show.
    #[prop(into)]
    seats: Signal<SeatUsage>,
) -> impl IntoView {
    let percent = move || format!("width: {:.1}%", seats.get().fraction_used() * 100.0);
    let level = move || {
        let s = seats.get();
        if s.free() == 0 {
            "full"
        } else if s.fraction_used() >= 0.9 {
            "high"
        } else {
            "ok"
        }
    };

    view! {
        <section class="ssd-meter" aria-labelledby="ssd-meter-title">
            <h2 class="ssd-meter__title" id="ssd-meter-title">"Licence seats"</h2>
            <div
                class="ssd-meter__track"
                role="meter"
                aria-labelledby="ssd-meter-title"
                aria-valuemin="0"
                aria-valuemax=move || seats.get().limit
                aria-valuenow=move || seats.get().used.min(seats.get().limit)
                aria-valuetext=move || format::seats_used(seats.get())
                data-level=level
            >
                <div class="ssd-meter__fill" style=percent></div>
            </div>
            <p class="ssd-meter__figures">
                <span class="ssd-meter__used">{move || format::seats_used(seats.get())}</span>
                <span class="ssd-meter__free">{move || format::seats_free(seats.get())}</span>
            </p>
        </section>
    }
}
