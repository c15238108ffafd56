//! Alerts: telling the admin before the IdP gives up.
//!
//! - a connection's health is judged by [`scim_sync_core::health::assess`] from its recent
//!   requests;
//! - webhooks tell the project's own systems when a run ends failed, a connection's health
//!   changes or a re-push completes: each delivery is signed ([`signing`]), goes only to an
//!   allowed destination ([`destination`]), is attempted once at a time ([`delivery`]) and
//!   retried on a bounded schedule ([`retry`]).

pub mod delivery;
pub mod destination;
pub mod retry;
pub mod signing;
