//! The admin API (`/api/v1`): the types the dashboard sends and receives, and its one error shape.

use serde::{Deserialize, Serialize};

use crate::capacity::{GroupMembers, RepushMode, RepushPlan};
use crate::category::FailureCategory;
use crate::health::ConnectionHealth;
use crate::idp::Idp;
use crate::remedy::Explanation;
use crate::seats::SeatUsage;

/// The path prefix of the admin API.
pub const API_PREFIX: &str = "/api/v1";

/// What went wrong, as a stable machine code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorCode {
    /// Missing, wrong or expired admin token.
    Unauthorized,
    /// Signed in, but the request lacks what it needs (a state-changing request without the
    /// session's CSRF token).
    Forbidden,
    /// The request is malformed.
    BadRequest,
    /// No such resource.
    NotFound,
    /// The request conflicts with the current state.
    Conflict,
    /// The licence has too few seats for what was asked.
    LicenceLimit,
    /// A fault on the server's side; the message carries the request id, not the cause.
    Internal,
}

/// The body of every non-2xx admin API answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// Machine-readable kind of error.
    pub code: ApiErrorCode,
    /// A sentence an admin can read.
    pub message: String,
    /// For a re-push refused for lack of seats: the plan as the server computed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<RepushPlan>,
}

impl ApiError {
    /// An error with the given code and message.
    pub fn new(code: ApiErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            plan: None,
        }
    }
}

/// Where a sync run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Requests are still arriving (the last one came within the idle gap).
    Running,
    /// Finished with no failed request.
    Succeeded,
    /// Finished with one or more failed requests.
    Failed,
}

/// A failure category and how many requests of a run fell into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCount {
    /// The category.
    pub category: FailureCategory,
    /// Failed requests in it.
    pub count: u64,
}

/// A sync run: the requests of one IdP connection with no idle gap longer than the configured one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// The run's id.
    pub id: i64,
    /// The IdP connection (the SCIM token's name).
    pub connection: String,
    /// The IdP, as recognised from the requests' User-Agent.
    pub idp: Idp,
    /// Running, succeeded or failed.
    pub status: RunStatus,
    /// First request, RFC 3339.
    pub started_at: String,
    /// Latest request, RFC 3339.
    pub last_event_at: String,
    /// Requests received.
    pub requests: u64,
    /// Requests that failed.
    pub failures: u64,
    /// Failed requests per category, most frequent first.
    pub failures_by_category: Vec<CategoryCount>,
    /// From the first to the latest request, in milliseconds.
    pub duration_ms: u64,
}

impl RunSummary {
    /// Requests per minute over the run so far (all requests when it lasted under a second).
    pub fn requests_per_minute(&self) -> f64 {
        if self.duration_ms < 1000 {
            return self.requests as f64;
        }
        self.requests as f64 * 60_000.0 / self.duration_ms as f64
    }
}

/// `GET /api/v1/status`: what the overview shows at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    /// Whether the project accepts SCIM requests.
    pub scim_enabled: bool,
    /// Licence seats: limit and used.
    pub seats: SeatUsage,
    /// Active and inactive Readers (they take no seat).
    pub readers: u64,
    /// The most recent sync run, if any request was ever received.
    pub last_run: Option<RunSummary>,
    /// While that run is running: the milliseconds until it ends if no request comes (what
    /// is left of the idle gap, by the server's clock). The live stream announces the end; a
    /// page that shows the run re-reads then too, as a message can be lost.
    pub last_run_ends_in_ms: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_error_serializes_as_code_and_message() {
        let error = ApiError::new(ApiErrorCode::Unauthorized, "Sign in again.");
        let json = serde_json::to_value(&error).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"code": "unauthorized", "message": "Sign in again."})
        );
    }

    #[test]
    fn a_status_without_runs_has_a_null_last_run() {
        let status = Status {
            scim_enabled: true,
            seats: SeatUsage { limit: 10, used: 2 },
            readers: 5,
            last_run: None,
            last_run_ends_in_ms: None,
        };
        let json = serde_json::to_value(&status).unwrap_or_default();
        assert_eq!(json["last_run"], serde_json::Value::Null);
        assert_eq!(json["seats"]["limit"], 10);
    }
}

/// User (team account, one seat while active) or Reader (no seat).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    /// A team account.
    User,
    /// A reader.
    Reader,
}

impl IdentityKind {
    /// `isTeamAccount` true is a User; false or absent is a Reader.
    pub fn from_team_account(is_team_account: bool) -> IdentityKind {
        if is_team_account {
            IdentityKind::User
        } else {
            IdentityKind::Reader
        }
    }

    /// The stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            IdentityKind::User => "user",
            IdentityKind::Reader => "reader",
        }
    }

    /// Parses the stable code (anything else reads as a Reader).
    pub fn from_code(code: &str) -> IdentityKind {
        if code == "user" {
            IdentityKind::User
        } else {
            IdentityKind::Reader
        }
    }
}

/// Who created an identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityOrigin {
    /// Provisioned by an IdP over SCIM.
    Scim,
    /// Invited inside the project by an admin.
    Project,
}

impl IdentityOrigin {
    /// The stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            IdentityOrigin::Scim => "scim",
            IdentityOrigin::Project => "project",
        }
    }

    /// Parses the stable code (anything else reads as SCIM-managed).
    pub fn from_code(code: &str) -> IdentityOrigin {
        if code == "project" {
            IdentityOrigin::Project
        } else {
            IdentityOrigin::Scim
        }
    }
}

/// A User or Reader as the People page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentitySummary {
    /// The SCIM id.
    pub id: String,
    /// The login name.
    pub user_name: String,
    /// The primary email.
    pub email: Option<String>,
    /// The name to show.
    pub display_name: Option<String>,
    /// User or Reader.
    pub kind: IdentityKind,
    /// Whether it may sign in.
    pub active: bool,
    /// SCIM-managed or project-native.
    pub origin: IdentityOrigin,
}

/// `POST /api/v1/identities`: invite a project-native User or Reader by email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteRequest {
    /// The email (also the userName).
    pub email: String,
    /// The name to show.
    #[serde(default)]
    pub display_name: Option<String>,
    /// User or Reader.
    pub kind: IdentityKind,
}

/// `GET`/`PUT /api/v1/settings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Whether SCIM requests are accepted.
    pub scim_enabled: bool,
    /// Licence seats for Users.
    pub seat_limit: u32,
}

/// `PUT /api/v1/settings`: the fields to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SettingsUpdate {
    /// Turn SCIM on or off.
    #[serde(default)]
    pub scim_enabled: Option<bool>,
    /// A new seat limit (may be below current usage: no new seat is then given).
    #[serde(default)]
    pub seat_limit: Option<u32>,
}

/// A page of a keyset-paginated list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
    /// How many items match in all; given on the first page only (no `cursor`).
    #[serde(default)]
    pub total: Option<u64>,
}

/// One recorded SCIM request, as lists and timelines show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSummary {
    /// The event's id.
    pub id: i64,
    /// The run it belongs to.
    pub run_id: i64,
    /// When it arrived, RFC 3339.
    pub occurred_at: String,
    /// The IdP that sent it.
    pub idp: Idp,
    /// The IdP connection (SCIM token name).
    pub connection: String,
    /// HTTP method.
    pub method: String,
    /// Path and query.
    pub path: String,
    /// `User`, `Group`, or none.
    pub resource_type: Option<String>,
    /// The SCIM id of the object, when known.
    pub target_id: Option<String>,
    /// The IdP's externalId, when known.
    pub target_external_id: Option<String>,
    /// userName (Users) or displayName (Groups), when known.
    pub target_name: Option<String>,
    /// HTTP status answered.
    pub status: u16,
    /// The SCIM `scimType`, for errors that have one.
    pub scim_type: Option<String>,
    /// The failure category; `None` for a success.
    pub category: Option<FailureCategory>,
    /// The error detail sent to the IdP.
    pub detail: Option<String>,
    /// The event this one retried, if it is a retry.
    pub retry_of: Option<i64>,
}

/// `GET /api/v1/events/{id}`: one request in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDetail {
    /// What lists show.
    pub summary: EventSummary,
    /// The client's User-Agent.
    pub user_agent: Option<String>,
    /// The request body with secrets removed (`password` attributes and PATCH values of the
    /// password); `None` once pruned by retention or for bodiless requests.
    pub request_body: Option<String>,
    /// Our request id (the `X-Request-Id` the IdP received).
    pub request_id: String,
    /// Retries of this request, oldest first.
    pub retries: Vec<EventSummary>,
    /// For a failure: its category explained, with the remedy in the words of the IdP that
    /// sent the request ([`crate::remedy::explain`]). Sent rather than computed in the browser,
    /// so the remedy texts of every category and IdP stay out of the dashboard's wasm.
    pub explanation: Option<Explanation>,
}

/// The filters of `GET /api/v1/failures` (and its CSV export), all optional, as query
/// parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FailureFilter {
    /// Only this run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<i64>,
    /// Only this category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<FailureCategory>,
    /// Only this IdP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idp: Option<Idp>,
    /// Only `User` or `Group`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// Not before this time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Before this time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Text in the userName / email / displayName (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

/// A group's sync state as the Groups page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupSyncState {
    /// Live, and its last push linked every member.
    Synced,
    /// Live, but its last push could not link some members.
    Failed,
    /// Deleted by an admin inside the project (the IdP's next PATCH gets 404).
    DeletedInProject,
    /// Deleted inside the project while SCIM was off; not restored by turning SCIM on.
    DeletedWhileScimDisabled,
}

/// A SCIM group as the Groups page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    /// The SCIM id (kept by a re-push).
    pub id: String,
    /// The name.
    pub display_name: String,
    /// The IdP's id.
    pub external_id: Option<String>,
    /// Sync state.
    pub state: GroupSyncState,
    /// Members linked now.
    pub member_count: u64,
    /// Members in the IdP's last push.
    pub pushed_member_count: u64,
    /// When the IdP last wrote to the group, RFC 3339.
    pub last_push_at: Option<String>,
}

/// An admin action, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// The entry's id.
    pub id: i64,
    /// When, RFC 3339.
    pub at: String,
    /// Who (the admin token's name).
    pub actor: String,
    /// What kind of action: an [`crate::audit::AdminAction`]'s code (a code this build does
    /// not know is shown as sent).
    pub action: String,
    /// What it changed, in words.
    pub summary: String,
}

/// `GET /api/v1/groups/{id}`: a group, its members' states (the input of the capacity rule)
/// and its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDetail {
    /// What the list shows.
    pub summary: GroupSummary,
    /// The IdP's last pushed member list, each member with its state in the project.
    pub members: GroupMembers,
}

/// `POST /api/v1/repush`: re-push these groups from the project side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepushRequest {
    /// The groups' SCIM ids.
    pub group_ids: Vec<String>,
    /// As pushed, or every failed member as a Reader.
    #[serde(default)]
    pub mode: RepushMode,
}

/// What a re-push did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepushOutcome {
    /// The plan it carried out.
    pub plan: RepushPlan,
    /// Groups restored under their own id (they had been deleted in the project).
    pub restored: Vec<String>,
}

/// `POST /api/v1/events/{id}/retry`: the new event the retry recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryOutcome {
    /// The retry, linked to the original by `retry_of`.
    pub event: EventSummary,
}

/// What the live stream (`GET /api/v1/stream`, server-sent events) sends; the SSE event name
/// is the variant's snake_case name and the data is this value as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StreamMessage {
    /// A SCIM request was recorded.
    SyncEvent {
        /// The event.
        event: EventSummary,
    },
    /// A run started, progressed or ended.
    Run {
        /// The run now.
        run: RunSummary,
    },
    /// A connection's health changed (judged by the server's watcher).
    Health {
        /// The connection's health now.
        connection: ConnectionHealth,
    },
    /// A re-push progressed.
    RepushProgress {
        /// Members handled so far.
        done: u32,
        /// Members to handle in all.
        total: u32,
    },
    /// An admin action was audited (the Activity page reads its list again).
    Activity,
}

impl StreamMessage {
    /// Every SSE event name the stream sends, one per variant ([`StreamMessage::event_name`]).
    pub const EVENT_NAMES: [&'static str; 5] =
        ["sync_event", "run", "health", "repush_progress", "activity"];

    /// The SSE event name this message is sent under: its `type` tag.
    pub fn event_name(&self) -> &'static str {
        let index = match self {
            StreamMessage::SyncEvent { .. } => 0,
            StreamMessage::Run { .. } => 1,
            StreamMessage::Health { .. } => 2,
            StreamMessage::RepushProgress { .. } => 3,
            StreamMessage::Activity => 4,
        };
        Self::EVENT_NAMES[index]
    }
}

/// `POST /api/v1/sessions`: sign in with an admin token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRequest {
    /// The admin token.
    pub token: String,
}

/// A signed-in admin's session (`POST /api/v1/sessions`, `GET /api/v1/session`). The session itself travels in
/// an HttpOnly cookie the page cannot read; state-changing requests echo `csrf_token` in the
/// `X-CSRF-Token` header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// The project.
    pub project_id: i64,
    /// Its name.
    pub project_name: String,
    /// Who signed in (the admin token's name).
    pub actor: String,
    /// What state-changing requests send in `X-CSRF-Token`; none for a bearer session.
    pub csrf_token: Option<String>,
    /// RFC 3339.
    pub expires_at: String,
}

/// `POST /api/v1/stream/ticket`: a short-lived, single-use ticket for `GET /api/v1/stream?ticket=…`
/// (an `EventSource` cannot send the admin token as a header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamTicket {
    /// Valid for one connection within a minute.
    pub ticket: String,
}
