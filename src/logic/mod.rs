//! Pure logic: plain Rust with `#[test]`s, no signals and no requests. Components and pages
//! only wire signals to it. [`filters`] and [`query`] (the URL's filters), [`window`] (the
//! windowed table), [`trend`] (the failure chart), [`repush`] (the re-push plan's wording),
//! [`group_state`] (group and member states, words and codes), [`setup`] (SCIM setup's
//! warnings and wording), [`live`] (backoff, rate, announcements), [`order`] (a small stable sort), [`json_pretty`], [`time`],
//! [`format`].

pub mod filters;
pub mod format;
pub mod group_state;
pub mod json_pretty;
pub mod live;
pub mod order;
pub mod query;
pub mod repush;
pub mod setup;
pub mod time;
pub mod trend;
pub mod window;
