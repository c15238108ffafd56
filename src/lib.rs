//! The SCIM Sync Dashboard: a Leptos (CSR) single-page app.
//!
//! Reading order: [`config`] (where it mounts, what the host page configured) → [`route`] and
//! [`router`] (every view is a URL; filters live in its [`query`]) → [`api`] (the only place
//! that talks HTTP, including the live stream) → [`app`] (the shell and the session, see
//! [`session`] and [`live_feed`]) → [`pages`] → [`components`] (one per file) → the plain-Rust
//! logic they use, tested on its own: [`filters`], [`window`] (the windowed table), [`trend`]
//! (the failure chart), [`repush`] (the re-push plan's wording), [`setup`] (SCIM setup's warnings and wording), [`live`] (backoff, rate, announcements), [`json_pretty`], [`time`],
//! [`format`].
//!
//! # Idiom first, then bytes: the size decisions
//!
//! The first load (brotli 11 of `dist/*.wasm` + `dist/*.js`, `make size-check`) must stay
//! within 190,000 B. Inside it the dashboard uses Leptos and the browser platform as their docs
//! do, and departs only where the idiomatic variant, built and measured, costs at least 5 KB
//! more. Measured on one build each (`trunk build --release && node scripts/size-check.mjs dist
//! 190000`), against the first load it replaced:
//!
//! | departure | idiomatic variant built | first load, brotli | decision |
//! |---|---|---|---|
//! | [`router`], [`route`] | `leptos_router` `<Router>`/`<Routes>`/`<Route>` for every page | +36,653 B | kept |
//! | [`html`] builders | `view!` for the runs table (1 of about 45 markup builders) | +2,292 B for that one | kept |
//! | [`read`] | a typed `LocalResource` + `Memo` per read type; + a typed `Action` per write | +4,068 B; +8,106 B | kept |
//! | the wire reader (`scim_sync_core::wire`) | serde `Deserialize` + `serde_json`; `serde-wasm-bindgen` over `JSON.parse` | +33,932 B; +28,321 B | kept |
//! | `format::thousands` | `Intl.NumberFormat` | +267 B | idiom ([`format`]) |
//! | own query encoding | `URLSearchParams`, `encodeURIComponent` | −685 B | idiom ([`query`]) |
//! | [`json_pretty`] | `JSON.stringify(JSON.parse(body), null, 2)` | −86 B | kept for correctness |
//! | [`time`] (earlier) | `Intl.DateTimeFormat` | +1.5 KB | idiom |
//!
//! A new departure is added to this table with its figure, and its module doc says why.

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
