//! A re-push of some groups, from opening to result: loads what the plan needs (each group's
//! detail, the licence seats, the IdP of the first group's latest request), shows the
//! [`RepushDialog`], sends `POST /api/v1/repush` only when the admin confirms a plan that fits,
//! and follows its progress on the live stream. Mounted when the admin opens it, so every
//! opening starts fresh.

use leptos::prelude::*;
use leptos::task::spawn_local;
use scim_sync_core::api::{EventSummary, GroupDetail, RepushOutcome, RepushRequest, Status};
use scim_sync_core::capacity::RepushMode;
use scim_sync_core::idp::Idp;
use scim_sync_core::seats::SeatUsage;

use crate::components::repush_dialog::{RepushDialog, Stage};
use crate::data::api::{ApiClient, ApiFailure, ApiRequest, Method, decode, paths};
use crate::data::live_feed::use_live;
use crate::logic::repush::idp_of;
use crate::shell::router::use_router;
use crate::shell::session::use_session;

/// What the plan is computed from.
struct Loaded {
    groups: Vec<GroupDetail>,
    seats: SeatUsage,
    idp: Idp,
}

/// Every answer is sent for as text and decoded here (`send`, then `decode`), rather than with
/// `fetch::<T>`: one future per answer type would cost wasm for each.
async fn load(client: &ApiClient, ids: &[String]) -> Result<Loaded, ApiFailure> {
    let status: Status = decode(&client.send(&ApiRequest::get(paths::STATUS)).await?)?;
    let mut groups = Vec::with_capacity(ids.len());
    for id in ids {
        groups.push(decode(
            &client.send(&ApiRequest::get(paths::group(id))).await?,
        )?);
    }
    let timeline: Vec<EventSummary> = match ids.first() {
        Some(id) => match client
            .send(&ApiRequest::get(paths::timeline("Group", id)))
            .await
        {
            Ok(text) => decode(&text).unwrap_or_default(),
            Err(_) => Vec::new(),
        },
        None => Vec::new(),
    };
    Ok(Loaded {
        groups,
        seats: status.seats,
        idp: idp_of(&timeline),
    })
}

/// The re-push of `group_ids`, in its dialog.
#[component]
pub fn Repush(
    /// The SCIM ids of the groups to re-push.
    group_ids: Vec<String>,
    /// Called when the admin closes the dialog.
    on_close: Callback<()>,
    /// Called once the server re-pushed (the page re-reads its data).
    on_done: Callback<()>,
) -> impl IntoView {
    let session = use_session();
    let live = use_live();
    let base = use_router().base();
    // Plain signals written by two futures (the load and the re-push): a resource or an
    // action of their own would cost kilobytes of wasm each.
    let groups = RwSignal::new(None::<Vec<GroupDetail>>);
    let seats = RwSignal::new(SeatUsage { limit: 0, used: 0 });
    let idp = RwSignal::new(Idp::Generic);
    let stage = RwSignal::new(Stage::Planning);

    let loading = session.clone();
    let ids = group_ids.clone();
    spawn_local(async move {
        match load(&loading.client, &ids).await {
            Ok(loaded) => {
                groups.try_set(Some(loaded.groups));
                seats.try_set(loaded.seats);
                idp.try_set(loaded.idp);
            }
            Err(failure) => {
                if !loading.check(&failure) {
                    stage.try_set(Stage::Failed(format!(
                        "The groups could not be loaded: {}",
                        failure.message()
                    )));
                }
            }
        }
    });
    let on_confirm = Callback::new(move |mode: RepushMode| {
        if stage.with_untracked(|s| matches!(s, Stage::Sending)) {
            return;
        }
        live.repush.set(None);
        stage.set(Stage::Sending);
        let request = RepushRequest {
            group_ids: group_ids.clone(),
            mode,
        };
        let request = ApiRequest::with_json(Method::Post, paths::REPUSH, &request);
        let session = session.clone();
        spawn_local(async move {
            let answer = match session.client.send(&request).await {
                Ok(text) => decode::<RepushOutcome>(&text),
                Err(failure) => Err(failure),
            };
            let done = answer.is_ok();
            let next = match answer {
                Ok(outcome) => Stage::Done(outcome),
                Err(ApiFailure::Api(error)) if error.plan.is_some() => Stage::Refused(error),
                Err(failure) if !session.check(&failure) => {
                    Stage::Failed(format!("The re-push did not run: {}", failure.message()))
                }
                Err(_) => Stage::Planning,
            };
            // The page behind re-reads once the server answered with a re-push done (unless
            // the dialog was closed meanwhile).
            if stage.try_set(next).is_none() && done {
                on_done.run(());
            }
        });
    });

    view! {
        <RepushDialog
            groups=groups
            seats=seats
            idp=idp
            stage=stage
            progress=live.repush
            base=base
            on_confirm=on_confirm
            on_close=on_close
        />
    }
}
