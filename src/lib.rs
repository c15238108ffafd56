//! The SCIM Sync Dashboard: a Leptos (CSR) single-page app.
//!
//! Layout by layer, in reading order:
//!
//! - [`shell`]: where it mounts ([`shell::config`]), the app and the session, the router and
//!   the routes. A new page is a [`shell::route::Route`] variant and a file in [`pages`].
//! - [`data`]: the only code that talks to the server ([`data::api`], the live stream), the
//!   reads and writes as signals, the live feed. A new API call starts in [`data::api::paths`].
//! - [`pages`]: one per URL; each wires the data layer to components and markup.
//! - [`components`]: `#[component]`s only, one per file; none imports a page.
//! - [`markup`]: the read-only markup builders (text, mounted by `Markup`).
//! - [`logic`]: plain Rust with tests: filters, query, time, formatting, the re-push plan.
//!
//! Uses point down this list: components, markup and logic never import a page; only the
//! shell mounts pages. The shell and the data layer know each other (the session holds the
//! API client).
//!
//! # Idiom first, then bytes: the size decisions
//!
//! The first load (brotli 11 of `dist/*.wasm` + `dist/*.js`, `make size-check`) must stay
//! within 195,500 B (190,000 B until the alerts pages, 195,000 B until the run-end re-read;
//! the Makefile says why). Inside it the dashboard uses Leptos and the browser platform as
//! their docs do, and departs only where the idiomatic variant, built and measured, costs at
//! least 5 KB more. Measured on one build each
//! (`trunk build --release && node scripts/size-check.mjs dist`), against the first load it
//! replaced:
//!
//! | departure | idiomatic variant built | first load, brotli | decision |
//! |---|---|---|---|
//! | [`shell::router`], [`shell::route`] | `leptos_router` `<Router>`/`<Routes>`/`<Route>` for every page | +36,653 B | kept |
//! | [`markup::html`] builders | `view!` for the runs table (1 of about 45 markup builders) | +2,292 B for that one | kept |
//! | [`data::read`] | a typed `LocalResource` + `Memo` per read type; + a typed `Action` per write | +4,068 B; +8,106 B | kept |
//! | the wire reader (`scim_sync_core::wire`) | serde `Deserialize` + `serde_json`; `serde-wasm-bindgen` over `JSON.parse` | +33,932 B; +28,321 B | kept |
//! | `format::thousands` | `Intl.NumberFormat` | +267 B | idiom ([`logic::format`]) |
//! | own query encoding | `URLSearchParams`, `encodeURIComponent` | −685 B | idiom ([`logic::query`]) |
//! | [`logic::json_pretty`] | `JSON.stringify(JSON.parse(body), null, 2)` | −86 B | kept for correctness |
//! | [`logic::time`] (earlier) | `Intl.DateTimeFormat` | +1.5 KB | idiom |
//! | short import names (`scripts/short-imports.mjs`, a Trunk hook) | wasm-bindgen's hashed import names | +4,575 B | kept |
//!
//! A new departure is added to this table with its figure, and its module doc says why.

pub mod components;
pub mod data;
pub mod logic;
pub mod markup;
pub mod pages;
pub mod shell;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the dashboard into its host element (see [`shell::config::HOST_ID`]), or into `<body>`.
pub fn start() {
    // Panic messages in the console while developing; release builds skip the formatting code.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let config = shell::config::DashboardConfig::from_host();
    match shell::config::host_element() {
        Some(host) => {
            shell::embed::report_height(&host);
            leptos::mount::mount_to(host, move || {
                shell::app::App(shell::app::AppProps { config })
            })
            .forget();
        }
        None => {
            leptos::mount::mount_to_body(move || shell::app::App(shell::app::AppProps { config }))
        }
    }
}
