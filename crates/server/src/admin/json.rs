//! Admin API request bodies: JSON that fails to parse is a 400 in the API's error shape.

use axum::Json;
use axum::extract::{FromRequest, Request};
use scim_sync_core::api::{ApiError, ApiErrorCode};
use serde::de::DeserializeOwned;

use super::error::AdminError;

/// A JSON body; a malformed one is answered with `bad_request` and the parser's words.
#[derive(Debug)]
pub struct AdminJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for AdminJson<T> {
    type Rejection = AdminError;

    async fn from_request(request: Request, state: &S) -> Result<AdminJson<T>, AdminError> {
        Json::<T>::from_request(request, state)
            .await
            .map(|Json(value)| AdminJson(value))
            .map_err(|rejection| {
                AdminError::from(ApiError::new(
                    ApiErrorCode::BadRequest,
                    rejection.body_text(),
                ))
            })
    }
}
