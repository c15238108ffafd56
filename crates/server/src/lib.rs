//! The SCIM Sync Dashboard's server: the SCIM 2.0 service provider IdPs push to (`/scim/v2`),
//! the admin API the dashboard calls (`/api/v1`), and the built dashboard itself (`/`).
//!
//! Reading order: [`config`] → [`startup`] (database, the first project) → [`app`] (the router)
//! → [`scim`] (the protocol), [`admin`] (the dashboard's API) and [`operator`] (the platform's:
//! projects) → [`domain`] (the platform's rules with no storage in them), [`rules`] (its rules over
//! stored data, written once above storage) and [`tenancy`] (projects, connections, tokens) → [`store`] (all SQL, data access
//! only). [`simulate`] is an IdP that talks to all of it over HTTP.
//!
//! One server hosts many projects. The credential a request carries names its project (a SCIM
//! token its connection, an admin token its admins); handlers reach the data only through
//! that project's [`store::ProjectDb`].

pub mod admin;
pub mod alerts;
pub mod config;
pub mod domain;
pub mod edge;
pub mod live;
pub mod operator;
pub mod rules;
pub mod scim;
pub mod simulate;
pub mod startup;
pub mod state;
pub mod stdout;
pub mod store;
pub mod tenancy;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::middleware;
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

pub use state::AppState;

use crate::config::Config;
use crate::edge::limits::{self, InFlight, RateLimiter, SourceRate};

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
    let dashboard = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            dashboard_csp(config),
        ))
        .service(dashboard);
    let mut admin = admin::guarded(routes.admin, state.clone());
    if let Some(cors) = edge::cors::admin_cors(&config.allowed_origins) {
        admin = admin.layer(cors);
    }
    let source_rate = SourceRate {
        limiter: Arc::new(RateLimiter::new(
            config.scim_rate_per_sec,
            config.scim_rate_burst,
        )),
        refusals: state.refusals.clone(),
    };
    let in_flight = InFlight {
        places: Arc::new(Semaphore::new(
            config
                .max_concurrent_requests
                .clamp(1, Semaphore::MAX_PERMITS),
        )),
        refusals: state.refusals.clone(),
    };
    let scim = scim::guarded(routes.scim, state).layer(middleware::from_fn_with_state(
        source_rate,
        limits::scim_rate_limit,
    ));
    let body_timeout = Duration::from_secs(config.body_read_timeout_secs);
    Router::new()
        .nest(scim::PREFIX, scim)
        .nest(scim_sync_core::api::API_PREFIX, admin)
        .fallback_service(dashboard)
        .layer(middleware::from_fn(edge::panic::last_resort))
        .layer(middleware::from_fn_with_state(
            body_timeout,
            limits::body_deadline,
        ))
        .layer(middleware::from_fn_with_state(
            in_flight,
            limits::cap_in_flight,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static(edge::headers::NOSNIFF),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static(edge::headers::REFERRER_POLICY),
        ))
        .layer(TraceLayer::new_for_http())
}

/// The Content-Security-Policy for the dashboard's pages, with the hashes of the inline
/// scripts of the `index.html` it serves (read once, at start).
fn dashboard_csp(config: &Config) -> HeaderValue {
    let index_path = config.dist_dir.join("index.html");
    let index = std::fs::read_to_string(&index_path).unwrap_or_else(|error| {
        tracing::warn!(path = %index_path.display(), %error, "no dashboard index.html to hash for the CSP");
        String::new()
    });
    let csp = edge::headers::dashboard_csp(&index, &config.frame_ancestors);
    HeaderValue::from_str(&csp).unwrap_or_else(|_| {
        // Unreachable: the frame-ancestors setting is checked to be header-safe when parsed.
        HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'")
    })
}
