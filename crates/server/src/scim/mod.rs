//! The SCIM 2.0 protocol (RFC 7643/7644) at `/scim/v2`, as Okta and Entra speak it.
//!
//! Every request passes through [`gate`]: it buffers the body (with a size cap), authenticates
//! the IdP connection, refuses requests while SCIM is disabled, and records the request and its
//! outcome as a sync event. Handlers return [`ScimResponse`] or [`ScimError`].

pub mod auth;
pub mod discovery;
pub mod error;
pub mod filter;
pub mod gate;
pub mod group_body;
pub mod groups;
pub mod json;
pub mod list;
pub mod patch;
pub mod projection;
pub mod redact;
pub mod refusals;
pub mod resource;
pub mod search;
pub mod shape;
pub mod user_body;
pub mod users;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{MethodRouter, get, post};

pub use error::ScimError;
pub use json::ScimResponse;

use crate::state::AppState;

/// Where the SCIM endpoints are mounted.
pub const PREFIX: &str = "/scim/v2";

/// The largest request body accepted, in bytes (advertised as `bulk.maxPayloadSize`).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Answers 405 with a SCIM error body for the methods a route does not support.
fn refuse_others(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.fallback(|| async { ScimError::method_not_allowed() })
}

/// Routes a collection (`/Users`) also with a trailing slash (`/Users/?filter=…`), as
/// Microsoft's SCIM validator sends it.
fn collection(path: &str, route: MethodRouter<AppState>) -> Router<AppState> {
    Router::new()
        .route(path, route.clone())
        .route(&format!("{path}/"), route)
}

/// The SCIM endpoints, behind the gate.
pub fn router(state: AppState) -> Router {
    guarded(routes(), state)
}

/// The SCIM endpoints, before the gate (a test can add one of its own).
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(collection(
            "/Users",
            refuse_others(get(users::list).post(users::create)),
        ))
        .merge(collection(
            "/Groups",
            refuse_others(get(groups::list).post(groups::create)),
        ))
        .route("/.search", refuse_others(post(search::search)))
        .route("/Users/.search", refuse_others(post(users::search)))
        .route(
            "/Users/{id}",
            refuse_others(
                get(users::get)
                    .put(users::replace)
                    .patch(users::patch)
                    .delete(users::delete),
            ),
        )
        .route("/Groups/.search", refuse_others(post(groups::search)))
        .route(
            "/Groups/{id}",
            refuse_others(
                get(groups::get)
                    .put(groups::replace)
                    .patch(groups::patch)
                    .delete(groups::delete),
            ),
        )
        .route(
            "/ServiceProviderConfig",
            refuse_others(get(discovery::get_service_provider_config)),
        )
        .route(
            "/ResourceTypes",
            refuse_others(get(discovery::list_resource_types)),
        )
        .route(
            "/ResourceTypes/{name}",
            refuse_others(get(discovery::get_resource_type)),
        )
        .route("/Schemas", refuse_others(get(discovery::list_schemas)))
        .route("/Schemas/{urn}", refuse_others(get(discovery::get_schema)))
}

/// `routes` behind the gate; every answer in the SCIM shape, a panic included ([`shape`]).
pub fn guarded(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .fallback(|| async { ScimError::not_found("No such SCIM endpoint.") })
        // The gate caps the body at MAX_BODY_BYTES; the extractors behind it must not apply
        // axum's smaller default (2 MB) on top, or a body under the advertised cap is refused.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(shape::scim_shape))
        .layer(middleware::from_fn_with_state(state.clone(), gate::gate))
        .with_state(state)
}
