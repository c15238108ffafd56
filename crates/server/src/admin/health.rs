//! `GET /api/v1/health`: each IdP connection's health, judged now from its recent requests
//! ([`crate::alerts::health`]), with its cause and the next step in its IdP's words; and
//! `GET`/`PUT /api/v1/health/thresholds`, when the project's connections turn degraded or failing.

use axum::{Extension, Json};
use scim_sync_core::audit::AdminAction;
use scim_sync_core::health::{ConnectionHealth, Thresholds};

use super::auth::Admin;
use super::error::AdminError;
use super::json::AdminJson;
use super::page::bad_request;
use crate::alerts::health;
use crate::store::audit::Actor;
use crate::store::{self, ProjectDb, now_ms};

/// The project's connections, oldest first, each with its health.
pub async fn get(db: ProjectDb) -> Result<Json<Vec<ConnectionHealth>>, AdminError> {
    Ok(Json(health::judge(&db, now_ms()).await?))
}

/// The project's thresholds.
pub async fn thresholds(db: ProjectDb) -> Result<Json<Thresholds>, AdminError> {
    Ok(Json(store::health::thresholds(&db).await?))
}

/// Replaces the project's thresholds, all of them; refused whole when one cannot be used.
pub async fn set_thresholds(
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    AdminJson(thresholds): AdminJson<Thresholds>,
) -> Result<Json<Thresholds>, AdminError> {
    if let Some(problem) = thresholds.problem() {
        return Err(bad_request(problem.to_owned()));
    }
    let t = &thresholds;
    let summary = format!(
        "Health thresholds: degraded from {}%, failing from {}% of the latest {} requests \
         (at least {}), {} refused in a row, silent after {} min",
        t.degraded_percent,
        t.failing_percent,
        t.window,
        t.min_requests,
        t.refused_streak,
        t.silent_after_ms / 60_000
    );
    let actor = Actor {
        name: &admin.0,
        action: AdminAction::HealthThresholds,
    };
    store::health::set_thresholds(&db, t, actor, &summary).await?;
    Ok(Json(store::health::thresholds(&db).await?))
}
