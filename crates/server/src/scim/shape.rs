//! Every SCIM answer in the SCIM error shape, also those no handler wrote: axum's extractor
//! rejections (a query string or path parameter it cannot read) become a [`ScimError`], a
//! request body whose media type is not JSON is refused with 415, and a panicking handler is a
//! 500 `internal` error. This sits inside the gate, so these answers are recorded as sync
//! events with their failure category, and carry the request id.

use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::{Failure, ScimError};
use crate::edge::{panic, rejection};

/// The middleware: refuses non-JSON bodies, answers a panic, rewrites unshaped error answers.
pub async fn scim_shape(request: Request, next: Next) -> Response {
    if let Some(media_type) = unsupported_media_type(&request) {
        return ScimError::unsupported_media_type(&media_type).into_response();
    }
    let response = match panic::catching(next.run(request)).await {
        Ok(response) => response,
        Err(message) => {
            // Logged in the gate's span, with the request id the answer carries.
            tracing::error!(panic = %message, "a SCIM handler panicked");
            return ScimError::internal().into_response();
        }
    };
    if !rejection::is_error(&response) || response.extensions().get::<Failure>().is_some() {
        return response;
    }
    let (parts, text) = rejection::read(response).await;
    ScimError::rejection(parts.status, text).into_response()
}

/// The media type of a request body that is not JSON: SCIM bodies are `application/scim+json`
/// (RFC 7644 §3.1), plain `application/json` and other `+json` types are accepted too, and so
/// is a body sent with no `Content-Type` at all.
fn unsupported_media_type(request: &Request) -> Option<String> {
    if !matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH
    ) {
        return None;
    }
    let value = request.headers().get(header::CONTENT_TYPE)?;
    let text = String::from_utf8_lossy(value.as_bytes());
    let essence = text
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    (!json).then_some(essence)
}

#[cfg(test)]
mod tests {
    use axum::body::Body;

    use super::*;

    fn post_with(content_type: &str) -> Request {
        Request::post("/Users")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::empty())
            .unwrap()
    }

    #[test]
    fn json_media_types_with_or_without_parameters_are_accepted() {
        for content_type in [
            "application/scim+json",
            "application/scim+json; charset=utf-8",
            "Application/JSON",
            "application/json;charset=UTF-8",
        ] {
            assert_eq!(
                unsupported_media_type(&post_with(content_type)),
                None,
                "{content_type}"
            );
        }
    }

    #[test]
    fn other_media_types_are_named_in_the_refusal() {
        assert_eq!(
            unsupported_media_type(&post_with("text/plain; charset=utf-8")).as_deref(),
            Some("text/plain")
        );
        assert_eq!(
            unsupported_media_type(&post_with("application/x-www-form-urlencoded")).as_deref(),
            Some("application/x-www-form-urlencoded")
        );
    }

    #[test]
    fn a_body_without_a_content_type_or_a_get_is_not_checked() {
        let bare = Request::post("/Users")
            .body(Body::empty())
            .unwrap_or_default();
        let get = Request::get("/Users")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::empty())
            .unwrap_or_default();
        assert_eq!(unsupported_media_type(&bare), None);
        assert_eq!(unsupported_media_type(&get), None);
    }
}
