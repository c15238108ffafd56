//! A panicking handler answers 500 instead of resetting the connection: `scim::shape` and
//! `admin::shape` run the rest of their stack through [`catching`], and [`last_resort`] does
//! the same for anything outside them (the gate, the dashboard's files).

use std::any::Any;
use std::panic::AssertUnwindSafe;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;

use crate::admin::AdminError;
use crate::scim::{self, ScimError};

/// Runs `future`; a panic while polling it becomes `Err` with the panic's message.
pub async fn catching<F>(future: F) -> Result<Response, String>
where
    F: Future<Output = Response>,
{
    AssertUnwindSafe(future)
        .catch_unwind()
        .await
        .map_err(|payload| message(payload.as_ref()))
}

/// The outermost middleware: a panic that escaped the SCIM and admin layers is answered 500 in
/// the shape of the part it happened in (unrecorded: it escaped the gate).
pub async fn last_resort(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    match catching(next.run(request)).await {
        Ok(response) => response,
        Err(message) => {
            tracing::error!(panic = %message, %path, "a request panicked outside its handler");
            if path.starts_with(scim::PREFIX) {
                ScimError::internal().into_response()
            } else if path.starts_with(scim_sync_core::api::API_PREFIX) {
                AdminError::internal().into_response()
            } else {
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}

fn message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_its_message_and_an_answer_passes_through() {
        let panicked = catching(async {
            if StatusCode::OK.is_success() {
                panic!("the handler gave up");
            }
            StatusCode::OK.into_response()
        })
        .await;
        let answered = catching(async { StatusCode::ACCEPTED.into_response() }).await;

        assert_eq!(panicked.err().as_deref(), Some("the handler gave up"));
        assert_eq!(
            answered.map(|r| r.status()).ok(),
            Some(StatusCode::ACCEPTED)
        );
    }

    #[tokio::test]
    async fn a_formatted_panic_message_is_kept() {
        let id = 7;
        let panicked = catching(async move {
            if id == 7 {
                panic!("no row {id}");
            }
            StatusCode::OK.into_response()
        })
        .await;

        assert_eq!(panicked.err().as_deref(), Some("no row 7"));
    }
}
