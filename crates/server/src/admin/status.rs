//! `GET /api/v1/status`: SCIM on/off, seats, readers, the last run.

use axum::Json;
use axum::extract::State;
use scim_sync_core::api::Status;
use scim_sync_core::seats::SeatUsage;

use super::error::AdminError;
use crate::state::AppState;
use crate::store::ProjectDb;
use crate::store::{self, now_ms};

/// What the overview shows at a glance.
pub async fn get(State(state): State<AppState>, db: ProjectDb) -> Result<Json<Status>, AdminError> {
    let settings = store::settings::get(&db).await?;
    let (used, readers) = store::identities::counts(&db).await?;
    let latest = store::runs::latest(&db, now_ms(), state.run_idle_gap_ms).await?;
    let (last_run, last_run_ends_in_ms) =
        latest.map_or((None, None), |(run, ends_in)| (Some(run), ends_in));
    Ok(Json(Status {
        scim_enabled: settings.scim_enabled,
        seats: SeatUsage {
            limit: settings.seat_limit,
            used,
        },
        readers,
        last_run,
        last_run_ends_in_ms,
    }))
}
