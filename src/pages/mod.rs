//! The dashboard's pages, one per URL (see [`crate::shell::route`]).

pub mod activity;
pub mod failure_detail;
pub mod failures;
pub mod group;
pub mod groups;
pub mod not_found;
pub mod overview;
pub mod people;
pub mod run_detail;
pub mod runs;
pub mod scim_setup;
pub mod settings;
pub mod webhooks;
