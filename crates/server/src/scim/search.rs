//! `POST /.search` at the SCIM root (RFC 7644 §3.4.3): Users and Groups in one list.

use axum::Extension;

use super::error::ScimError;
use super::gate::ScimBase;
use super::json::{ScimJson, ScimResponse};
use super::list::{ListQuery, list_response, page_of};
use super::{groups, users};
use crate::store::ProjectDb;

/// Searches every resource type with one filter.
pub async fn search(
    db: ProjectDb,
    Extension(base): Extension<ScimBase>,
    ScimJson(body): ScimJson,
) -> Result<ScimResponse, ScimError> {
    let query = ListQuery::from_search(&body)?;
    let mut found = users::matching(&db, &base, query.filter.as_ref()).await?;
    let with_members = query.projection.shows("members");
    found.extend(groups::matching(&db, &base, query.filter.as_ref(), with_members).await?);
    let (total, page) = page_of(&query, found);
    Ok(ScimResponse::ok(list_response(&query, total, page)))
}
