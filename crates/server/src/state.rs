//! What every handler shares.

use crate::live::Hub;
use crate::store::Db;
use crate::store::recorder::Recorder;

/// Shared by all handlers; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// A connection's run ends after this many milliseconds without a request.
    pub run_idle_gap_ms: i64,
    /// The live stream to the dashboards.
    pub hub: Hub,
    /// Where SCIM requests are recorded (group commit).
    pub recorder: Recorder,
}
