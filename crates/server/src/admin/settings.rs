//! `GET`/`PUT /api/v1/settings`: SCIM on/off and the seat limit.

use axum::{Extension, Json};
use scim_sync_core::api::{Settings, SettingsUpdate};
use scim_sync_core::audit::AdminAction;

use super::auth::Admin;
use super::error::AdminError;
use super::json::AdminJson;
use crate::store;
use crate::store::ProjectDb;
use crate::store::audit::Actor;

/// The current settings.
pub async fn get(db: ProjectDb) -> Result<Json<Settings>, AdminError> {
    Ok(Json(to_wire(store::settings::get(&db).await?)))
}

/// Changes SCIM on/off and/or the seat limit.
pub async fn update(
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    AdminJson(change): AdminJson<SettingsUpdate>,
) -> Result<Json<Settings>, AdminError> {
    let mut changes = Vec::new();
    if let Some(enabled) = change.scim_enabled {
        changes.push(format!("SCIM {}", if enabled { "on" } else { "off" }));
    }
    if let Some(limit) = change.seat_limit {
        changes.push(format!("seat limit {limit}"));
    }
    if changes.is_empty() {
        return Ok(Json(to_wire(store::settings::get(&db).await?)));
    }
    let actor = Actor {
        name: &admin.0,
        action: AdminAction::Settings,
    };
    let settings = store::settings::update(
        &db,
        change.scim_enabled,
        change.seat_limit,
        actor,
        &changes.join(", "),
    )
    .await?;
    Ok(Json(to_wire(settings)))
}

fn to_wire(settings: store::settings::Settings) -> Settings {
    Settings {
        scim_enabled: settings.scim_enabled,
        seat_limit: settings.seat_limit,
    }
}
