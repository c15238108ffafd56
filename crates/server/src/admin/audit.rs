//! `GET /api/v1/audit`: the latest admin actions.

use axum::Json;
use axum::extract::State;
use scim_sync_core::api::AuditEntry;

use super::error::AdminError;
use crate::state::AppState;
use crate::store;

/// The latest 500 admin actions, newest first.
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<AuditEntry>>, AdminError> {
    Ok(Json(store::audit::latest(&state.db, 500).await?))
}
