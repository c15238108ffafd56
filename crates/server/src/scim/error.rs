//! The one SCIM error type, answered as the RFC 7644 §3.12 error body.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use scim_sync_core::category::FailureCategory;
use scim_sync_core::scim::ERROR_SCHEMA;
use serde_json::json;

use super::json::SCIM_CONTENT_TYPE;
use crate::store::{RETRY_AFTER_UNAVAILABLE_SECS, StoreError};

/// What the gate records of a failed request, carried in the response's extensions.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The failure category.
    pub category: FailureCategory,
    /// The SCIM `scimType`, if any.
    pub scim_type: Option<&'static str>,
    /// The `detail` sent to the client.
    pub detail: String,
}

/// A SCIM request that failed, with its status, `scimType`, detail and category.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{status} {detail}")]
pub struct ScimError {
    status: StatusCode,
    scim_type: Option<&'static str>,
    detail: String,
    category: FailureCategory,
    /// Sent as `Retry-After` (seconds), when the client should wait before sending again.
    retry_after_secs: Option<u64>,
}

impl ScimError {
    fn new(
        status: StatusCode,
        scim_type: Option<&'static str>,
        category: FailureCategory,
        detail: impl Into<String>,
    ) -> ScimError {
        ScimError {
            status,
            scim_type,
            detail: detail.into(),
            category,
            retry_after_secs: None,
        }
    }

    /// This error, telling the client to wait `seconds` before it sends again.
    fn retry_after(self, seconds: u64) -> ScimError {
        ScimError {
            retry_after_secs: Some(seconds),
            ..self
        }
    }

    /// 400 `invalidValue`: a required attribute is missing or a value is not acceptable.
    pub fn invalid_value(detail: impl Into<String>) -> ScimError {
        ScimError::new(
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            FailureCategory::Validation,
            detail,
        )
    }

    /// 400 `invalidSyntax`: the body is not parsable JSON of the expected shape.
    pub fn invalid_syntax(detail: impl Into<String>) -> ScimError {
        ScimError::new(
            StatusCode::BAD_REQUEST,
            Some("invalidSyntax"),
            FailureCategory::Validation,
            detail,
        )
    }

    /// 400 `invalidFilter`: the `filter` does not parse or cannot be evaluated.
    pub fn invalid_filter(detail: impl Into<String>) -> ScimError {
        ScimError::new(
            StatusCode::BAD_REQUEST,
            Some("invalidFilter"),
            FailureCategory::Validation,
            detail,
        )
    }

    /// 400 `invalidPath`: a PATCH `path` does not parse.
    pub fn invalid_path(detail: impl Into<String>) -> ScimError {
        ScimError::new(
            StatusCode::BAD_REQUEST,
            Some("invalidPath"),
            FailureCategory::Validation,
            detail,
        )
    }

    /// 400 `noTarget`: a PATCH `path` selects nothing where it must select something.
    pub fn no_target(detail: impl Into<String>) -> ScimError {
        ScimError::new(
            StatusCode::BAD_REQUEST,
            Some("noTarget"),
            FailureCategory::Validation,
            detail,
        )
    }

    /// 400 `mutability`: the request tries to change a read-only attribute (`id`, `meta`, …).
    pub fn mutability(detail: impl Into<String>) -> ScimError {
        ScimError::new(
            StatusCode::BAD_REQUEST,
            Some("mutability"),
            FailureCategory::Validation,
            detail,
        )
    }

    /// 409 `uniqueness`: the `userName` or email belongs to a SCIM-managed identity already.
    pub fn duplicate_user(detail: impl Into<String>) -> ScimError {
        ScimError::new(
            StatusCode::CONFLICT,
            Some("uniqueness"),
            FailureCategory::DuplicateUser,
            detail,
        )
    }

    /// 409: a Reader was pushed whose email belongs to a project-native User.
    pub fn user_already_exists(email: &str) -> ScimError {
        ScimError::new(
            StatusCode::CONFLICT,
            Some("uniqueness"),
            FailureCategory::UserAlreadyExists,
            format!(
                "User already available in the project: {email} is registered as a User. To make \
                 them a Reader, set isTeamAccount to true and sync, then set it to false and sync."
            ),
        )
    }

    /// 409 `uniqueness` for a group whose displayName a live group already has.
    pub fn duplicate_group(display_name: &str) -> ScimError {
        ScimError::new(
            StatusCode::CONFLICT,
            Some("uniqueness"),
            FailureCategory::Validation,
            format!("A group named {display_name:?} already exists."),
        )
    }

    /// 400: group members that are not provisioned in the project cannot be linked.
    pub fn member_not_provisioned(unknown: &[String]) -> ScimError {
        let shown: Vec<&str> = unknown.iter().take(5).map(String::as_str).collect();
        let more = unknown.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        ScimError::new(
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            FailureCategory::MemberNotProvisioned,
            format!(
                "Group members are not provisioned in the project, so they cannot be linked: {}{tail}. \
                 Provision those users first (their own provisioning may have failed).",
                shown.join(", ")
            ),
        )
    }

    /// 404: the group was deleted inside the project.
    pub fn group_deleted_in_project(id: &str) -> ScimError {
        ScimError::new(
            StatusCode::NOT_FOUND,
            None,
            FailureCategory::GroupDeletedInProject,
            format!(
                "Group {id} was deleted in the project. An admin can re-push it from the SCIM \
                 Sync Dashboard, which restores it under the same id."
            ),
        )
    }

    /// 412: `If-Match` named another version.
    pub fn precondition_failed() -> ScimError {
        ScimError::new(
            StatusCode::PRECONDITION_FAILED,
            None,
            FailureCategory::Validation,
            "The resource changed since the version in If-Match. Read it again and retry.",
        )
    }

    /// 405: the endpoint does not support the method.
    pub fn method_not_allowed() -> ScimError {
        ScimError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            None,
            FailureCategory::Validation,
            "This endpoint does not support that HTTP method.",
        )
    }

    /// 403: no licence seat is free.
    pub fn licence_limit(limit: u32) -> ScimError {
        ScimError::new(
            StatusCode::FORBIDDEN,
            None,
            FailureCategory::LicenceLimit,
            format!(
                "Licence limit reached: all {limit} User seats are taken. Free a seat, raise the \
                 limit, or provision this person as a Reader (isTeamAccount false)."
            ),
        )
    }

    /// 404: no resource with that id.
    pub fn not_found(detail: impl Into<String>) -> ScimError {
        ScimError::new(
            StatusCode::NOT_FOUND,
            None,
            FailureCategory::Validation,
            detail,
        )
    }

    /// 401: the bearer token is missing or wrong.
    pub fn unauthorized() -> ScimError {
        ScimError::new(
            StatusCode::UNAUTHORIZED,
            None,
            FailureCategory::Auth,
            "Missing or invalid bearer token. Check the SCIM token configured in your identity provider.",
        )
    }

    /// 401: the bearer token was revoked by one of the project's admins.
    pub fn token_revoked() -> ScimError {
        ScimError::new(
            StatusCode::UNAUTHORIZED,
            None,
            FailureCategory::Auth,
            "This SCIM token was revoked. Generate a new token in the dashboard's SCIM setup and \
             configure it in your identity provider.",
        )
    }

    /// 403: SCIM provisioning is turned off for the project.
    pub fn scim_disabled() -> ScimError {
        ScimError::new(
            StatusCode::FORBIDDEN,
            None,
            FailureCategory::ScimDisabled,
            "SCIM provisioning is disabled for this project. An admin can enable it in the project's settings.",
        )
    }

    /// 413: the body exceeds the size cap.
    pub fn payload_too_large(max_bytes: usize) -> ScimError {
        ScimError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            None,
            FailureCategory::Validation,
            format!("The request body exceeds the maximum of {max_bytes} bytes."),
        )
    }

    /// 500: a fault on our side; the cause is logged under the request id, never returned.
    pub fn internal() -> ScimError {
        ScimError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            FailureCategory::Internal,
            "An internal error occurred. The server log has the details under this response's X-Request-Id.",
        )
    }

    /// 415 `invalidSyntax`: the body's media type is not JSON.
    pub fn unsupported_media_type(media_type: &str) -> ScimError {
        ScimError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Some("invalidSyntax"),
            FailureCategory::Validation,
            format!(
                "The request body must be application/scim+json (or application/json), not {media_type:?}."
            ),
        )
    }

    /// An error answer axum wrote before any handler ran (a query string or path parameter
    /// it cannot read: 400 `invalidValue`), with its text as the detail; a 5xx is an
    /// [`internal`](ScimError::internal) error whose text is only logged.
    pub fn rejection(status: StatusCode, text: String) -> ScimError {
        if status.is_server_error() {
            tracing::error!(%status, %text, "a SCIM request failed before its handler");
            return ScimError::internal();
        }
        match status {
            StatusCode::METHOD_NOT_ALLOWED => ScimError::method_not_allowed(),
            StatusCode::PAYLOAD_TOO_LARGE => ScimError::payload_too_large(super::MAX_BODY_BYTES),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ScimError::new(
                status,
                Some("invalidSyntax"),
                FailureCategory::Validation,
                text,
            ),
            _ => ScimError::new(
                status,
                Some("invalidValue"),
                FailureCategory::Validation,
                text,
            ),
        }
    }

    /// 429 `tooMany`: `from` (this address, this connection) sent more requests than its rate
    /// limit allows; the IdP should wait `retry_after_secs` (also sent as `Retry-After`).
    pub fn too_many(from: &str, retry_after_secs: u64) -> ScimError {
        ScimError::new(
            StatusCode::TOO_MANY_REQUESTS,
            Some("tooMany"),
            FailureCategory::Validation,
            format!("Too many requests from {from}. Retry after {retry_after_secs} seconds."),
        )
        .retry_after(retry_after_secs)
    }

    /// 408: the request body did not arrive within the body read timeout.
    pub fn body_timed_out() -> ScimError {
        ScimError::new(
            StatusCode::REQUEST_TIMEOUT,
            None,
            FailureCategory::Validation,
            "The request body did not arrive in time. Send it again.",
        )
    }

    /// 503: too many requests are in flight; the IdP should retry shortly.
    pub fn unavailable() -> ScimError {
        ScimError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            None,
            FailureCategory::Internal,
            "The server is busy. Retry in a second.",
        )
    }

    /// 503 with `Retry-After`: the database cannot be reached now; the same request may
    /// succeed once it is back (nothing of this one was applied).
    pub fn database_unavailable() -> ScimError {
        let seconds = RETRY_AFTER_UNAVAILABLE_SECS;
        ScimError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            None,
            FailureCategory::Internal,
            format!(
                "The database is unreachable, so nothing of this request was applied. Retry after \
                 {seconds} seconds."
            ),
        )
        .retry_after(seconds)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Whether this is the 412 of a version check.
    pub fn is_precondition_failed(&self) -> bool {
        self.status == StatusCode::PRECONDITION_FAILED
    }
}

impl From<StoreError> for ScimError {
    fn from(error: StoreError) -> ScimError {
        if error.is_unavailable() {
            tracing::warn!(%error, "the database is unreachable");
            return ScimError::database_unavailable();
        }
        tracing::error!(%error, "storage failed");
        ScimError::internal()
    }
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "schemas": [ERROR_SCHEMA],
            "status": self.status.as_str(),
            "detail": self.detail,
        });
        if let Some(scim_type) = self.scim_type {
            body["scimType"] = json!(scim_type);
        }
        let mut response = (self.status, body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(SCIM_CONTENT_TYPE),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"SCIM\""),
            );
        }
        if let Some(seconds) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(Failure {
            category: self.category,
            scim_type: self.scim_type,
            detail: self.detail,
        });
        response
    }
}
