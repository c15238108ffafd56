//! A re-push of some groups, from opening to result: loads what the plan needs (each group's
//! detail, the licence seats, the IdP of the first group's latest request), shows the
//! [`RepushDialog`], sends `POST /api/v1/repush` only when the admin confirms a plan that fits,
//! and follows its progress on the live stream. Mounted when the admin opens it, so every
//! opening starts fresh.

use leptos::prelude::*;
use scim_sync_core::api::{EventSummary, GroupDetail, RepushOutcome, RepushRequest, Status};
use scim_sync_core::capacity::RepushMode;
use scim_sync_core::idp::Idp;
use scim_sync_core::seats::SeatUsage;

use crate::api::{ApiClient, ApiFailure, ApiRequest, Method, paths};
use crate::components::repush_dialog::{RepushDialog, Stage};
use crate::live_feed::use_live;
use crate::read::Write;
use crate::repush::idp_of;
use crate::router::use_router;
use crate::session::use_session;

/// What the plan is computed from.
#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    groups: Vec<GroupDetail>,
    seats: SeatUsage,
    idp: Idp,
}

async fn load(client: &ApiClient, ids: &[String]) -> Result<Loaded, ApiFailure> {
    let status: Status = client.fetch(&ApiRequest::get(paths::STATUS)).await?;
    let mut groups = Vec::with_capacity(ids.len());
    for id in ids {
        groups.push(client.fetch(&ApiRequest::get(paths::group(id))).await?);
    }
    let timeline: Vec<EventSummary> = match ids.first() {
        Some(id) => client
            .fetch(&ApiRequest::get(paths::timeline("Group", id)))
            .await
            .unwrap_or_default(),
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
    let client = session.client.clone();
    let confirm_client = session.client.clone();
    let ids = group_ids.clone();
    let loaded = LocalResource::new(move || {
        let (client, ids) = (client.clone(), ids.clone());
        async move { load(&client, &ids).await }
    });
    let write = Write::<RepushOutcome>::new();

    let groups = Signal::derive(move || {
        loaded.with(|l| match l {
            Some(Ok(l)) => Some(l.groups.clone()),
            _ => None,
        })
    });
    let seats = Signal::derive(move || {
        loaded.with(|l| match l {
            Some(Ok(l)) => l.seats,
            _ => SeatUsage { limit: 0, used: 0 },
        })
    });
    let idp = Signal::derive(move || {
        loaded.with(|l| match l {
            Some(Ok(l)) => l.idp,
            _ => Idp::Generic,
        })
    });
    let stage = Memo::new(move |_| {
        if write.pending() {
            return Stage::Sending;
        }
        match write.result() {
            Some(Ok(outcome)) => Stage::Done(outcome),
            Some(Err(ApiFailure::Api(error))) if error.plan.is_some() => Stage::Refused(error),
            Some(Err(failure)) if !session.check(&failure) => {
                Stage::Failed(format!("The re-push did not run: {}", failure.message()))
            }
            Some(Err(_)) => Stage::Planning,
            None => loaded.with(|l| match l {
                Some(Err(failure)) if !session.check(failure) => Stage::Failed(format!(
                    "The groups could not be loaded: {}",
                    failure.message()
                )),
                _ => Stage::Planning,
            }),
        }
    });
    // The page behind re-reads once the server answered with a re-push done.
    Effect::new(move |_| {
        if matches!(stage.get(), Stage::Done(_)) {
            on_done.run(());
        }
    });
    let on_confirm = Callback::new(move |mode: RepushMode| {
        live.repush.set(None);
        let request = RepushRequest {
            group_ids: group_ids.clone(),
            mode,
        };
        write.send(
            &confirm_client,
            ApiRequest::with_json(Method::Post, paths::REPUSH, &request),
        );
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
