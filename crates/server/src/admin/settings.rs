//! `GET`/`PUT /api/v1/settings`: SCIM on/off and the seat limit.

use axum::Json;
use axum::extract::State;
use scim_sync_core::api::{Settings, SettingsUpdate};

use super::error::AdminError;
use super::json::AdminJson;
use crate::state::AppState;
use crate::store;

/// The current settings.
pub async fn get(State(state): State<AppState>) -> Result<Json<Settings>, AdminError> {
    Ok(Json(to_wire(store::settings::get(&state.db).await?)))
}

/// Changes SCIM on/off and/or the seat limit.
pub async fn update(
    State(state): State<AppState>,
    AdminJson(change): AdminJson<SettingsUpdate>,
) -> Result<Json<Settings>, AdminError> {
    let settings =
        store::settings::update(&state.db, change.scim_enabled, change.seat_limit).await?;
    Ok(Json(to_wire(settings)))
}

fn to_wire(settings: store::settings::Settings) -> Settings {
    Settings {
        scim_enabled: settings.scim_enabled,
        seat_limit: settings.seat_limit,
    }
}
