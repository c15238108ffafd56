//! The SCIM Sync Dashboard's server: the SCIM 2.0 service provider IdPs push to (`/scim/v2`),
//! the admin API the dashboard calls (`/api/v1`), and the built dashboard itself (`/`).
//!
//! Reading order: [`config`] → [`startup`] (database, first-start tokens) → [`app`] (the router)
//! → [`scim`] (the protocol) and [`admin`] (the dashboard's API) → [`domain`] (the platform's
//! rules) → [`store`] (all SQL). [`simulate`] is an IdP that talks to all of it over HTTP.

pub mod admin;
pub mod config;
pub mod domain;
pub mod edge;
pub mod live;
pub mod scim;
pub mod simulate;
pub mod startup;
pub mod state;
pub mod store;

use std::path::Path;

use axum::Router;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

pub use state::AppState;

/// The whole HTTP surface. Tests build this same router and talk HTTP to it.
///
/// The dashboard's files are sent as the release build compressed them (`.br`, `.gz`; see
/// `scripts/precompress.mjs`) when the browser accepts that; any page URL gets `index.html`.
pub fn app(state: AppState, dist_dir: &Path) -> Router {
    let index = ServeFile::new(dist_dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let dashboard = ServeDir::new(dist_dir)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .nest(scim::PREFIX, scim::router(state.clone()))
        .nest(scim_sync_core::api::API_PREFIX, admin::router(state))
        .fallback_service(dashboard)
        .layer(TraceLayer::new_for_http())
}
