//! The SCIM Sync Dashboard: a Leptos (CSR) single-page app.
//!
//! Reading order: [`config`] (where it mounts, what the host page configured) → [`route`] and
//! [`router`] (every view is a URL; filters live in its [`query`]) → [`api`] (the only place
//! that talks HTTP, including the live stream) → [`app`] (the shell and the session, see
//! [`session`] and [`live_feed`]) → [`pages`] → [`components`] (one per file) → the plain-Rust
//! logic they use, tested on its own: [`filters`], [`window`] (the windowed table), [`trend`]
//! (the failure chart), [`repush`] (the re-push plan's wording), [`setup`] (SCIM setup's warnings and wording), [`live`] (backoff, rate, announcements), [`json_pretty`], [`time`],
//! [`format`].

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod dom;
pub mod filters;
pub mod format;
pub mod html;
pub mod json_pretty;
pub mod live;
pub mod live_feed;
pub mod pages;
pub mod query;
pub mod read;
pub mod repush;
pub mod route;
pub mod router;
pub mod session;
pub mod setup;
pub mod time;
pub mod trend;
pub mod window;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the dashboard into its host element (see [`config::HOST_ID`]), or into `<body>`.
pub fn start() {
    // Panic messages in the console while developing; release builds skip the formatting code.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let config = config::DashboardConfig::from_host();
    match config::host_element() {
        Some(host) => {
            leptos::mount::mount_to(host, move || app::App(app::AppProps { config })).forget()
        }
        None => leptos::mount::mount_to_body(move || app::App(app::AppProps { config })),
    }
}
