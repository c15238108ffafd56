//! `/api/v1/connections`: SCIM setup — the project's IdP connections and their SCIM tokens.
//! Generating a token answers it in clear once; rotating is generating another (both work)
//! and then revoking the old one; a revoked token gets 401 from then on.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::{Extension, Json};
use scim_sync_core::setup::{
    ConnectionSummary, GeneratedToken, NewConnectionRequest, NewTokenRequest,
};

use super::auth::Admin;
use super::error::AdminError;
use super::json::AdminJson;
use super::page::bad_request;
use crate::store::{self, ProjectDb};
use crate::tenancy::{self, CredentialError, NewToken};

/// The longest connection or token name accepted.
const MAX_NAME_CHARS: usize = 100;

/// The project's connections with their tokens.
pub async fn list(db: ProjectDb) -> Result<Json<Vec<ConnectionSummary>>, AdminError> {
    let mut connections = store::connections::list(&db).await?;
    for (connection_id, token) in store::tokens::list_scim(&db).await? {
        if let Some(connection) = connections.iter_mut().find(|c| c.id == connection_id) {
            connection.tokens.push(token);
        }
    }
    Ok(Json(connections))
}

/// Creates a connection with its first token.
pub async fn create(
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    AdminJson(request): AdminJson<NewConnectionRequest>,
) -> Result<(StatusCode, Json<GeneratedToken>), AdminError> {
    let name = name(&request.name, "connection")?;
    let created = tenancy::create_connection(&db, &admin.0, name)
        .await
        .map_err(refusal)?;
    let answer = generated(&db, created.id.0, created.token).await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

/// Generates another token for a connection (the first half of a rotation).
pub async fn generate(
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    Path(connection): Path<i64>,
    AdminJson(request): AdminJson<NewTokenRequest>,
) -> Result<(StatusCode, Json<GeneratedToken>), AdminError> {
    let name = name(&request.name, "token")?;
    let token = tenancy::generate_token(&db, &admin.0, connection, name)
        .await
        .map_err(refusal)?;
    let answer = generated(&db, connection, token).await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

/// Revokes a token.
pub async fn revoke(
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    Path((connection, token)): Path<(i64, i64)>,
) -> Result<StatusCode, AdminError> {
    tenancy::revoke_token(&db, &admin.0, connection, token)
        .await
        .map_err(refusal)?;
    Ok(StatusCode::NO_CONTENT)
}

fn name<'a>(raw: &'a str, what: &str) -> Result<&'a str, AdminError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(bad_request(format!(
            "Give the {what} a name of 1 to {MAX_NAME_CHARS} characters."
        )));
    }
    Ok(name)
}

async fn generated(
    db: &ProjectDb,
    connection_id: i64,
    token: NewToken,
) -> Result<GeneratedToken, AdminError> {
    let mut tx = db.begin_read().await?;
    let summary = store::tokens::get_scim(&mut tx, db.id(), token.id)
        .await?
        .ok_or_else(AdminError::internal)?;
    Ok(GeneratedToken {
        connection_id,
        summary,
        token: token.token.expose().to_owned(),
    })
}

fn refusal(error: CredentialError) -> AdminError {
    match error {
        CredentialError::UnknownConnection => AdminError::not_found("No such IdP connection."),
        CredentialError::UnknownToken => {
            AdminError::not_found("No such SCIM token, or it is already revoked.")
        }
        CredentialError::DuplicateConnection => {
            AdminError::from(scim_sync_core::api::ApiError::new(
                scim_sync_core::api::ApiErrorCode::Conflict,
                "The project already has an IdP connection of that name.",
            ))
        }
        CredentialError::Random => AdminError::internal(),
        CredentialError::Store(e) => e.into(),
    }
}
