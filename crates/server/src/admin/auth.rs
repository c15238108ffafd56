//! Every admin API request carries the admin bearer token.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::AdminError;
use crate::domain::secret::{TokenHash, TokenKind};
use crate::scim::gate::bearer_token;
use crate::state::AppState;
use crate::store;

/// The admin who made the request (the admin token's name), for the audit log.
#[derive(Debug, Clone)]
pub struct Admin(pub String);

/// Refuses requests without a valid admin token; names the admin for the handlers.
pub async fn require_admin(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(token) = bearer_token(request.headers()) else {
        return AdminError::unauthorized().into_response();
    };
    match store::tokens::find_name(&state.db, TokenKind::Admin, &TokenHash::of(token)).await {
        Ok(Some(name)) => {
            request.extensions_mut().insert(Admin(name));
            next.run(request).await
        }
        Ok(None) => AdminError::unauthorized().into_response(),
        Err(e) => AdminError::from(e).into_response(),
    }
}
