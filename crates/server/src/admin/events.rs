//! `/api/v1/events/{id}`: one recorded request in full, and Retry, which replays it through the
//! same SCIM code path and records the outcome as a new event linked to the first.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, Request, header};
use axum::{Extension, Json, Router};
use scim_sync_core::api::{EventDetail, RetryOutcome};
use scim_sync_core::remedy;
use tower::ServiceExt;

use super::auth::Admin;
use super::error::AdminError;
use super::page::bad_request;
use crate::scim::gate::Replay;
use crate::state::AppState;
use crate::store::{self, events::Recorded};

/// One event with its redacted body and its retries.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<EventDetail>, AdminError> {
    let stored = store::events::get(&state.db, id)
        .await?
        .ok_or_else(|| AdminError::not_found(format!("No event {id}.")))?;
    let retries = store::events::retries_of(&state.db, id).await?;
    let explanation = stored
        .summary
        .category
        .map(|category| remedy::explain(category, stored.summary.idp));
    Ok(Json(EventDetail {
        summary: stored.summary,
        user_agent: stored.user_agent,
        request_body: stored.request_body,
        request_id: stored.request_id,
        retries,
        explanation,
    }))
}

/// Replays the stored request as the IdP connection that sent it.
pub async fn retry(
    State(state): State<AppState>,
    Extension(admin): Extension<Admin>,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
) -> Result<Json<RetryOutcome>, AdminError> {
    let stored = store::events::get(&state.db, id)
        .await?
        .ok_or_else(|| AdminError::not_found(format!("No event {id}.")))?;
    let original = &stored.summary;
    if original.category.is_none() {
        return Err(bad_request(
            "This request succeeded; there is nothing to retry.",
        ));
    }
    let needs_body = matches!(original.method.as_str(), "POST" | "PUT" | "PATCH");
    if needs_body && stored.request_body.is_none() {
        return Err(bad_request(
            "The request body is no longer stored (retention), so it cannot be replayed. Retry from the identity provider.",
        ));
    }
    let mut request = Request::builder()
        .method(original.method.as_str())
        .uri(original.path.as_str())
        .header(header::CONTENT_TYPE, "application/scim+json")
        .body(Body::from(stored.request_body.clone().unwrap_or_default()))
        .map_err(|_| bad_request("The stored request cannot be replayed."))?;
    if let Some(host) = headers.get(header::HOST) {
        request.headers_mut().insert(header::HOST, host.clone());
    }
    if let Some(agent) = stored
        .user_agent
        .as_deref()
        .and_then(|a| HeaderValue::from_str(a).ok())
    {
        request.headers_mut().insert(header::USER_AGENT, agent);
    }
    request.extensions_mut().insert(Replay {
        connection: original.connection.clone(),
        retry_of: id,
    });
    let scim = Router::new().nest(crate::scim::PREFIX, crate::scim::router(state.clone()));
    let response = scim
        .oneshot(request)
        .await
        .map_err(|_| AdminError::internal())?;
    let recorded = response
        .extensions()
        .get::<Recorded>()
        .copied()
        .ok_or_else(AdminError::internal)?;
    let event = store::events::get(&state.db, recorded.id)
        .await?
        .ok_or_else(AdminError::internal)?
        .summary;
    let outcome = if event.category.is_none() {
        "succeeded"
    } else {
        "failed again"
    };
    store::audit::record(
        &state.db,
        &admin.0,
        "retry",
        &format!(
            "retried event {id} ({} {}): {outcome}",
            original.method, original.path
        ),
    )
    .await?;
    Ok(Json(RetryOutcome { event }))
}
