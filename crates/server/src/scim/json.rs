//! SCIM JSON in and out: `application/scim+json` (or plain JSON) bodies, and responses with
//! `Location` and `ETag`.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
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

impl IntoResponse for ScimResponse {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(SCIM_CONTENT_TYPE),
        );
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
