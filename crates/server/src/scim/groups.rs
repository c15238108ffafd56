//! `/Groups`: groups and their members. Linking needs the members provisioned; a group deleted
//! in the project answers 404 (`group_deleted_in_project`) until an admin re-pushes it.

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};

use super::error::ScimError;
use super::gate::{ScimBase, Target};
use super::group_body;
use super::json::{Precondition, ScimJson, ScimResponse, precondition};
use super::projection::Projection;
use super::resource::{group_location, render_group};
use crate::state::AppState;
use crate::store::groups::{self, Group, GroupDraft, GroupState, GroupWriteError};

/// `POST /Groups`.
pub async fn create(
    State(state): State<AppState>,
    Extension(base): Extension<ScimBase>,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let draft = group_body::parse(&body)?;
    let id = uuid::Uuid::new_v4().to_string();
    let group = groups::create(&state.db, &id, &draft)
        .await
        .map_err(|e| refused(e, &id))?;
    let members = groups::members(&state.db, &id).await?;
    Ok(ScimResponse::created(
        render_group(&group, Some(&members), &base),
        group_location(&base, &id),
    )
    .with_version(group.version)
    .about(target(&group)))
}

/// `GET /Groups/{id}`, with `attributes` / `excludedAttributes` (Entra excludes members).
pub async fn get(
    State(state): State<AppState>,
    Extension(base): Extension<ScimBase>,
    Path(id): Path<String>,
    Query(projection): Query<Projection>,
    headers: HeaderMap,
) -> Result<ScimResponse, ScimError> {
    let group = load_live(&state, &id).await?;
    let if_none_match = precondition(&headers, header::IF_NONE_MATCH);
    if if_none_match != Precondition::None && if_none_match.matches(group.version) {
        return Ok(ScimResponse::not_modified(group.version).about(target(&group)));
    }
    let body = render(&state, &group, &projection, &base).await?;
    Ok(ScimResponse::ok(body)
        .with_version(group.version)
        .about(target(&group)))
}

/// `PUT /Groups/{id}`: replaces the name and the member list.
pub async fn replace(
    State(state): State<AppState>,
    Extension(base): Extension<ScimBase>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let draft = group_body::parse(&body)?;
    save(&state, &base, &id, &headers, &draft).await
}

/// `DELETE /Groups/{id}`.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<ScimResponse, ScimError> {
    let group = load_live(&state, &id).await?;
    let if_match = if_match_version(&group, &headers)?;
    groups::delete(&state.db, &id, if_match)
        .await
        .map_err(|e| refused(e, &id))?;
    Ok(ScimResponse::no_content().about(target(&group)))
}

/// Stores a new version of a group after PUT or PATCH. When members cannot be linked, the
/// pushed member list is still recorded (for a re-push) and nothing else changes.
pub async fn save(
    state: &AppState,
    base: &ScimBase,
    id: &str,
    headers: &HeaderMap,
    draft: &GroupDraft,
) -> Result<ScimResponse, ScimError> {
    let current = load_live(state, id).await?;
    let if_match = if_match_version(&current, headers)?;
    let group = match groups::replace(&state.db, id, draft, if_match).await {
        Ok(group) => group,
        Err(GroupWriteError::MembersNotProvisioned(missing)) => {
            groups::record_pushed(&state.db, id, &draft.members).await?;
            return Err(ScimError::member_not_provisioned(&missing));
        }
        Err(e) => return Err(refused(e, id)),
    };
    let members = groups::members(&state.db, id).await?;
    Ok(ScimResponse::ok(render_group(&group, Some(&members), base))
        .with_version(group.version)
        .about(target(&group)))
}

/// A live group, or 404 (with the tombstone's own category for groups deleted in the project).
pub async fn load_live(state: &AppState, id: &str) -> Result<Group, ScimError> {
    match groups::get(&state.db, id).await? {
        Some(group) if group.state == GroupState::Active => Ok(group),
        Some(_) => Err(ScimError::group_deleted_in_project(id)),
        None => Err(ScimError::not_found(format!("No Group with id {id:?}."))),
    }
}

/// The group's representation as the projection asks, loading members only when shown.
pub async fn render(
    state: &AppState,
    group: &Group,
    projection: &Projection,
    base: &ScimBase,
) -> Result<serde_json::Value, ScimError> {
    let members = if projection.shows("members") {
        Some(groups::members(&state.db, &group.id).await?)
    } else {
        None
    };
    Ok(projection.apply(render_group(group, members.as_deref(), base)))
}

fn if_match_version(group: &Group, headers: &HeaderMap) -> Result<Option<i64>, ScimError> {
    match precondition(headers, header::IF_MATCH) {
        Precondition::None | Precondition::Any => Ok(None),
        condition if condition.matches(group.version) => Ok(Some(group.version)),
        _ => Err(ScimError::precondition_failed()),
    }
}

/// What the event records about the group.
pub fn target(group: &Group) -> Target {
    Target {
        id: Some(group.id.clone()),
        external_id: group.external_id.clone(),
        name: Some(group.display_name.clone()),
    }
}

fn refused(error: GroupWriteError, id: &str) -> ScimError {
    match error {
        GroupWriteError::Duplicate(name) => ScimError::duplicate_group(&name),
        GroupWriteError::MembersNotProvisioned(missing) => {
            ScimError::member_not_provisioned(&missing)
        }
        GroupWriteError::NotFound => ScimError::not_found(format!("No Group with id {id:?}.")),
        GroupWriteError::Deleted => ScimError::group_deleted_in_project(id),
        GroupWriteError::VersionMismatch => ScimError::precondition_failed(),
        GroupWriteError::Store(e) => e.into(),
    }
}
