//! Each IdP connection's health, judged by [`scim_sync_core::health::assess`] from what
//! [`crate::store::health`] reads, for the admin API and for the watcher
//! ([`super::watch_forever`]) that turns a change into a `health.changed` webhook event.

use scim_sync_core::api::StreamMessage;
use scim_sync_core::health::{self, ConnectionHealth};
use scim_sync_core::idp::Idp;
use scim_sync_core::webhooks::HEALTH_CHANGED;
use serde_json::json;

use super::queue;
use crate::domain::project::ProjectId;
use crate::state::AppState;
use crate::store::{self, ProjectDb, StoreError, rfc3339};

/// The project's connections, oldest first, each judged at `now` (Unix ms) by the project's
/// thresholds.
pub async fn judge(db: &ProjectDb, now: i64) -> Result<Vec<ConnectionHealth>, StoreError> {
    let thresholds = store::health::thresholds(db).await?;
    let mut report = Vec::new();
    for connection in store::connections::list(db).await? {
        let (activity, idp) = store::health::activity(db, connection.id, thresholds.window).await?;
        let idp = idp.unwrap_or(Idp::Generic);
        let assessment = health::assess(&activity, &thresholds, now);
        let (summary, next_step) = health::explain(&assessment.cause, idp);
        report.push(ConnectionHealth {
            connection_id: connection.id,
            connection: connection.name,
            idp,
            state: assessment.state,
            cause: assessment.cause,
            summary,
            next_step,
            last_request_at: activity.last_request_at.map(rfc3339),
        });
    }
    Ok(report)
}

/// Judges every project's connections and queues `health.changed` for each whose state changed
/// since it was last judged (the change and its event commit together), then tells the
/// project's live stream.
pub async fn watch_once(state: &AppState) -> Result<(), StoreError> {
    for project in store::projects::list(&state.db).await? {
        let db = state.db.project(ProjectId(project.id));
        let now = store::now_ms();
        for connection in judge(&db, now).await? {
            let mut tx = db.begin_write().await?;
            let Some(before) = store::health::record_in(
                &mut tx,
                &db,
                connection.connection_id,
                connection.state,
                now,
            )
            .await?
            else {
                continue;
            };
            let body = queue::body(
                HEALTH_CHANGED,
                db.id(),
                json!({ "before": before, "connection": connection }),
            );
            let queued =
                store::webhooks::enqueue_in(&mut tx, db.id(), None, HEALTH_CHANGED, &body).await?;
            tx.commit().await?;
            if !queued.is_empty() {
                state.webhooks.queued();
            }
            state
                .hub
                .publish(db.id(), StreamMessage::Health { connection });
        }
    }
    Ok(())
}
