//! Markup builders: the read-only parts of pages written as text by plain Rust ([`html`], and
//! why), mounted by [`crate::components::markup::Markup`]; and [`dom`], the delegated form
//! helpers. Nothing here is a component; each builder is a function of the data it shows,
//! tested on its markup.
//!
//! A new read-only piece (a table, a panel of facts) goes here as a function returning the
//! markup; something the admin acts on is a component in [`crate::components`].

pub mod category_badge;
pub mod copy_button;
pub mod dom;
pub mod event_timeline;
pub mod group_state_badge;
pub mod health_panel;
pub mod html;
pub mod last_run;
pub mod licence_meter;
pub mod remedy_panel;
pub mod retry_outcome;
pub mod run_progress;
pub mod runs_table;
pub mod shown_once;
pub mod sync_failed_banner;
pub mod when;
