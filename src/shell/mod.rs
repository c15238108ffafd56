//! The shell: what holds the pages together. [`config`] (where the dashboard mounts and what
//! the host page configured), [`embed`] (the height it tells a page that frames it), [`app`] (the theme, sign-in and the session it resumes),
//! [`session`] (the signed-in client, shared through context), [`route`] and [`router`] (every
//! view is a URL), and [`signed_in`] (the menu and the page the URL names).
//!
//! A new page: a variant in [`route::Route`] (with its path both ways and a test), a file in
//! [`crate::pages`], and its arm in [`signed_in`]'s page match.

pub mod app;
pub mod config;
pub mod embed;
pub mod route;
pub mod router;
pub mod session;
pub mod signed_in;
