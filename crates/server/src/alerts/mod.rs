//! Alerts: telling the admin before the IdP gives up.
//!
//! - a connection's health is judged by [`scim_sync_core::health::assess`] from its recent
//!   requests ([`health`]), and a change of state becomes a webhook event;
//! - a run's end is announced once, its `run.failed` event queued with the mark ([`run_end`]);
//! - webhooks tell the project's own systems when a run ends failed, a connection's health
//!   changes or a re-push completes: each delivery is signed ([`signing`]), goes only to an
//!   allowed destination ([`destination`]), is attempted once at a time ([`delivery`]) and
//!   retried on a bounded schedule ([`retry`]) by the loop that drains the database's queue
//!   ([`queue`]).

pub mod delivery;
pub mod destination;
pub mod health;
pub mod queue;
pub mod retry;
pub mod run_end;
pub mod signing;

use std::time::Duration;

use crate::state::AppState;

/// Every `every`: judges every connection's health ([`health::watch_once`]) and announces the
/// runs whose end no one announced ([`run_end::sweep`]); the first time at once, so a restart
/// catches up. On a database several servers share, one of them does each round (the others
/// skip it, [`crate::store::jobs`]); what the round writes is correct either way, under the
/// project's lock and the run's mark.
pub async fn watch_forever(state: AppState, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let lead = match crate::store::jobs::try_lead(&state.db, ALERTS).await {
            Ok(Some(lead)) => lead,
            Ok(None) => continue,
            Err(error) => {
                tracing::warn!(%error, "cannot take the alerts watcher's lead");
                continue;
            }
        };
        if let Err(error) = run_end::sweep(&state).await {
            tracing::warn!(%error, "cannot announce the ended runs");
        }
        if let Err(error) = health::watch_once(&state).await {
            tracing::warn!(%error, "cannot judge the connections' health");
        }
        if let Err(error) = lead.release().await {
            tracing::warn!(%error, "cannot give up the alerts watcher's lead");
        }
    }
}

/// The job name of the alerts watcher's lead.
const ALERTS: &str = "alerts";
