//! SCIM JSON in and out: `application/scim+json` (or plain JSON) bodies, and responses with
//! `Location` and `ETag`.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::error::ScimError;
use super::gate::Target;

/// The SCIM media type (RFC 7644 §3.1).
pub const SCIM_CONTENT_TYPE: &str = "application/scim+json";

/// A request body parsed as JSON, whichever of the two JSON media types the client used.
#[derive(Debug)]
pub struct ScimJson(pub Value);

impl<S: Send + Sync> FromRequest<S> for ScimJson {
    type Rejection = ScimError;

    async fn from_request(request: Request, state: &S) -> Result<ScimJson, ScimError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| ScimError::invalid_syntax("The request body could not be read."))?;
        serde_json::from_slice(&bytes).map(ScimJson).map_err(|e| {
            ScimError::invalid_syntax(format!("The request body is not valid JSON: {e}."))
        })
    }
}

/// A successful SCIM answer.
#[derive(Debug)]
pub struct ScimResponse {
    status: StatusCode,
    body: Value,
    location: Option<String>,
    version: Option<i64>,
    target: Option<Target>,
}

impl ScimResponse {
    /// 200 with a body.
    pub fn ok(body: Value) -> ScimResponse {
        ScimResponse {
            status: StatusCode::OK,
            body,
            location: None,
            version: None,
            target: None,
        }
    }

    /// 204 with no body.
    pub fn no_content() -> ScimResponse {
        ScimResponse {
            status: StatusCode::NO_CONTENT,
            ..ScimResponse::ok(Value::Null)
        }
    }

    /// 304: the client's copy (If-None-Match) is current.
    pub fn not_modified(version: i64) -> ScimResponse {
        ScimResponse {
            status: StatusCode::NOT_MODIFIED,
            version: Some(version),
            ..ScimResponse::ok(Value::Null)
        }
    }

    /// 201 with the new resource and its `Location`.
    pub fn created(body: Value, location: String) -> ScimResponse {
        ScimResponse {
            status: StatusCode::CREATED,
            location: Some(location),
            ..ScimResponse::ok(body)
        }
    }

    /// Adds the resource version as a weak `ETag`.
    pub fn with_version(mut self, version: i64) -> ScimResponse {
        self.version = Some(version);
        self
    }

    /// Names the resource the request was about, for the sync event.
    pub fn about(mut self, target: Target) -> ScimResponse {
        self.target = Some(target);
        self
    }
}

/// The weak ETag of a resource version, as in `meta.version`.
pub fn etag(version: i64) -> String {
    format!("W/\"{version}\"")
}

/// The version an `If-Match` / `If-None-Match` value names: `W/"3"`, `"3"`; `None` for `*`,
/// an absent header, or a tag that is not one of ours (which then matches no version).
pub fn precondition(headers: &HeaderMap, name: header::HeaderName) -> Precondition {
    let Some(value) = headers.get(name).and_then(|v| v.to_str().ok()) else {
        return Precondition::None;
    };
    let value = value.trim();
    if value == "*" {
        return Precondition::Any;
    }
    let versions = value
        .split(',')
        .filter_map(|tag| {
            let tag = tag.trim();
            let tag = tag.strip_prefix("W/").unwrap_or(tag);
            tag.trim_matches('"').parse::<i64>().ok()
        })
        .collect();
    Precondition::Versions(versions)
}

/// A conditional request header, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Precondition {
    /// No header.
    None,
    /// `*`.
    Any,
    /// These versions (an unparsable tag names none).
    Versions(Vec<i64>),
}

impl Precondition {
    /// Whether the header is satisfied by a resource at `version`.
    pub fn matches(&self, version: i64) -> bool {
        match self {
            Precondition::None | Precondition::Any => true,
            Precondition::Versions(versions) => versions.contains(&version),
        }
    }
}

/// How often a write without `If-Match` is re-read and re-applied when the resource changed
/// between its read and its write (optimistic concurrency).
const WRITE_ATTEMPTS: usize = 3;

/// Runs a read-modify-write until it lands: `attempt` reads the resource, changes it and writes
/// it only if the version it read is still current (else 412). When the client pinned a
/// version with `If-Match`, the 412 is the answer; otherwise a lost race is tried again.
pub async fn until_current<F, Fut>(pinned: bool, mut attempt: F) -> Result<ScimResponse, ScimError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<ScimResponse, ScimError>>,
{
    for _ in 1..WRITE_ATTEMPTS {
        match attempt().await {
            Err(e) if e.is_precondition_failed() && !pinned => continue,
            result => return result,
        }
    }
    attempt().await
}

/// `If-None-Match` names the resource's current version: the client's copy is fresh (304).
pub fn not_modified(headers: &HeaderMap, version: i64) -> bool {
    let condition = precondition(headers, header::IF_NONE_MATCH);
    condition != Precondition::None && condition.matches(version)
}

/// The version a write must still find (`If-Match`): `None` when the header is absent or `*`,
/// the current version when it names it, else 412.
pub fn required_version(headers: &HeaderMap, current: i64) -> Result<Option<i64>, ScimError> {
    match precondition(headers, header::IF_MATCH) {
        Precondition::None | Precondition::Any => Ok(None),
        condition if condition.matches(current) => Ok(Some(current)),
        _ => Err(ScimError::precondition_failed()),
    }
}

impl IntoResponse for ScimResponse {
    fn into_response(self) -> Response {
        let has_body = !self.body.is_null();
        let mut response = if has_body {
            (self.status, self.body.to_string()).into_response()
        } else {
            self.status.into_response()
        };
        let headers = response.headers_mut();
        if has_body {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(SCIM_CONTENT_TYPE),
            );
        }
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(header::LOCATION, location);
        }
        if let Some(tag) = self
            .version
            .and_then(|v| HeaderValue::from_str(&etag(v)).ok())
        {
            headers.insert(header::ETAG, tag);
        }
        if let Some(target) = self.target {
            response.extensions_mut().insert(target);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    async fn run(pinned: bool, failures_before_success: usize) -> (bool, usize) {
        let calls = Cell::new(0);
        let result = until_current(pinned, || {
            calls.set(calls.get() + 1);
            let failing = calls.get() <= failures_before_success;
            async move {
                if failing {
                    Err(ScimError::precondition_failed())
                } else {
                    Ok(ScimResponse::ok(Value::Null))
                }
            }
        })
        .await;
        (result.is_ok(), calls.get())
    }

    #[tokio::test]
    async fn a_lost_race_is_tried_again_unless_the_client_pinned_a_version() {
        assert_eq!(run(false, 1).await, (true, 2));
        assert_eq!(run(true, 1).await, (false, 1));
        assert_eq!(run(false, 5).await, (false, WRITE_ATTEMPTS));
    }
}
