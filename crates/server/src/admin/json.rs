//! Admin API request bodies: JSON that fails to parse is a 400 in the API's error shape, a
//! body past the cap a 413 (a body that did not arrive in time is answered 408 by the edge).

use axum::Json;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use scim_sync_core::api::{ApiError, ApiErrorCode};
use serde::de::DeserializeOwned;

use super::error::AdminError;

/// A JSON body; a malformed one is answered with `bad_request` and the parser's words.
#[derive(Debug)]
pub struct AdminJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for AdminJson<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<AdminJson<T>, Response> {
        Json::<T>::from_request(request, state)
            .await
            .map(|Json(value)| AdminJson(value))
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    return AdminError::body_too_large();
                }
                AdminError::from(ApiError::new(
                    ApiErrorCode::BadRequest,
                    rejection.body_text(),
                ))
                .into_response()
            })
    }
}
