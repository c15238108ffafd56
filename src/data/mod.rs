//! The data layer: everything that talks to the server, and the signals it becomes. [`api`]
//! is the only place that touches gloo-net (the admin API's paths, requests and errors, and the
//! live stream's `EventSource`); [`read`] makes reads and writes signals; [`live_feed`] turns
//! the stream into signals every page reads; [`failure_list`] is the failures page's paged list.
//!
//! A new API call: its path in [`api::paths`] (a constant or a function building the query),
//! its wire type in `scim_sync_core::api` with its reader in `scim_sync_core::wire`, and a
//! [`read::Read`] or [`read::Write`] of that type in the page that needs it.

pub mod api;
pub mod failure_list;
pub mod live_feed;
pub mod read;
