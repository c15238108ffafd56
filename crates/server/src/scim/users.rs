//! `/Users`: Users (team accounts, one seat each while active) and Readers.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use serde_json::Value;

use super::error::ScimError;
use super::gate::{ScimBase, Target};
use super::json::{Precondition, ScimJson, ScimResponse, precondition};
use super::resource::{render_user, user_location};
use super::user_body;
use crate::domain::identity::IdentityDraft;
use crate::state::AppState;
use crate::store::identities::{self, Identity, WriteError};

/// `POST /Users`: a User (`isTeamAccount` true) takes a seat if one is free; a Reader never
/// does. A project-native identity with the same userName or email is adopted.
pub async fn create(
    State(state): State<AppState>,
    Extension(base): Extension<ScimBase>,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let draft = user_body::parse(&body)?;
    let new_id = uuid::Uuid::new_v4().to_string();
    let stored = user_body::resource_to_store(&body);
    let created = identities::create_scim(&state.db, &new_id, &draft, &stored)
        .await
        .map_err(|e| refused_draft(e, &draft))?;
    let identity = created.identity;
    Ok(ScimResponse::created(
        render_user(&identity, &base),
        user_location(&base, &identity.id),
    )
    .with_version(identity.version)
    .about(target(&identity)))
}

/// `GET /Users/{id}`, answering 304 when `If-None-Match` names the current version.
pub async fn get(
    State(state): State<AppState>,
    Extension(base): Extension<ScimBase>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<ScimResponse, ScimError> {
    let identity = load(&state, &id).await?;
    let if_none_match = precondition(&headers, header::IF_NONE_MATCH);
    if if_none_match != Precondition::None && if_none_match.matches(identity.version) {
        return Ok(ScimResponse::not_modified(identity.version).about(target(&identity)));
    }
    Ok(ScimResponse::ok(render_user(&identity, &base))
        .with_version(identity.version)
        .about(target(&identity)))
}

/// `PUT /Users/{id}`: replaces the attributes (Okta's profile updates).
pub async fn replace(
    State(state): State<AppState>,
    Extension(base): Extension<ScimBase>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let draft = user_body::parse(&body)?;
    let stored = user_body::resource_to_store(&body);
    save(&state, &base, &id, &headers, &draft, &stored).await
}

/// `DELETE /Users/{id}`.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<ScimResponse, ScimError> {
    let if_match = if_match_version(&state, &id, &headers).await?;
    identities::delete(&state.db, &id, if_match)
        .await
        .map_err(|e| refused(e, &id, None))?;
    Ok(ScimResponse::no_content().about(Target {
        id: Some(id),
        ..Target::default()
    }))
}

/// Stores a new version of a User after PUT or PATCH.
pub async fn save(
    state: &AppState,
    base: &ScimBase,
    id: &str,
    headers: &HeaderMap,
    draft: &IdentityDraft,
    stored: &Value,
) -> Result<ScimResponse, ScimError> {
    let if_match = if_match_version(state, id, headers).await?;
    let identity = identities::replace_scim(&state.db, id, draft, stored, if_match)
        .await
        .map_err(|e| refused_draft(e, draft))?;
    Ok(ScimResponse::ok(render_user(&identity, base))
        .with_version(identity.version)
        .about(target(&identity)))
}

/// The identity, or 404.
pub async fn load(state: &AppState, id: &str) -> Result<Identity, ScimError> {
    identities::get(&state.db, id)
        .await?
        .ok_or_else(|| ScimError::not_found(format!("No User with id {id:?}.")))
}

/// The version `If-Match` requires: `None` when absent or `*`; a tag that names no version of
/// ours is checked against the current one and fails with 412.
async fn if_match_version(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
) -> Result<Option<i64>, ScimError> {
    match precondition(headers, header::IF_MATCH) {
        Precondition::None | Precondition::Any => Ok(None),
        condition => {
            let current = load(state, id).await?;
            if condition.matches(current.version) {
                Ok(Some(current.version))
            } else {
                Err(ScimError::precondition_failed())
            }
        }
    }
}

/// What the event records about the identity.
pub fn target(identity: &Identity) -> Target {
    Target {
        id: Some(identity.id.clone()),
        external_id: identity.external_id.clone(),
        name: Some(identity.user_name.clone()),
    }
}

/// The SCIM error for a refused write of the identity named `user_name` / `email`.
fn refused(error: WriteError, user_name: &str, email: Option<&str>) -> ScimError {
    match error {
        WriteError::Duplicate => ScimError::duplicate_user(format!(
            "A SCIM-managed identity with userName {user_name:?} or the same primary email \
             already exists."
        )),
        WriteError::UserAlreadyExists => ScimError::user_already_exists(email.unwrap_or(user_name)),
        WriteError::NoSeat { limit } => ScimError::licence_limit(limit),
        WriteError::NotFound => ScimError::not_found(format!("No User {user_name:?}.")),
        WriteError::VersionMismatch => ScimError::precondition_failed(),
        WriteError::Store(e) => e.into(),
    }
}

fn refused_draft(error: WriteError, draft: &IdentityDraft) -> ScimError {
    refused(
        error,
        draft.user_name.as_str(),
        draft.email.as_ref().map(|e| e.as_str()),
    )
}
