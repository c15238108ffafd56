//! Every admin API request carries the admin bearer token.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::AdminError;
use crate::domain::secret::{TokenHash, TokenKind};
use crate::scim::gate::bearer_token;
use crate::state::AppState;
use crate::store;

/// Refuses requests without a valid admin token.
pub async fn require_admin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(token) = bearer_token(request.headers()) else {
        return AdminError::unauthorized().into_response();
    };
    match store::tokens::find_name(&state.db, TokenKind::Admin, &TokenHash::of(token)).await {
        Ok(Some(_)) => next.run(request).await,
        Ok(None) => AdminError::unauthorized().into_response(),
        Err(e) => AdminError::from(e).into_response(),
    }
}
