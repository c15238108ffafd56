//! Every admin API answer in the admin error shape, also those no handler wrote: axum's
//! extractor rejections (a query string, path parameter or body it cannot read) and a
//! method router's 405 become an [`ApiError`] body with the same status and headers, and a
//! panicking handler is a 500 whose message names the request id. Every answer carries its
//! request id (`X-Request-Id`), and the request runs in a span with it.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use scim_sync_core::api::{ApiError, ApiErrorCode};
use tracing::Instrument;

use super::error::{AdminError, InApiShape};
use crate::edge::{panic, rejection};

/// The middleware: a span and `X-Request-Id` for the request, a 500 for a panic, and the
/// admin error shape for unshaped error answers.
pub async fn admin_shape(request: Request, next: Next) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let span = tracing::info_span!(
        "admin",
        %request_id,
        method = %request.method(),
        path = %request.uri().path(),
    );
    let mut response = async {
        match panic::catching(next.run(request)).await {
            Ok(response) => shaped(response).await,
            Err(message) => {
                tracing::error!(panic = %message, "an admin handler panicked");
                AdminError::internal_for(&request_id).into_response()
            }
        }
    }
    .instrument(span)
    .await;
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// The header naming the request in the server log.
const REQUEST_ID: &str = "x-request-id";

/// `response`, in the admin error shape if it is an error answer no [`AdminError`] wrote.
async fn shaped(response: Response) -> Response {
    if !rejection::is_error(&response) || response.extensions().get::<InApiShape>().is_some() {
        return response;
    }
    let (parts, text) = rejection::read(response).await;
    if parts.status.is_server_error() {
        tracing::error!(status = %parts.status, %text, "an admin request failed before its handler");
        return AdminError::internal().into_response();
    }
    let code = match parts.status {
        StatusCode::UNAUTHORIZED => ApiErrorCode::Unauthorized,
        StatusCode::NOT_FOUND => ApiErrorCode::NotFound,
        StatusCode::CONFLICT => ApiErrorCode::Conflict,
        _ => ApiErrorCode::BadRequest,
    };
    let mut shaped = (parts.status, Json(ApiError::new(code, text))).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_LENGTH && !shaped.headers().contains_key(name) {
            shaped.headers_mut().insert(name, value.clone());
        }
    }
    shaped.extensions_mut().insert(InApiShape);
    shaped
}
