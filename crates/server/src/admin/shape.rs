//! Every admin API answer in the admin error shape, also those no handler wrote: axum's
//! extractor rejections (a query string, path parameter or body it cannot read) and a
//! method router's 405 become an [`ApiError`] body with the same status and headers.

use axum::Json;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use scim_sync_core::api::{ApiError, ApiErrorCode};

use super::error::{AdminError, InApiShape};
use crate::edge::rejection;

/// The middleware: rewrites unshaped error answers.
pub async fn admin_shape(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
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
