//! The overview page: SCIM on/off, the licence meter, readers, the last run.

use leptos::prelude::*;

use crate::api::ApiClient;
use crate::components::error_panel::ErrorPanel;
use crate::components::last_run::LastRun;
use crate::components::licence_meter::LicenceMeter;
use crate::format;

/// What the admin sees first.
#[component]
pub fn Overview(
    /// The signed-in API client.
    client: ApiClient,
    /// Called when the server no longer accepts the token.
    on_unauthorized: Callback<()>,
) -> impl IntoView {
    let status = LocalResource::new(move || {
        let client = client.clone();
        async move { client.status().await }
    });
    let refresh = Callback::new(move |()| status.refetch());

    view! {
        <div class="ssd-overview">
            <div class="ssd-toolbar">
                <h2 class="ssd-toolbar__title">"Overview"</h2>
                <button type="button" class="ssd-button" on:click=move |_| refresh.run(())>"Refresh"</button>
            </div>
            <Transition fallback=|| view! { <p class="ssd-muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(s) => view! {
                            <p class="ssd-scim-state" data-enabled=s.scim_enabled.to_string()>
                                {if s.scim_enabled { "SCIM provisioning is on" } else { "SCIM provisioning is off" }}
                            </p>
                            <div class="ssd-grid">
                                <LicenceMeter seats=s.seats />
                                <section class="ssd-card" aria-labelledby="ssd-readers-title">
                                    <h2 class="ssd-card__title" id="ssd-readers-title">"Readers"</h2>
                                    <p class="ssd-figure">{s.readers}</p>
                                    <p class="ssd-muted">{format::count(s.readers, "reader, no seat taken", "readers, no seat taken")}</p>
                                </section>
                            </div>
                            <LastRun run=s.last_run />
                        }
                        .into_any(),
                        Err(failure) if failure.is_unauthorized() => {
                            on_unauthorized.run(());
                            ().into_any()
                        }
                        Err(failure) => view! { <ErrorPanel message=failure.message() on_retry=refresh /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
