//! Why the simulator could not run. A server that refuses requests is not one of them: that is
//! what the simulator is for, and the summary counts it.

use super::options::Scenario;

/// The simulator could not run (or finish) its plan.
#[derive(Debug, thiserror::Error)]
pub enum SimulateError {
    /// `--url` is not an http(s) URL.
    #[error("--url {0:?} is not an http:// or https:// URL")]
    BadUrl(String),
    /// No SCIM token was given.
    #[error("--scim-token (or SSD_SCIM_TOKEN) is required")]
    NeedsScimToken,
    /// The scenario sets the stage through the admin API and no admin token was given.
    #[error(
        "the {0} scenario sets the stage as an admin would (seat limit, SCIM on/off, invites, \
         deleting a group in the project): pass --admin-token (or SSD_ADMIN_TOKEN)"
    )]
    NeedsAdminToken(Scenario),
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    /// A request got no answer (connection refused, reset, timed out).
    #[error("{request}: no answer from the server: {message}")]
    Transport {
        /// Method and URL.
        request: String,
        /// The error and its causes.
        message: String,
    },
    /// The admin API refused a step that sets the stage.
    #[error("admin step \"{step}\" failed: HTTP {status}: {message}")]
    Admin {
        /// The step in words.
        step: String,
        /// The HTTP status.
        status: u16,
        /// The API's message.
        message: String,
    },
    /// A worker task ended abnormally.
    #[error("a worker stopped: {0}")]
    Worker(String),
}

/// An error and its causes, `: `-separated (reqwest's own message omits the cause).
pub fn with_causes(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}
