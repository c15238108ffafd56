//! The admin API (`/api/v1`) the dashboard calls, behind the admin bearer token.

pub mod auth;
pub mod error;
pub mod identities;
pub mod json;
pub mod settings;
pub mod status;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

pub use error::AdminError;

use crate::state::AppState;

/// The admin endpoints.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/status", get(status::get))
        .route("/settings", get(settings::get).put(settings::update))
        .route("/identities", post(identities::invite))
        .fallback(|| async { AdminError::not_found("No such admin API endpoint.") })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_admin,
        ))
        .with_state(state)
}
