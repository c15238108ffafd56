//! `POST /api/v1/repush`: re-push groups from the project side, all or nothing, after the same
//! capacity rule the dashboard ran; a structured 403 with the fresh plan when seats ran out.

use axum::extract::State;
use axum::{Extension, Json};
use scim_sync_core::api::{ApiError, ApiErrorCode, RepushOutcome, RepushRequest, StreamMessage};
use scim_sync_core::audit::AdminAction;

use super::auth::Admin;
use super::error::AdminError;
use super::json::AdminJson;
use super::page::bad_request;
use crate::rules::repush::{self, Done, RepushError};
use crate::state::AppState;
use crate::store::ProjectDb;
use crate::store::audit::Actor;

/// Carries out the re-push.
pub async fn repush(
    State(state): State<AppState>,
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    AdminJson(request): AdminJson<RepushRequest>,
) -> Result<Json<RepushOutcome>, AdminError> {
    if request.group_ids.is_empty() {
        return Err(bad_request("Name at least one group to re-push."));
    }
    let hub = state.hub.clone();
    let actor = Actor {
        name: &admin.0,
        action: AdminAction::Repush,
    };
    let groups = request.group_ids.len();
    let describe = |done: &Done| {
        let plan = &done.plan;
        format!(
            "re-pushed {groups} group(s): {} linked, {} created as Users, {} as Readers, {} restored, {} left for the IdP",
            plan.to_link.len(),
            plan.to_create_as_users.len() + plan.to_create_as_inactive_users.len(),
            plan.to_create_as_readers.len(),
            done.restored.len(),
            plan.cannot_provision.len()
        )
    };
    let progress = |done, total| {
        hub.publish(db.id(), StreamMessage::RepushProgress { done, total });
    };
    let done = repush::repush(
        &db,
        &request.group_ids,
        request.mode,
        progress,
        actor,
        describe,
    )
    .await
    .map_err(|error| match error {
        RepushError::UnknownGroup(id) => AdminError::not_found(format!("No group {id}.")),
        RepushError::NoSeat(plan) => {
            let shortfall = plan
                .ensure_fits()
                .err()
                .map(|s| s.to_string())
                .unwrap_or_else(|| "Not enough licence seats.".to_owned());
            AdminError::from(ApiError {
                code: ApiErrorCode::LicenceLimit,
                message: shortfall,
                plan: Some(*plan),
            })
        }
        RepushError::Conflict(message) => {
            AdminError::from(ApiError::new(ApiErrorCode::Conflict, message))
        }
        RepushError::Store(e) => e.into(),
    })?;
    let outcome = RepushOutcome {
        plan: done.plan,
        restored: done.restored,
    };
    // Its `repush.completed` event committed with it.
    state.webhooks.queued();
    Ok(Json(outcome))
}
