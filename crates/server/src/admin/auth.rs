//! Every admin API request carries one project's admin credential, and it names the project
//! the request acts for: an admin token or an embedded session as a bearer token, or the
//! standalone dashboard's session cookie — whose state-changing requests must also echo the
//! session's CSRF token (a page of another site cannot read it). The operator's API has its
//! own token (see [`crate::operator`]).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use scim_sync_core::api::{ApiError, ApiErrorCode};

use super::error::AdminError;
use super::session::{self, CSRF_HEADER};
use crate::domain::project::Tenant;
use crate::domain::secret::{TokenHash, TokenKind};
use crate::scim::auth::bearer_token;
use crate::state::AppState;
use crate::store::sessions::{self as sessions, Session, SessionKind};
use crate::store::tokens::Credential;
use crate::store::{self, StoreError};

/// The admin who made the request (the admin token's name), for the audit log.
#[derive(Debug, Clone)]
pub struct Admin(pub String);

/// How the request was signed in.
#[derive(Debug, Clone)]
pub enum Signed {
    /// With an admin token.
    Token,
    /// With a session.
    Session {
        /// Its secret's hash.
        hash: TokenHash,
        /// The session.
        session: Session,
    },
}

/// Refuses requests without a valid admin credential; names the project and the admin for
/// the handlers.
pub async fn require_admin(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    match signed_in(&state, request.method(), request.headers()).await {
        Ok(Some((project, actor, signed))) => {
            request.extensions_mut().insert(Tenant(project));
            request.extensions_mut().insert(Admin(actor));
            request.extensions_mut().insert(signed);
            next.run(request).await
        }
        Ok(None) => AdminError::unauthorized().into_response(),
        Err(refused) => refused.into_response(),
    }
}

type SignedIn = (crate::domain::project::ProjectId, String, Signed);

async fn signed_in(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Option<SignedIn>, AdminError> {
    if let Some(bearer) = bearer_token(headers) {
        let hash = TokenHash::of(bearer);
        if let Some(credential) = admin_credential(state, &hash).await? {
            return Ok(Some((credential.project, credential.name, Signed::Token)));
        }
        return Ok(session_of(state, hash, SessionKind::Embedded).await?);
    }
    let Some(cookie) = session::cookie(headers) else {
        return Ok(None);
    };
    let Some(found) = session_of(state, TokenHash::of(cookie), SessionKind::Cookie).await? else {
        return Ok(None);
    };
    if !is_safe(method) {
        let echoed = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        let expected = match &found.2 {
            Signed::Session { session, .. } => session.csrf.as_deref(),
            Signed::Token => None,
        };
        if echoed.is_none() || echoed != expected {
            return Err(AdminError::from(ApiError::new(
                ApiErrorCode::Forbidden,
                "This request lacks the session's CSRF token. Reload the dashboard and try again.",
            )));
        }
    }
    Ok(Some(found))
}

/// The admin token whose hash is `hash`, unless it is unknown, revoked or not an admin's.
pub(super) async fn admin_credential(
    state: &AppState,
    hash: &TokenHash,
) -> Result<Option<Credential>, StoreError> {
    Ok(store::tokens::find(&state.db, hash)
        .await?
        .filter(|c| c.kind == TokenKind::Admin && !c.revoked))
}

async fn session_of(
    state: &AppState,
    hash: TokenHash,
    kind: SessionKind,
) -> Result<Option<SignedIn>, StoreError> {
    Ok(sessions::find(&state.db, &hash, kind)
        .await?
        .map(|session| {
            (
                session.project,
                session.actor.clone(),
                Signed::Session { hash, session },
            )
        }))
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}
