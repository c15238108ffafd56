//! `/api/v1/groups`: SCIM groups with their sync state, detail (the capacity rule's input),
//! deletion inside the project (a tombstone), and their timeline.

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::{Extension, Json};
use scim_sync_core::api::{EventSummary, GroupDetail, GroupSummary, GroupSyncState};
use scim_sync_core::audit::AdminAction;
use serde::Deserialize;

use super::auth::Admin;
use super::error::AdminError;
use super::page::bad_request;
use crate::rules::groups::{self as group_rules, GroupWriteError};
use crate::store::ProjectDb;
use crate::store::audit::Actor;
use crate::store::groups::{self, GroupRow, GroupState};
use crate::store::{self, rfc3339};

/// `?state=`.
#[derive(Debug, Deserialize)]
pub struct GroupsQuery {
    state: Option<String>,
}

/// Every group, newest first, optionally only one sync state.
pub async fn list(
    db: ProjectDb,
    Query(query): Query<GroupsQuery>,
) -> Result<Json<Vec<GroupSummary>>, AdminError> {
    let wanted = match query.state.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => Some(parse_state(code)?),
    };
    let stored = match wanted {
        Some(GroupSyncState::DeletedInProject) => Some(GroupState::DeletedInProject),
        Some(GroupSyncState::DeletedWhileScimDisabled) => {
            Some(GroupState::DeletedWhileScimDisabled)
        }
        Some(GroupSyncState::Synced | GroupSyncState::Failed) => Some(GroupState::Active),
        None => None,
    };
    let rows = groups::overview(&db, stored).await?;
    Ok(Json(
        rows.iter()
            .map(summary)
            .filter(|g| wanted.is_none_or(|w| g.state == w))
            .collect(),
    ))
}

/// One group with its members' states.
pub async fn get(db: ProjectDb, Path(id): Path<String>) -> Result<Json<GroupDetail>, AdminError> {
    let row = groups::overview(&db, None)
        .await?
        .into_iter()
        .find(|r| r.group.id == id)
        .ok_or_else(|| AdminError::not_found(format!("No group {id}.")))?;
    let mut tx = db.begin_read().await?;
    let resolved = crate::rules::repush::resolve(&mut tx, db.id(), &row.group).await?;
    Ok(Json(GroupDetail {
        summary: summary(&row),
        members: resolved.members,
    }))
}

/// Deletes a group inside the project, as an admin can in the platform: it becomes a tombstone.
pub async fn delete(
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    Path(id): Path<String>,
) -> Result<StatusCode, AdminError> {
    let actor = Actor {
        name: &admin.0,
        action: AdminAction::DeleteGroup,
    };
    group_rules::delete_in_project(&db, &id, actor, |group, tombstone| {
        format!(
            "deleted group {:?} ({id}) in the project ({})",
            group.display_name,
            tombstone.code()
        )
    })
    .await
    .map_err(|e| match e {
        GroupWriteError::Deleted => bad_request("The group is already deleted in the project."),
        GroupWriteError::Store(e) => e.into(),
        _ => AdminError::not_found(format!("No group {id}.")),
    })?;
    Ok(StatusCode::NO_CONTENT)
}

/// The requests about a group, newest first.
pub async fn timeline(
    db: ProjectDb,
    Path(id): Path<String>,
) -> Result<Json<Vec<EventSummary>>, AdminError> {
    Ok(Json(store::events::timeline(&db, &id, 200).await?))
}

fn parse_state(code: &str) -> Result<GroupSyncState, AdminError> {
    serde_json::from_value(serde_json::Value::String(code.to_owned()))
        .map_err(|_| bad_request(format!("{code:?} is not a group sync state.")))
}

fn summary(row: &GroupRow) -> GroupSummary {
    let state = match row.group.state {
        GroupState::DeletedInProject => GroupSyncState::DeletedInProject,
        GroupState::DeletedWhileScimDisabled => GroupSyncState::DeletedWhileScimDisabled,
        GroupState::Active if row.has_unlinked => GroupSyncState::Failed,
        GroupState::Active => GroupSyncState::Synced,
    };
    GroupSummary {
        id: row.group.id.clone(),
        display_name: row.group.display_name.clone(),
        external_id: row.group.external_id.clone(),
        state,
        member_count: row.member_count,
        pushed_member_count: row.pushed_member_count,
        last_push_at: row.last_push_at.map(rfc3339),
    }
}
