//! Every admin API request carries one project's admin credential; it names the project the
//! request acts for. The operator's API has its own token (see [`super::operator`]).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::AdminError;
use crate::domain::project::Tenant;
use crate::domain::secret::{TokenHash, TokenKind};
use crate::scim::auth::bearer_token;
use crate::state::AppState;
use crate::store;

/// The admin who made the request (the admin token's name), for the audit log.
#[derive(Debug, Clone)]
pub struct Admin(pub String);

/// Refuses requests without a valid admin token; names the project and the admin for the
/// handlers.
pub async fn require_admin(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(token) = bearer_token(request.headers()) else {
        return AdminError::unauthorized().into_response();
    };
    match store::tokens::find(&state.db, &TokenHash::of(token)).await {
        Ok(Some(credential)) if credential.kind == TokenKind::Admin && !credential.revoked => {
            request.extensions_mut().insert(Tenant(credential.project));
            request.extensions_mut().insert(Admin(credential.name));
            next.run(request).await
        }
        Ok(_) => AdminError::unauthorized().into_response(),
        Err(e) => AdminError::from(e).into_response(),
    }
}
