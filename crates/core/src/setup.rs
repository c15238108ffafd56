//! SCIM setup and the operator's API: a project's IdP connections and their SCIM tokens as the
//! dashboard's SCIM setup page shows them, and the projects the operator (the platform)
//! creates. A token in clear appears only in the answer that created it.

use serde::{Deserialize, Serialize};

/// One of a connection's SCIM tokens, without the token itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenSummary {
    /// Its id.
    pub id: i64,
    /// Its name ("first token", "rotated 2026-12").
    pub name: String,
    /// Its first characters, to tell tokens apart; none for tokens older than the prefix.
    pub prefix: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339, at most a minute stale; none if never used.
    pub last_used_at: Option<String>,
    /// RFC 3339; none while the token is valid.
    pub revoked_at: Option<String>,
}

/// An IdP connection ("Okta production") with its tokens, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionSummary {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// RFC 3339.
    pub created_at: String,
    /// Its SCIM tokens, revoked ones included.
    pub tokens: Vec<TokenSummary>,
    /// Whether the last request with one of its tokens failed authentication.
    pub last_request_refused: bool,
}

/// `POST /api/v1/connections`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewConnectionRequest {
    /// The connection's name.
    pub name: String,
}

/// `POST /api/v1/connections/{id}/tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTokenRequest {
    /// The token's name.
    pub name: String,
}

/// A SCIM token just generated: shown once, never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedToken {
    /// Its connection.
    pub connection_id: i64,
    /// The token as listed from now on.
    pub summary: TokenSummary,
    /// The token in clear, to paste into the IdP.
    pub token: String,
}

/// `POST /api/v1/operator/projects`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProjectRequest {
    /// The project's name.
    pub name: String,
    /// Licence seats for Users (default 25).
    #[serde(default)]
    pub seat_limit: Option<u32>,
}

/// A project as the operator lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSummary {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Licence seats for Users.
    pub seat_limit: u32,
    /// Whether SCIM requests are accepted.
    pub scim_enabled: bool,
    /// RFC 3339.
    pub created_at: String,
}

/// A project just created, with its first admin token (shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedProject {
    /// The project.
    pub project: ProjectSummary,
    /// Its first admin token in clear.
    pub admin_token: String,
}

/// `POST /api/v1/operator/projects/{id}/sessions`: a session for an admin the platform signed
/// in, for the embedded dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSessionRequest {
    /// Who the admin is, as the audit log names them.
    pub actor: String,
    /// Seconds it stays valid (60 to 3600; default 900).
    #[serde(default)]
    pub ttl_secs: Option<u32>,
}

/// A minted embedded session: the host hands `session` to the dashboard (`data-session`),
/// which sends it as a bearer token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbeddedSession {
    /// The session secret.
    pub session: String,
    /// RFC 3339.
    pub expires_at: String,
}
