//! The SCIM Sync Dashboard: a Leptos (CSR) single-page app.
//!
//! Reading order: [`config`] (where it mounts, what the host page configured) → [`api`] (the only
//! place that talks HTTP) → [`app`] (session and pages) → [`components`] (one per file) →
//! [`format`] (wording and numbers, plain Rust with tests).

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod format;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the dashboard into its host element (see [`config::HOST_ID`]), or into `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    let config = config::DashboardConfig::from_host();
    match config::host_element() {
        Some(host) => {
            leptos::mount::mount_to(host, move || app::App(app::AppProps { config })).forget()
        }
        None => leptos::mount::mount_to_body(move || app::App(app::AppProps { config })),
    }
}
