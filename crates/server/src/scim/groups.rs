//! `/Groups`: groups and their members. Linking needs the members provisioned; a group deleted
//! in the project answers 404 (`group_deleted_in_project`) until an admin re-pushes it.

use axum::Extension;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, header};

use super::error::ScimError;
use super::gate::{ScimBase, Target};
use super::json::{ScimJson, ScimResponse, not_modified, required_version, until_current};
use super::list::{ListParams, ListQuery, list_response, page_of};
use super::projection::Projection;
use super::resource::{group_location, render_group};
use super::{group_body, patch};
use crate::rules::groups::{self as group_rules, GroupWriteError};
use crate::store::ProjectDb;
use crate::store::groups::{self, Group, GroupDraft, GroupState, Lookup};

/// `POST /Groups`.
pub async fn create(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let draft = group_body::parse(&body)?;
    let id = uuid::Uuid::new_v4().to_string();
    let group = group_rules::create(&db, &id, &draft)
        .await
        .map_err(|e| refused(e, &id))?;
    let members = groups::members(&db, &id).await?;
    Ok(ScimResponse::created(
        render_group(&group, Some(&members), &base),
        group_location(&base, &id),
    )
    .with_version(group.version)
    .about(target(&group)))
}

/// `GET /Groups/{id}`, with `attributes` / `excludedAttributes` (Entra excludes members).
pub async fn get(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    Path(id): Path<String>,
    Query(projection): Query<Projection>,
    headers: HeaderMap,
) -> Result<ScimResponse, ScimError> {
    let group = load_live(&db, &id).await?;
    if not_modified(&headers, group.version) {
        return Ok(ScimResponse::not_modified(group.version).about(target(&group)));
    }
    let body = render(&db, &group, &projection, &base).await?;
    Ok(ScimResponse::ok(body)
        .with_version(group.version)
        .about(target(&group)))
}

/// `PUT /Groups/{id}`: replaces the name and the member list.
pub async fn replace(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let draft = group_body::parse(&body)?;
    let current = load_live(&db, &id).await?;
    let expected = required_version(&headers, current.version)?;
    save(&db, &base, &id, &draft, expected).await
}

/// `PATCH /Groups/{id}`: Okta's `replace members`, Entra's `Add`/`Remove` of members in
/// batches, renames. All operations apply or none; re-adding a present member succeeds; a
/// member that is not provisioned refuses the whole request (`member_not_provisioned`).
pub async fn patch(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let request = patch::parse(&body)?;
    until_current(headers.contains_key(header::IF_MATCH), || {
        let (db, base, id, request, headers) = (&db, &base, &id, &request, &headers);
        async move {
            let group = load_live(db, id).await?;
            let client_version = required_version(headers, group.version)?;
            let members = groups::members(db, id).await?;
            let current = render_group(&group, Some(&members), base);
            let draft = group_body::parse(&patch::apply(&current, request)?)?;
            let expected = client_version.unwrap_or(group.version);
            save(db, base, id, &draft, Some(expected)).await
        }
    })
    .await
}

/// `GET /Groups`: filter, sort, page, project (Entra excludes members).
pub async fn list(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    Query(params): Query<ListParams>,
) -> Result<ScimResponse, ScimError> {
    respond_list(&db, &base, ListQuery::from_params(params)?).await
}

/// `POST /Groups/.search`.
pub async fn search(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    respond_list(&db, &base, ListQuery::from_search(&body)?).await
}

async fn respond_list(
    db: &ProjectDb,
    base: &ScimBase,
    query: ListQuery,
) -> Result<ScimResponse, ScimError> {
    // A filter or sort may look at members, so render them whenever the answer needs them.
    let with_members = query.projection.shows("members") || query.filter.is_some();
    let mut rendered = Vec::new();
    let (total, page) = match (&query.filter, &query.sort_by) {
        (None, None) => {
            let total = groups::count(db).await?;
            let offset = i64::try_from(query.offset()).unwrap_or(i64::MAX);
            let limit = i64::try_from(query.count).unwrap_or(0);
            for group in groups::page(db, offset, limit).await? {
                rendered.push(render_one(db, &group, with_members, base).await?);
            }
            (usize::try_from(total).unwrap_or(0), rendered)
        }
        (filter, _) => page_of(
            &query,
            matching(db, base, filter.as_ref(), with_members).await?,
        ),
    };
    Ok(ScimResponse::ok(list_response(&query, total, page)))
}

/// The filtered, rendered live groups a list request selects (before paging); members are
/// rendered when `with_members` (a filter may look at them).
pub async fn matching(
    db: &ProjectDb,
    base: &ScimBase,
    filter: Option<&super::filter::Filter>,
    with_members: bool,
) -> Result<Vec<serde_json::Value>, ScimError> {
    let candidates = match filter.and_then(indexed) {
        Some((lookup, value)) => groups::find_by(db, lookup, value).await?,
        None => groups::page(db, 0, i64::MAX).await?,
    };
    let mut rendered = Vec::with_capacity(candidates.len());
    for group in &candidates {
        let resource = render_one(db, group, with_members || filter.is_some(), base).await?;
        if filter.is_none_or(|f| f.matches(&resource)) {
            rendered.push(resource);
        }
    }
    Ok(rendered)
}

async fn render_one(
    db: &ProjectDb,
    group: &Group,
    with_members: bool,
    base: &ScimBase,
) -> Result<serde_json::Value, ScimError> {
    let members = if with_members {
        Some(groups::members(db, &group.id).await?)
    } else {
        None
    };
    Ok(render_group(group, members.as_deref(), base))
}

/// The index that answers a filter of the form `attr eq "value"`, if any.
fn indexed(filter: &super::filter::Filter) -> Option<(Lookup, &str)> {
    filter.indexed_by(&[
        ("displayName", Lookup::DisplayName),
        ("id", Lookup::Id),
        ("externalId", Lookup::ExternalId),
    ])
}

/// `DELETE /Groups/{id}`.
pub async fn delete(
    db: ProjectDb,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<ScimResponse, ScimError> {
    let group = load_live(&db, &id).await?;
    let if_match = required_version(&headers, group.version)?;
    group_rules::delete(&db, &id, if_match)
        .await
        .map_err(|e| refused(e, &id))?;
    Ok(ScimResponse::no_content().about(target(&group)))
}

/// Stores a new version of a group after PUT or PATCH, if it is still at `expected`. When
/// members cannot be linked, the pushed member list is still recorded (for a re-push) and
/// nothing else changes.
async fn save(
    db: &ProjectDb,
    base: &ScimBase,
    id: &str,
    draft: &GroupDraft,
    expected: Option<i64>,
) -> Result<ScimResponse, ScimError> {
    let group = match group_rules::replace(db, id, draft, expected).await {
        Ok(group) => group,
        Err(GroupWriteError::MembersNotProvisioned(missing)) => {
            group_rules::record_pushed(db, id, &draft.members).await?;
            return Err(ScimError::member_not_provisioned(&missing));
        }
        Err(e) => return Err(refused(e, id)),
    };
    let members = groups::members(db, id).await?;
    Ok(ScimResponse::ok(render_group(&group, Some(&members), base))
        .with_version(group.version)
        .about(target(&group)))
}

/// A live group, or 404 (with the tombstone's own category for groups deleted in the project).
pub async fn load_live(db: &ProjectDb, id: &str) -> Result<Group, ScimError> {
    match groups::get(db, id).await? {
        Some(group) if group.state == GroupState::Active => Ok(group),
        Some(_) => Err(ScimError::group_deleted_in_project(id)),
        None => Err(ScimError::not_found(format!("No Group with id {id:?}."))),
    }
}

/// The group's representation as the projection asks, loading members only when shown.
pub async fn render(
    db: &ProjectDb,
    group: &Group,
    projection: &Projection,
    base: &ScimBase,
) -> Result<serde_json::Value, ScimError> {
    let members = if projection.shows("members") {
        Some(groups::members(db, &group.id).await?)
    } else {
        None
    };
    Ok(projection.apply(render_group(group, members.as_deref(), base)))
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
