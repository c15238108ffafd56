//! The admin API (`/api/v1`) the dashboard calls, behind the admin bearer token (the live
//! stream itself is opened with a single-use ticket instead).

pub mod audit;
pub mod auth;
pub mod error;
pub mod events;
pub mod failures;
pub mod groups;
pub mod health;
pub mod identities;
pub mod json;
pub mod page;
pub mod refused;
pub mod repush;
pub mod runs;
pub mod session;
pub mod settings;
pub mod setup;
pub mod shape;
pub mod status;
pub mod stream;
pub mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{MethodRouter, delete, get, post, put};
use tower_http::compression::CompressionLayer;

pub use error::AdminError;

use crate::state::AppState;

/// The largest admin API request body, in bytes (413 past it). Its own cap, not SCIM's
/// advertised 4 MiB (`scim::MAX_BODY_BYTES`): the dashboard's bodies are settings, an invite,
/// a group to re-push — a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The admin endpoints. Answers are compressed for clients that accept it (a page of 1,000
/// failures is ~400 KB of JSON); the live stream is not (its events must not wait in a
/// compressor's buffer: the default predicate skips `text/event-stream`).
pub fn router(state: AppState) -> Router {
    guarded(routes(), state)
}

/// The endpoints behind the admin token (a test can add one of its own).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/status", get(status::get))
        .route("/health", get(health::get))
        .route(
            "/health/thresholds",
            get(health::thresholds).merge(audited(put(health::set_thresholds))),
        )
        .route(
            "/settings",
            get(settings::get).merge(audited(put(settings::update))),
        )
        .route("/runs", get(runs::list))
        .route("/runs/{id}", get(runs::get))
        .route("/failures", get(failures::list))
        .route("/failures.csv", get(failures::csv))
        .route("/events/{id}", get(events::get))
        .route("/events/{id}/retry", audited(post(events::retry)))
        .route(
            "/identities",
            get(identities::list).merge(audited(post(identities::invite))),
        )
        .route("/identities/{id}/timeline", get(identities::timeline))
        .route("/timeline", get(identities::user_name_timeline))
        .route("/groups", get(groups::list))
        .route(
            "/groups/{id}",
            get(groups::get).merge(audited(delete(groups::delete))),
        )
        .route("/groups/{id}/timeline", get(groups::timeline))
        .route("/repush", audited(post(repush::repush)))
        .route("/audit", get(audit::list))
        .route("/stream/ticket", post(stream::ticket))
        .route("/session", get(session::current).delete(session::sign_out))
        .route(
            "/webhooks",
            get(webhooks::list).merge(audited(post(webhooks::create))),
        )
        .route("/webhooks/{id}", audited(delete(webhooks::delete)))
        .route(
            "/webhooks/{id}/secret",
            audited(post(webhooks::rotate_secret)),
        )
        .route("/webhooks/{id}/test", post(webhooks::send_test))
        .route(
            "/connections",
            get(setup::list).merge(audited(post(setup::create))),
        )
        .route("/connections/{id}/tokens", audited(post(setup::generate)))
        .route(
            "/connections/{id}/tokens/{token}",
            audited(delete(setup::revoke)),
        )
}

/// A route whose handler audits what it does: its success is announced on the live stream
/// ([`audit::announce`]). Every route that records an [`scim_sync_core::audit::AdminAction`]
/// is mounted through this.
fn audited(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.route_layer(middleware::from_fn(audit::mark))
}

/// `routes` behind the admin token, plus what opens without it (the live stream with its
/// ticket, signing in, the operator's API with its own token); every answer in the admin
/// error shape, a panic included ([`shape`]), and every 401 counted for its source
/// ([`refused`]).
pub fn guarded(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .fallback(|| async { AdminError::not_found("No such admin API endpoint.") })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_admin,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            audit::announce,
        ))
        .route("/stream", get(stream::stream))
        .route("/sessions", post(session::sign_in))
        .route("/sessions/current", get(session::resume))
        .nest("/operator", crate::operator::router(state.clone()))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            refused::count_unauthorized,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(shape::admin_shape))
        .layer(CompressionLayer::new())
        .with_state(state)
}
