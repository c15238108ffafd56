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

use axum::Router;
use axum::middleware;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

pub use state::AppState;

use crate::config::Config;

/// The routes of the SCIM endpoints and of the admin API, before their guards. The server
/// serves [`Routes::default`]; a test can add a route of its own to either and still get
/// the real gate, error shapes and layers around it.
#[derive(Debug)]
pub struct Routes {
    /// Mounted at [`scim::PREFIX`], behind the gate.
    pub scim: Router<AppState>,
    /// Mounted at the API prefix, behind the admin token.
    pub admin: Router<AppState>,
}

impl Default for Routes {
    fn default() -> Routes {
        Routes {
            scim: scim::routes(),
            admin: admin::routes(),
        }
    }
}

/// The whole HTTP surface. Tests build this same router and talk HTTP to it.
pub fn app(state: AppState, config: &Config) -> Router {
    app_with(state, config, Routes::default())
}

/// The whole HTTP surface around `routes`.
///
/// The dashboard's files are sent as the release build compressed them (`.br`, `.gz`; see
/// `scripts/precompress.mjs`) when the browser accepts that; any page URL gets `index.html`.
pub fn app_with(state: AppState, config: &Config, routes: Routes) -> Router {
    let dist_dir = &config.dist_dir;
    let index = ServeFile::new(dist_dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let dashboard = ServeDir::new(dist_dir)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .nest(scim::PREFIX, scim::guarded(routes.scim, state.clone()))
        .nest(
            scim_sync_core::api::API_PREFIX,
            admin::guarded(routes.admin, state),
        )
        .fallback_service(dashboard)
        .layer(middleware::from_fn(edge::panic::last_resort))
        .layer(TraceLayer::new_for_http())
}
