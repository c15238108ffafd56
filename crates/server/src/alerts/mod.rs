//! Alerts: telling the admin before the IdP gives up.
//!
//! - a connection's health is judged by [`scim_sync_core::health::assess`] from its recent
//!   requests ([`health`]), and a change of state becomes a webhook event;
//! - webhooks tell the project's own systems when a run ends failed, a connection's health
//!   changes or a re-push completes: each delivery is signed ([`signing`]), goes only to an
//!   allowed destination ([`destination`]), is attempted once at a time ([`delivery`]) and
//!   retried on a bounded schedule ([`retry`]) by the loop that drains the database's queue
//!   ([`queue`]).

pub mod delivery;
pub mod destination;
pub mod events;
pub mod health;
pub mod queue;
pub mod retry;
pub mod signing;
