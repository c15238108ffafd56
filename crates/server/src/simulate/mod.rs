//! The IdP simulator (`scim-sync-server simulate`): realistic Okta- and Entra-dialect SCIM
//! traffic over HTTP, for demos, tests and load. It never touches the database: identities and
//! groups come only from SCIM requests, and the admin API only sets the stage as an admin would
//! (seat limit, SCIM on/off, project-native invites, deleting a group in the project).
//!
//! Reading order: [`options`] (the command line) → [`scenarios`] (the stories, made into a
//! [`plan::Plan`] from the seed alone) → [`people`] and [`dialect`] (who, and how each IdP
//! phrases it) → [`runner`] (plays the plan through [`client`], paced by [`rate`]) →
//! [`classify`] and [`report`] (what the server answered, the summary table).

pub mod classify;
pub mod client;
pub mod dialect;
pub mod error;
pub mod options;
pub mod people;
pub mod plan;
pub mod progress;
pub mod rate;
pub mod registry;
pub mod report;
pub mod runner;
pub mod scenarios;

pub use error::SimulateError;
pub use options::{DialectChoice, Options, Scenario};
pub use plan::Plan;
pub use report::Summary;
pub use runner::Outcome;
pub use scenarios::plan;

/// Makes the plan the options ask for and plays it against the server. `show_progress` draws a
/// progress bar on stderr when it is a terminal.
pub async fn run(options: &Options, show_progress: bool) -> Result<Outcome, SimulateError> {
    runner::play(plan(options), options, show_progress).await
}
