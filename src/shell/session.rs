//! The signed-in session, shared through context: the API client (whose admin token lives in
//! this page's memory only) and the way back to sign-in when the server refuses the token.

use leptos::prelude::*;

use crate::data::api::{ApiClient, ApiFailure};

/// The signed-in session: see [`use_session`].
#[derive(Debug, Clone)]
pub struct Session {
    /// The authenticated client.
    pub client: ApiClient,
    /// Ends the session because the server refused the token.
    pub expire: Callback<()>,
}

impl Session {
    /// Sends the admin back to sign-in if `failure` is a refused token; true if it was.
    pub fn check(&self, failure: &ApiFailure) -> bool {
        if failure.is_unauthorized() {
            let expire = self.expire;
            // Not while a view is being built: the session signal drives the whole page.
            queue_microtask(move || expire.run(()));
            true
        } else {
            false
        }
    }
}

/// The session of the signed-in part of the app.
pub fn use_session() -> Session {
    // Provided by the app (or the signed-in part) for every component under it; thrown, not
    // panicked, to skip the panic message's formatting code.
    use_context::<Session>().unwrap_or_else(|| wasm_bindgen::throw_str("no Session in context"))
}
