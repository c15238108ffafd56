//! `GET /api/v1/audit`: the latest admin actions.

use axum::Json;
use scim_sync_core::api::AuditEntry;

use super::error::AdminError;
use crate::store;
use crate::store::ProjectDb;

/// The latest 500 admin actions, newest first.
pub async fn list(db: ProjectDb) -> Result<Json<Vec<AuditEntry>>, AdminError> {
    Ok(Json(store::audit::latest(&db, 500).await?))
}
