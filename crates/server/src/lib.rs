//! The SCIM Sync Dashboard's server: the SCIM 2.0 service provider IdPs push to (`/scim/v2`),
//! the admin API the dashboard calls (`/api/v1`), and the built dashboard itself (`/`).
//!
//! Reading order: [`config`] → [`startup`] (database, the first project) → [`app`] (the router)
//! → [`scim`] (the protocol), [`admin`] (the dashboard's API) and [`operator`] (the platform's:
//! projects) → [`domain`] (the platform's rules) and [`tenancy`] (projects, connections,
//! tokens) → [`store`] (all SQL). [`simulate`] is an IdP that talks to all of it over HTTP.
//!
//! One server hosts many projects. The credential a request carries names its project (a SCIM
//! token its connection, an admin token its admins); handlers reach the data only through
//! that project's [`store::ProjectDb`].

pub mod admin;
pub mod config;
pub mod domain;
pub mod live;
pub mod operator;
pub mod scim;
pub mod simulate;
pub mod startup;
pub mod state;
pub mod store;
pub mod tenancy;

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
