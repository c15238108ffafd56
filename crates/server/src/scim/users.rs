//! `/Users`: create and read Users and Readers.

use axum::Extension;
use axum::extract::{Path, State};
use serde_json::Value;

use super::error::ScimError;
use super::gate::{ScimBase, Target};
use super::json::{ScimJson, ScimResponse};
use super::resource::{render_user, user_location};
use super::user_body;
use crate::state::AppState;
use crate::store::identities::{self, CreateError};

/// `POST /Users`: a User (`isTeamAccount` true) takes a seat if one is free; a Reader never does.
pub async fn create(
    State(state): State<AppState>,
    Extension(base): Extension<ScimBase>,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let draft = user_body::parse(&body)?;
    let id = uuid::Uuid::new_v4().to_string();
    let stored = user_body::resource_to_store(&body);
    let identity = identities::create_scim(&state.db, &id, &draft, &stored)
        .await
        .map_err(|error| match error {
            CreateError::Duplicate => ScimError::duplicate_user(format!(
                "A SCIM-managed identity with userName {:?} or the same primary email already exists.",
                draft.user_name.as_str()
            )),
            CreateError::NoSeat { limit } => ScimError::licence_limit(limit),
            CreateError::Store(e) => e.into(),
        })?;
    Ok(
        ScimResponse::created(render_user(&identity, &base), user_location(&base, &id))
            .with_version(identity.version)
            .about(Target {
                id: Some(id),
                external_id: draft.external_id,
                name: Some(draft.user_name.as_str().to_owned()),
            }),
    )
}

/// `GET /Users/{id}`.
pub async fn get(
    State(state): State<AppState>,
    Extension(base): Extension<ScimBase>,
    Path(id): Path<String>,
) -> Result<ScimResponse, ScimError> {
    let identity = identities::get(&state.db, &id)
        .await?
        .ok_or_else(|| ScimError::not_found(format!("No User with id {id:?}.")))?;
    let name = identity
        .resource
        .get("userName")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(ScimResponse::ok(render_user(&identity, &base))
        .with_version(identity.version)
        .about(Target {
            id: Some(identity.id),
            external_id: None,
            name,
        }))
}
