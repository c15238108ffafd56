//! `/api/v1/events/{id}`: one recorded request in full, and Retry, which replays it through the
//! same SCIM code path and records the outcome as a new event linked to the first.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, Request, header};
use axum::{Extension, Json, Router};
use scim_sync_core::api::{EventDetail, RetryOutcome};
use scim_sync_core::audit::AdminAction;
use scim_sync_core::category::FailureCategory;
use scim_sync_core::remedy;
use tower::ServiceExt;

use super::auth::Admin;
use super::error::AdminError;
use super::page::bad_request;
use crate::domain::project::Connection;
use crate::scim::auth::{self, Authenticated, Caller};
use crate::scim::gate::Replay;
use crate::state::AppState;
use crate::store::ProjectDb;
use crate::store::{self, events::Recorded};

/// One event with its redacted body and its retries.
pub async fn get(db: ProjectDb, Path(id): Path<i64>) -> Result<Json<EventDetail>, AdminError> {
    let stored = store::events::get(&db, id)
        .await?
        .ok_or_else(|| AdminError::not_found(format!("No event {id}.")))?;
    let retries = store::events::retries_of(&db, id).await?;
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

/// Replays the stored request as the IdP connection and token that sent it, and nothing more:
/// never a request that failed authentication, nor one whose token has been revoked since
/// (the gate checks the token again when the replay arrives).
pub async fn retry(
    State(state): State<AppState>,
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    Path(id): Path<i64>,
    headers: axum::http::HeaderMap,
) -> Result<Json<RetryOutcome>, AdminError> {
    let stored = store::events::get(&db, id)
        .await?
        .ok_or_else(|| AdminError::not_found(format!("No event {id}.")))?;
    let original = &stored.summary;
    if original.category.is_none() {
        return Err(bad_request(
            "This request succeeded; there is nothing to retry.",
        ));
    }
    if original.category == Some(FailureCategory::Auth) {
        return Err(bad_request(
            "This request failed authentication, so it is never replayed. Check the SCIM token in the identity provider and let it send the request again.",
        ));
    }
    let (Some(connection), Some(token_id)) = (stored.connection_id, stored.token_id) else {
        return Err(bad_request(
            "This request was recorded before requests named their token, so it cannot be replayed. Retry from the identity provider.",
        ));
    };
    let caller = Caller {
        connection: Connection {
            project: db.id(),
            id: connection,
            name: original.connection.clone(),
        },
        token_id,
    };
    match auth::recheck(&state.db, &caller).await? {
        Authenticated::Valid { .. } => {}
        Authenticated::Revoked(_) | Authenticated::Unknown => {
            return Err(bad_request(
                "The SCIM token that sent this request has been revoked, so the request cannot be replayed. Retry from the identity provider with its current token.",
            ));
        }
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
        caller,
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
    let event = store::events::get(&db, recorded.id)
        .await?
        .ok_or_else(AdminError::internal)?
        .summary;
    let outcome = if event.category.is_none() {
        "succeeded"
    } else {
        "failed again"
    };
    store::audit::record(
        &db,
        &admin.0,
        AdminAction::Retry,
        &format!(
            "retried event {id} ({} {}): {outcome}",
            original.method, original.path
        ),
    )
    .await?;
    Ok(Json(RetryOutcome { event }))
}
