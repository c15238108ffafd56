//! Admin and operator API requests no credential authenticated — no token, one nobody issued
//! or revoked, a SCIM token used where an admin's is needed, an ended session, a used or
//! made-up stream ticket — are counted per source with the SCIM endpoint's refusals
//! ([`crate::scim::refusals`]): the operator sees who knocks at either door in one list. Only
//! the request's head is kept, and its path without the query (a stream ticket travels there).

use axum::extract::{OriginalUri, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use crate::scim::refusals;
use crate::state::AppState;
use crate::store;

/// The middleware: counts the request if its answer is 401.
pub async fn count_unauthorized(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    // Under `nest` the URI is the nested part; the path counted is the one the client sent.
    let path = request
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| request.uri().path(), |OriginalUri(uri)| uri.path())
        .to_owned();
    let mut refusal = refusals::refusal(
        request.extensions(),
        request.headers(),
        request.method().as_str(),
        &path,
        store::now_ms(),
        StatusCode::UNAUTHORIZED.as_u16(),
    );
    let response = next.run(request).await;
    if response.status() == StatusCode::UNAUTHORIZED {
        refusal.at = store::now_ms();
        state.refusals.count(refusal);
    }
    response
}
