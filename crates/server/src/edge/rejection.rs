//! Error answers none of our error types wrote: axum's extractor rejections (a query string,
//! a path or a body it cannot read) and a method router's 405 are a sentence of plain text.
//! `scim::shape` and `admin::shape` read that sentence here and answer it in their shape.

use axum::body::to_bytes;
use axum::http::StatusCode;
use axum::http::response::Parts;
use axum::response::Response;

/// A rejection's text is one sentence; anything longer is cut (it is never ours to echo).
const TEXT_CAP: usize = 4 * 1024;

/// Whether `response` is an error answer (4xx or 5xx).
pub fn is_error(response: &Response) -> bool {
    response.status().is_client_error() || response.status().is_server_error()
}

/// The answer's parts (status, headers such as `Allow`) and its text: the body's sentence,
/// else the status's reason ("Method Not Allowed").
pub async fn read(response: Response) -> (Parts, String) {
    let (parts, body) = response.into_parts();
    let text = to_bytes(body, TEXT_CAP)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .unwrap_or_default();
    let text = if text.is_empty() {
        reason(parts.status)
    } else {
        text
    };
    (parts, text)
}

fn reason(status: StatusCode) -> String {
    status
        .canonical_reason()
        .map_or_else(|| status.as_str().to_owned(), str::to_owned)
}
