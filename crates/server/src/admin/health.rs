//! `GET /api/v1/health`: each IdP connection's health, judged now from its recent requests
//! ([`crate::alerts::health`]), with its cause and the next step in its IdP's words.

use axum::Json;
use scim_sync_core::health::ConnectionHealth;

use super::error::AdminError;
use crate::alerts::health;
use crate::store::{ProjectDb, now_ms};

/// The project's connections, oldest first, each with its health.
pub async fn get(db: ProjectDb) -> Result<Json<Vec<ConnectionHealth>>, AdminError> {
    Ok(Json(health::judge(&db, now_ms()).await?))
}
