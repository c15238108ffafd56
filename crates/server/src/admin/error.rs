//! The admin API's one error type, answered as `scim_sync_core::api::ApiError`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use scim_sync_core::api::{ApiError, ApiErrorCode};

use crate::store::{RETRY_AFTER_UNAVAILABLE_SECS, StoreError};

/// Marks an answer whose body is already the admin error shape (see `admin::shape`).
#[derive(Debug, Clone, Copy)]
pub struct InApiShape;

/// A failed admin API request (boxed: a refused re-push carries its whole plan).
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct AdminError {
    error: Box<ApiError>,
    /// Set when the database cannot be reached: the answer is a 503 with this `Retry-After`
    /// (seconds) rather than its code's status, as no code says "unavailable".
    retry_after_secs: Option<u64>,
}

impl From<ApiError> for AdminError {
    fn from(error: ApiError) -> AdminError {
        AdminError {
            error: Box::new(error),
            retry_after_secs: None,
        }
    }
}

impl AdminError {
    /// 401: missing or wrong admin token.
    pub fn unauthorized() -> AdminError {
        AdminError::from(ApiError::new(
            ApiErrorCode::Unauthorized,
            "Missing or invalid admin token. Sign in again.",
        ))
    }

    /// 401: a stream ticket that is unknown, used or expired.
    pub fn unknown_ticket() -> AdminError {
        AdminError::from(ApiError::new(
            ApiErrorCode::Unauthorized,
            "This stream ticket is unknown, used or expired. Ask for a new one.",
        ))
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> AdminError {
        AdminError::from(ApiError::new(ApiErrorCode::NotFound, message))
    }

    /// 500: the cause is logged, never returned.
    pub fn internal() -> AdminError {
        AdminError::from(ApiError::new(
            ApiErrorCode::Internal,
            "An internal error occurred. The server log has the details.",
        ))
    }

    /// 500 for a request the server log names by `request_id`: the cause is logged there.
    pub fn internal_for(request_id: &str) -> AdminError {
        AdminError::from(ApiError::new(
            ApiErrorCode::Internal,
            format!(
                "An internal error occurred. The server log has the details under request id {request_id}."
            ),
        ))
    }

    /// 503 with `Retry-After`: the database cannot be reached now; nothing of the request was
    /// applied, and the same request may succeed once it is back.
    pub fn database_unavailable() -> AdminError {
        let seconds = RETRY_AFTER_UNAVAILABLE_SECS;
        AdminError {
            retry_after_secs: Some(seconds),
            ..AdminError::from(ApiError::new(
                ApiErrorCode::Internal,
                format!(
                    "The database is unreachable, so nothing of this request was applied. Retry \
                     after {seconds} seconds."
                ),
            ))
        }
    }

    /// 503 (too many requests in flight), in the admin error shape: not an [`AdminError`],
    /// whose status follows its code, and no code says "busy".
    pub fn busy() -> Response {
        AdminError::with_status(
            StatusCode::SERVICE_UNAVAILABLE,
            ApiErrorCode::Internal,
            "The server is busy. Retry in a second.",
        )
    }

    /// 408 (the request body did not arrive within the body read timeout); like
    /// [`AdminError::busy`], a status no code has.
    pub fn body_timed_out() -> Response {
        AdminError::with_status(
            StatusCode::REQUEST_TIMEOUT,
            ApiErrorCode::BadRequest,
            "The request body did not arrive in time. Send it again.",
        )
    }

    /// 413 (a body past `admin::MAX_BODY_BYTES`); like [`AdminError::busy`], a status no
    /// code has.
    pub fn body_too_large() -> Response {
        AdminError::with_status(
            StatusCode::PAYLOAD_TOO_LARGE,
            ApiErrorCode::BadRequest,
            format!(
                "The request body exceeds the maximum of {} bytes.",
                super::MAX_BODY_BYTES
            ),
        )
    }

    /// An answer in the admin error shape with a status other than its code's.
    fn with_status(status: StatusCode, code: ApiErrorCode, message: impl Into<String>) -> Response {
        let mut response = (status, Json(ApiError::new(code, message))).into_response();
        response.extensions_mut().insert(InApiShape);
        response
    }

    /// The HTTP status for the error's code.
    pub fn status_code(&self) -> StatusCode {
        if self.retry_after_secs.is_some() {
            return StatusCode::SERVICE_UNAVAILABLE;
        }
        match self.error.code {
            ApiErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ApiErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ApiErrorCode::NotFound => StatusCode::NOT_FOUND,
            ApiErrorCode::Conflict => StatusCode::CONFLICT,
            ApiErrorCode::LicenceLimit => StatusCode::FORBIDDEN,
            ApiErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for AdminError {
    fn from(error: StoreError) -> AdminError {
        if error.is_unavailable() {
            tracing::warn!(%error, "the database is unreachable");
            return AdminError::database_unavailable();
        }
        tracing::error!(%error, "storage failed");
        AdminError::internal()
    }
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let mut response = (status, Json(*self.error)).into_response();
        response.extensions_mut().insert(InApiShape);
        let headers = response.headers_mut();
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"admin\""),
            );
        }
        if let Some(seconds) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
