//! Settings: SCIM on/off, the licence's seat limit, and the way to SCIM setup.

use leptos::prelude::*;
use scim_sync_core::api::{Settings, SettingsUpdate, Status};
use scim_sync_core::seats::SeatUsage;

use crate::components::page_title::PageTitle;
use crate::components::read_state::ReadState;
use crate::components::scim_switch::ScimSwitch;
use crate::components::seat_limit_form::SeatLimitForm;
use crate::data::api::{ApiRequest, Method, paths};
use crate::data::live_feed::use_live;
use crate::data::read::{Read, Write};
use crate::shell::route::Route;
use crate::shell::router::use_router;
use crate::shell::session::use_session;

/// The Settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let session = use_session();
    let live = use_live();
    let save = Write::<Settings>::new();
    let status = Read::<Status>::new(move || {
        save.version();
        live.version.track();
        Some(paths::STATUS.to_owned())
    });
    let error = move || match save.error() {
        Some(failure) if !session.check(&failure) => Some(failure.message()),
        _ => None,
    };
    let saved = move || match save.result() {
        Some(Ok(settings)) => Some(settings_sentence(settings)),
        _ => None,
    };
    let pending = Signal::derive(move || save.pending());
    let seats = Signal::derive(move || {
        status.with(|s| s.map_or(SeatUsage { limit: 0, used: 0 }, |s| s.seats))
    });
    let enabled = Signal::derive(move || status.with(|s| s.is_some_and(|s| s.scim_enabled)));
    let client = use_session().client;
    let router = use_router();
    let setup_href = router.href(&Route::ScimSetup, &Default::default());
    let webhooks_href = router.href(&Route::Webhooks, &Default::default());
    let update = Callback::new(move |change: SettingsUpdate| {
        save.send(
            &client,
            ApiRequest::with_json(Method::Put, paths::SETTINGS, &change),
        );
    });

    view! {
        <div class="ssd-page">
            <PageTitle title="Settings" />
            <div aria-live="polite" class="ssd-settings__outcome">
                {move || saved().map(|text| view! { <p class="ssd-outcome" data-state="ok">{text}</p> })}
                {move || error().map(|text| view! { <p class="ssd-inline-error">{format!("Not saved: {text}")}</p> })}
            </div>
            <ReadState read=status.progress() />
            <div class="ssd-stack" hidden=move || !status.is_loaded()>
                <ScimSwitch enabled=enabled pending=pending on_change=update />
                <SeatLimitForm seats=seats pending=pending on_save=update />
            </div>
            <section class="ssd-card" aria-labelledby="ssd-setup-link-title">
                <h2 class="ssd-card__title" id="ssd-setup-link-title">"Connect your identity provider"</h2>
                <p class="ssd-muted">"The SCIM base URL, your IdP connections and their tokens: generate, rotate and revoke them."</p>
                <a href=setup_href>"SCIM setup"</a>
            </section>
            <section class="ssd-card" aria-labelledby="ssd-webhooks-link-title">
                <h2 class="ssd-card__title" id="ssd-webhooks-link-title">"Alerts"</h2>
                <p class="ssd-muted">"Be told when a sync fails or a connection's health changes: webhook endpoints, their deliveries and secrets."</p>
                <a href=webhooks_href>"Webhooks"</a>
            </section>
        </div>
    }
}

fn settings_sentence(settings: Settings) -> String {
    format!(
        "Saved. SCIM provisioning is {}; the seat limit is {}.",
        if settings.scim_enabled { "on" } else { "off" },
        settings.seat_limit
    )
}
