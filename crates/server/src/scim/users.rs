//! `/Users`: Users (team accounts, one seat each while active) and Readers.

use axum::Extension;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, header};
use serde_json::Value;

use super::error::ScimError;
use super::gate::{ScimBase, Target};
use super::json::{ScimJson, ScimResponse, not_modified, required_version, until_current};
use super::list::{ListParams, ListQuery, list_response, page_of};
use super::projection::Projection;
use super::resource::{render_user, user_location};
use super::{patch, user_body};
use crate::domain::identity::IdentityDraft;
use crate::rules::identities::{self as identity_rules, WriteError};
use crate::store::ProjectDb;
use crate::store::identities::{self, Identity, Lookup};

/// `POST /Users`: a User (`isTeamAccount` true) takes a seat if one is free; a Reader never
/// does. A project-native identity with the same userName or email is adopted.
pub async fn create(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let draft = user_body::parse(&body)?;
    let new_id = uuid::Uuid::new_v4().to_string();
    let stored = user_body::resource_to_store(&body);
    let created = identity_rules::create_scim(&db, &new_id, &draft, &stored)
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

/// `GET /Users/{id}` with `attributes` / `excludedAttributes`, answering 304 when
/// `If-None-Match` names the current version.
pub async fn get(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    Path(id): Path<String>,
    Query(projection): Query<Projection>,
    headers: HeaderMap,
) -> Result<ScimResponse, ScimError> {
    let identity = load(&db, &id).await?;
    if not_modified(&headers, identity.version) {
        return Ok(ScimResponse::not_modified(identity.version).about(target(&identity)));
    }
    Ok(
        ScimResponse::ok(projection.apply(render_user(&identity, &base)))
            .with_version(identity.version)
            .about(target(&identity)),
    )
}

/// `PUT /Users/{id}`: replaces the attributes (Okta's profile updates).
pub async fn replace(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let draft = user_body::parse(&body)?;
    let stored = user_body::resource_to_store(&body);
    let expected = if_match_version(&db, &id, &headers).await?;
    save(&db, &base, &id, &draft, &stored, expected).await
}

/// `PATCH /Users/{id}`: RFC 7644 §3.5.2 operations, all or none (Okta deactivates with a
/// path-less replace of `active`; Entra sends `Replace` with dotted and URN keys).
pub async fn patch(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let request = patch::parse(&body)?;
    let client_version = if_match_version(&db, &id, &headers).await?;
    until_current(client_version.is_some(), || {
        let (db, base, id, request) = (&db, &base, &id, &request);
        async move {
            let identity = load(db, id).await?;
            let patched = patch::apply(&render_user(&identity, base), request)?;
            let draft = user_body::parse(&patched)?;
            let stored = user_body::resource_to_store(&patched);
            let expected = client_version.unwrap_or(identity.version);
            save(db, base, id, &draft, &stored, Some(expected)).await
        }
    })
    .await
}

/// `GET /Users`: filter, sort, page, project.
pub async fn list(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    Query(params): Query<ListParams>,
) -> Result<ScimResponse, ScimError> {
    respond_list(&db, &base, ListQuery::from_params(params)?).await
}

/// `POST /Users/.search`.
pub async fn search(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    respond_list(&db, &base, ListQuery::from_search(&body)?).await
}

/// The filtered, rendered Users a list request selects (before paging), for the root search.
pub async fn matching(
    db: &ProjectDb,
    base: &ScimBase,
    filter: Option<&super::filter::Filter>,
) -> Result<Vec<Value>, ScimError> {
    let candidates = match filter.and_then(indexed) {
        Some((lookup, value)) => identities::find_by(db, lookup, value).await?,
        None => identities::all(db).await?,
    };
    let mut rendered: Vec<Value> = candidates.iter().map(|i| render_user(i, base)).collect();
    if let Some(filter) = filter {
        rendered.retain(|resource| filter.matches(resource));
    }
    Ok(rendered)
}

async fn respond_list(
    db: &ProjectDb,
    base: &ScimBase,
    query: ListQuery,
) -> Result<ScimResponse, ScimError> {
    let render = |found: Vec<Identity>| -> Vec<Value> {
        found.iter().map(|i| render_user(i, base)).collect()
    };
    let (total, page) = match (&query.filter, &query.sort_by) {
        (None, None) => {
            let total = identities::count(db).await?;
            let offset = i64::try_from(query.offset()).unwrap_or(i64::MAX);
            let limit = i64::try_from(query.count).unwrap_or(0);
            let page = identities::page(db, offset, limit).await?;
            (usize::try_from(total).unwrap_or(0), render(page))
        }
        (filter, _) => page_of(&query, matching(db, base, filter.as_ref()).await?),
    };
    Ok(ScimResponse::ok(list_response(&query, total, page)))
}

/// The index that answers a filter of the form `attr eq "value"`, if any.
fn indexed(filter: &super::filter::Filter) -> Option<(Lookup, &str)> {
    filter.indexed_by(&[
        ("userName", Lookup::UserName),
        ("id", Lookup::Id),
        ("externalId", Lookup::ExternalId),
    ])
}

/// `DELETE /Users/{id}`.
pub async fn delete(
    db: ProjectDb,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<ScimResponse, ScimError> {
    let if_match = if_match_version(&db, &id, &headers).await?;
    identity_rules::delete(&db, &id, if_match)
        .await
        .map_err(|e| refused(e, &id, None))?;
    Ok(ScimResponse::no_content().about(Target {
        id: Some(id),
        ..Target::default()
    }))
}

/// Stores a new version of a User after PUT or PATCH, if it is still at `expected`.
async fn save(
    db: &ProjectDb,
    base: &ScimBase,
    id: &str,
    draft: &IdentityDraft,
    stored: &Value,
    expected: Option<i64>,
) -> Result<ScimResponse, ScimError> {
    let identity = identity_rules::replace_scim(db, id, draft, stored, expected)
        .await
        .map_err(|e| refused_draft(e, draft))?;
    Ok(ScimResponse::ok(render_user(&identity, base))
        .with_version(identity.version)
        .about(target(&identity)))
}

/// The identity, or 404.
pub async fn load(db: &ProjectDb, id: &str) -> Result<Identity, ScimError> {
    identities::get(db, id)
        .await?
        .ok_or_else(|| ScimError::not_found(format!("No User with id {id:?}.")))
}

/// The version `If-Match` requires (see [`required_version`]); reads the User only when the
/// header is there.
async fn if_match_version(
    db: &ProjectDb,
    id: &str,
    headers: &HeaderMap,
) -> Result<Option<i64>, ScimError> {
    if !headers.contains_key(header::IF_MATCH) {
        return Ok(None);
    }
    required_version(headers, load(db, id).await?.version)
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
