//! The SCIM 2.0 protocol (RFC 7643/7644) at `/scim/v2`, as Okta and Entra speak it.
//!
//! Every request passes through [`gate`]: it buffers the body (with a size cap), authenticates
//! the IdP connection, refuses requests while SCIM is disabled, and records the request and its
//! outcome as a sync event. Handlers return [`ScimResponse`] or [`ScimError`].

pub mod error;
pub mod filter;
pub mod gate;
pub mod json;
pub mod patch;
pub mod redact;
pub mod resource;
pub mod user_body;
pub mod users;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

pub use error::ScimError;
pub use json::ScimResponse;

use crate::state::AppState;

/// Where the SCIM endpoints are mounted.
pub const PREFIX: &str = "/scim/v2";

/// The largest request body accepted, in bytes (advertised as `bulk.maxPayloadSize`).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The SCIM endpoints, behind the gate.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/Users", post(users::create))
        .route("/Users/{id}", get(users::get))
        .fallback(|| async { ScimError::not_found("No such SCIM endpoint.") })
        .layer(middleware::from_fn_with_state(state.clone(), gate::gate))
        .with_state(state)
}
