//! `/api/v1/identities`: the People page (Users and Readers, search, paging), project-native
//! invites, and an identity's timeline.

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::{Extension, Json};
use scim_sync_core::api::{
    ApiError, ApiErrorCode, EventSummary, IdentityKind, IdentitySummary, InviteRequest, Page,
};
use scim_sync_core::audit::AdminAction;
use serde::Deserialize;

use super::auth::Admin;
use super::error::AdminError;
use super::json::AdminJson;
use super::page::{self, bad_request};
use crate::domain::identity::{Email, IdentityDraft, Origin, UserName};
use crate::rules::identities::{self as identity_rules, WriteError};
use crate::store;
use crate::store::ProjectDb;
use crate::store::audit::Actor;
use crate::store::identities::{self, Identity, IdentityQuery};

/// `?q=&kind=&origin=&active=&cursor=&limit=`.
#[derive(Debug, Deserialize)]
pub struct PeopleParams {
    q: Option<String>,
    kind: Option<String>,
    origin: Option<String>,
    active: Option<bool>,
    cursor: Option<String>,
    limit: Option<i64>,
}

/// A page of identities in creation order; the first page also says how many match.
pub async fn list(
    db: ProjectDb,
    Query(params): Query<PeopleParams>,
) -> Result<Json<Page<IdentitySummary>>, AdminError> {
    let query = IdentityQuery {
        text: params.q.clone().filter(|q| !q.trim().is_empty()),
        kind: match params.kind.as_deref().filter(|k| !k.is_empty()) {
            None => None,
            Some("user") => Some(IdentityKind::User),
            Some("reader") => Some(IdentityKind::Reader),
            Some(other) => {
                return Err(bad_request(format!(
                    "kind must be user or reader, not {other:?}."
                )));
            }
        },
        origin: match params.origin.as_deref().filter(|o| !o.is_empty()) {
            None => None,
            Some("scim") => Some(Origin::Scim),
            Some("project") => Some(Origin::Project),
            Some(other) => {
                return Err(bad_request(format!(
                    "origin must be scim or project, not {other:?}."
                )));
            }
        },
        active: params.active,
    };
    let after = page::cursor(params.cursor.as_deref())?;
    let limit = page::limit(params.limit);
    let (found, last) = identities::search(&db, &query, after, limit).await?;
    let total = match after {
        None => Some(identities::count_matching(&db, &query).await?),
        Some(_) => None,
    };
    Ok(Json(Page {
        next_cursor: page::next_cursor(found.len(), limit, last),
        items: found.iter().map(summary).collect(),
        total,
    }))
}

/// The requests about an identity, newest first.
pub async fn timeline(
    db: ProjectDb,
    Path(id): Path<String>,
) -> Result<Json<Vec<EventSummary>>, AdminError> {
    Ok(Json(store::events::timeline(&db, &id, 200).await?))
}

/// `?user_name=`: the requests about a userName, newest first (see
/// [`store::events::timeline_of_user_name`]).
#[derive(Debug, Deserialize)]
pub struct UserNameQuery {
    user_name: Option<String>,
}

/// `GET /api/v1/timeline?user_name=…`: a userName's timeline, for a failed create (which has no
/// target id to ask a timeline by).
pub async fn user_name_timeline(
    db: ProjectDb,
    Query(query): Query<UserNameQuery>,
) -> Result<Json<Vec<EventSummary>>, AdminError> {
    let user_name = query.user_name.unwrap_or_default();
    let user_name = user_name.trim();
    if user_name.is_empty() {
        return Err(bad_request("Name the userName: ?user_name=…"));
    }
    Ok(Json(
        store::events::timeline_of_user_name(&db, user_name, 200).await?,
    ))
}

/// Invites a project-native identity by email, as an admin does inside the project.
pub async fn invite(
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    AdminJson(invite): AdminJson<InviteRequest>,
) -> Result<(StatusCode, Json<IdentitySummary>), AdminError> {
    let bad = |e: crate::domain::identity::InvalidValue| {
        AdminError::from(ApiError::new(ApiErrorCode::BadRequest, e.to_string()))
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
    let actor = Actor {
        name: &admin.0,
        action: AdminAction::Invite,
    };
    let entry = format!("invited {} as a {}", email.as_str(), invite.kind.code());
    let identity = identity_rules::create_project(&db, &id, &draft, &resource, actor, &entry)
        .await
        .map_err(|error| match error {
            WriteError::NoSeat { limit } => AdminError::from(ApiError::new(
                ApiErrorCode::LicenceLimit,
                format!("All {limit} User seats are taken: free a seat or raise the limit, or invite a Reader."),
            )),
            WriteError::Duplicate | WriteError::UserAlreadyExists => AdminError::from(ApiError::new(
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
