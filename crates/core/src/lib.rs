//! What the dashboard and the server share, compiled for both wasm32 and native.
//!
//! Reading order:
//! - [`scim`]: the SCIM schema URNs both sides name;
//! - [`category`]: the stable failure categories every failed sync request gets;
//! - [`idp`]: which identity provider sent a request;
//! - [`seats`]: the licence seat arithmetic;
//! - [`remedy`]: each failure category explained, with remedies in the words of each IdP and the
//!   dashboard action that fixes it on the project side;
//! - [`health`]: a connection's health (healthy, degraded, failing) from its recent requests,
//!   and why, in the words of its IdP;
//! - [`capacity`]: the re-push plan and whether it fits in the free seats, run by the dashboard
//!   before the admin confirms and by the server inside the re-push's transaction;
//! - [`audit`]: the admin actions the server audits, with their codes and labels;
//! - [`api`]: the admin API's request and response types and its one error shape;
//! - [`setup`]: IdP connections, SCIM tokens and projects (SCIM setup and the operator's API);
//! - [`webhooks`]: webhook endpoints, their deliveries and the event types they carry;
//! - [`wire`]: a small JSON reader for those types, which the dashboard decodes answers with
//!   (serde's deserializers cost the browser bundle too much).
//!
//! No tokio, axum or sqlx here: this crate must build for `wasm32-unknown-unknown`.

pub mod api;
pub mod audit;
pub mod capacity;
pub mod category;
pub mod health;
pub mod idp;
pub mod remedy;
pub mod scim;
pub mod seats;
pub mod setup;
pub mod webhooks;
pub mod wire;
