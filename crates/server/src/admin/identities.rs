//! `/api/v1/identities`: invite project-native Users and Readers.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use scim_sync_core::api::{ApiError, ApiErrorCode, IdentitySummary, InviteRequest};

use super::error::AdminError;
use super::json::AdminJson;
use crate::domain::identity::{Email, IdentityDraft, UserName};
use crate::state::AppState;
use crate::store::identities::{self, Identity, WriteError};

/// Invites a project-native identity by email, as an admin does inside the project.
pub async fn invite(
    State(state): State<AppState>,
    AdminJson(invite): AdminJson<InviteRequest>,
) -> Result<(StatusCode, Json<IdentitySummary>), AdminError> {
    let bad = |e: crate::domain::identity::InvalidValue| {
        AdminError(ApiError::new(ApiErrorCode::BadRequest, e.to_string()))
    };
    let email = Email::parse(&invite.email).map_err(bad)?;
    let draft = IdentityDraft {
        user_name: UserName::parse(email.as_str()).map_err(bad)?,
        external_id: None,
        display_name: invite.display_name.clone(),
        email: Some(email.clone()),
        active: true,
        kind: invite.kind,
    };
    let resource = serde_json::json!({
        "userName": email.as_str(),
        "displayName": invite.display_name,
        "emails": [{"value": email.as_str(), "primary": true}],
    });
    let id = uuid::Uuid::new_v4().to_string();
    let identity = identities::create_project(&state.db, &id, &draft, &resource)
        .await
        .map_err(|error| match error {
            WriteError::NoSeat { limit } => AdminError(ApiError::new(
                ApiErrorCode::LicenceLimit,
                format!("All {limit} User seats are taken: free a seat or raise the limit, or invite a Reader."),
            )),
            WriteError::Duplicate | WriteError::UserAlreadyExists => AdminError(ApiError::new(
                ApiErrorCode::Conflict,
                format!("{} already belongs to someone in the project.", email.as_str()),
            )),
            WriteError::NotFound | WriteError::VersionMismatch => AdminError::internal(),
            WriteError::Store(e) => e.into(),
        })?;
    Ok((StatusCode::CREATED, Json(summary(&identity))))
}

/// The wire form of a stored identity.
pub fn summary(identity: &Identity) -> IdentitySummary {
    IdentitySummary {
        id: identity.id.clone(),
        user_name: identity.user_name.clone(),
        email: identity.email.clone(),
        display_name: identity.display_name.clone(),
        kind: identity.kind,
        active: identity.active,
        origin: identity.origin,
    }
}
