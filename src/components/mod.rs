//! The dashboard's components, one per file.

pub mod error_panel;
pub mod last_run;
pub mod licence_meter;
pub mod overview;
pub mod sign_in;
