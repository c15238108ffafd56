//! The platform's rules, with no HTTP and no SQL in them.

pub mod identity;
pub mod project;
pub mod run;
pub mod secret;
