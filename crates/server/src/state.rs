//! What every handler shares, and the project-scoped database handlers get from the
//! credential their request carried.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;

use crate::domain::project::{ConnectionId, Tenant};
use crate::domain::secret::TokenHash;
use crate::edge::limits::RateLimiter;
use crate::live::Hub;
use crate::scim::auth::LastUsed;
use crate::scim::refusals::Refusals;
use crate::store::recorder::Recorder;
use crate::store::{Db, ProjectDb};

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
    /// When SCIM tokens' "last used" was last written.
    pub last_used: LastUsed,
    /// Refused requests no project is known for, counted per source.
    pub refusals: Refusals,
    /// The SCIM rate per IdP connection (429 `tooMany` past it, recorded in its project).
    pub connection_rate: Arc<RateLimiter<ConnectionId>>,
    /// The hash of the operator's token, if the operator API is open.
    pub operator: Option<TokenHash>,
    /// Wakes the webhook delivery loop when an event was queued.
    pub webhooks: crate::alerts::queue::Wake,
    /// Where webhook endpoints may point.
    pub webhook_policy: crate::alerts::destination::Policy,
}

/// The database as the request's project sees it. Only the SCIM gate and the admin
/// authentication set the [`Tenant`], from the credential; a handler mounted behind neither
/// gets a 500 here rather than anybody's data.
impl FromRequestParts<AppState> for ProjectDb {
    type Rejection = StatusCode;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ProjectDb, StatusCode> {
        parts
            .extensions
            .get::<Tenant>()
            .map(|tenant| state.db.project(tenant.0))
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}
