//! The gate every SCIM request passes: body cap, bearer authentication, the SCIM on/off switch,
//! and the sync event that records the request and its outcome.

use std::time::Instant;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use scim_sync_core::idp::Idp;
use serde_json::Value;
use tracing::Instrument;

use super::error::{Failure, ScimError};
use super::{MAX_BODY_BYTES, PREFIX, redact};
use crate::domain::secret::{TokenHash, TokenKind};
use crate::state::AppState;
use crate::store::{self, events::NewEvent, now_ms};

/// The connection name recorded for requests whose token was missing or wrong.
pub const UNAUTHENTICATED: &str = "unauthenticated";

/// The resource a request was about, as a handler knows it; recorded with the event.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// The SCIM id.
    pub id: Option<String>,
    /// The IdP's externalId.
    pub external_id: Option<String>,
    /// The `userName`, or a group's `displayName`.
    pub name: Option<String>,
}

/// Set by the dashboard's Retry on the request it replays: the request runs as the IdP
/// connection that first sent it (no token needed) and its event links to the original.
/// Only the server itself can set a request extension.
#[derive(Debug, Clone)]
pub struct Replay {
    /// The original event's IdP connection.
    pub connection: String,
    /// The original event's id.
    pub retry_of: i64,
}

/// The absolute base URL of the SCIM endpoints as the client reached them, for `Location`
/// and `meta.location`.
#[derive(Debug, Clone)]
pub struct ScimBase(pub String);

/// The middleware: see the module docs.
pub async fn gate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let occurred_at = now_ms();
    let request_id = uuid::Uuid::new_v4().to_string();
    let user_agent = header_str(request.headers(), header::USER_AGENT).map(str::to_owned);
    let idp = Idp::from_user_agent(user_agent.as_deref().unwrap_or_default());
    let method = request.method().to_string();
    let uri = request
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| request.uri().clone(), |original| original.0.clone());
    let path = uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let span = tracing::info_span!("scim", %request_id, %method, %path, connection = tracing::field::Empty);

    async move {
        let (mut parts, body) = request.into_parts();
        let replay = parts.extensions.get::<Replay>().cloned();
        let (connection, body, mut response) = match to_bytes(body, MAX_BODY_BYTES).await {
            Err(_) => (
                authenticate(&state, &parts.headers)
                    .await
                    .unwrap_or_else(|_| UNAUTHENTICATED.into()),
                None,
                ScimError::payload_too_large(MAX_BODY_BYTES).into_response(),
            ),
            Ok(bytes) => {
                let stored_body = redact::for_storage(&bytes);
                match admit(&state, &parts.headers, replay.as_ref()).await {
                    Err((connection, error)) => (connection, stored_body, error.into_response()),
                    Ok(connection) => {
                        tracing::Span::current().record("connection", connection.as_str());
                        parts.extensions.insert(ScimBase(scim_base(&parts.headers)));
                        let response = next
                            .run(Request::from_parts(parts, Body::from(bytes)))
                            .await;
                        (connection, stored_body, response)
                    }
                }
            }
        };

        let event = describe(EventParts {
            request_id: &request_id,
            occurred_at,
            connection,
            idp,
            user_agent,
            method,
            path,
            body,
            response: &response,
            duration_us: i64::try_from(started.elapsed().as_micros()).unwrap_or(i64::MAX),
            retry_of: replay.map(|r| r.retry_of),
        });
        match state.recorder.record(event.clone()).await {
            Ok(recorded) => {
                response.extensions_mut().insert(recorded);
                crate::live::publish_event(&state, &event, recorded).await;
            }
            Err(error) => tracing::error!(%error, "the sync event could not be recorded"),
        }
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            response.headers_mut().insert("x-request-id", value);
        }
        response
    }
    .instrument(span)
    .await
}

/// Authenticates the connection and checks that SCIM is on. On refusal, returns the connection
/// name to record it under and the error to answer.
async fn admit(
    state: &AppState,
    headers: &HeaderMap,
    replay: Option<&Replay>,
) -> Result<String, (String, ScimError)> {
    let connection = match replay {
        Some(replay) => replay.connection.clone(),
        None => authenticate(state, headers)
            .await
            .map_err(|e| (UNAUTHENTICATED.to_owned(), e))?,
    };
    match store::settings::get(&state.db).await {
        Ok(settings) if settings.scim_enabled => Ok(connection),
        Ok(_) => Err((connection, ScimError::scim_disabled())),
        Err(e) => Err((connection, e.into())),
    }
}

/// The IdP connection named by the request's bearer token.
async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<String, ScimError> {
    let token = bearer_token(headers).ok_or_else(ScimError::unauthorized)?;
    store::tokens::find_name(&state.db, TokenKind::Scim, &TokenHash::of(token))
        .await?
        .ok_or_else(ScimError::unauthorized)
}

/// The token of an `Authorization: Bearer …` header (the scheme in any case).
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = header_str(headers, header::AUTHORIZATION)?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn scim_base(headers: &HeaderMap) -> String {
    let host = header_str(headers, header::HOST).unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .filter(|p| *p == "https" || *p == "http")
        .unwrap_or("http");
    format!("{scheme}://{host}{PREFIX}")
}

struct EventParts<'a> {
    request_id: &'a str,
    occurred_at: i64,
    connection: String,
    idp: Idp,
    user_agent: Option<String>,
    method: String,
    path: String,
    body: Option<String>,
    response: &'a Response,
    duration_us: i64,
    retry_of: Option<i64>,
}

/// The sync event for a request: what the handler said about its target, else what the path
/// and body tell.
fn describe(parts: EventParts<'_>) -> NewEvent {
    let (resource_type, path_id) = resource_of(&parts.path);
    let body_json = parts
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str::<Value>(b).ok());
    let target = parts
        .response
        .extensions()
        .get::<Target>()
        .cloned()
        .unwrap_or_default();
    let failure = parts.response.extensions().get::<Failure>();
    let from_body = |key: &str| {
        body_json
            .as_ref()
            .and_then(|b| b.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    NewEvent {
        request_id: parts.request_id.to_owned(),
        occurred_at: parts.occurred_at,
        connection: parts.connection,
        idp: parts.idp.code().to_owned(),
        user_agent: parts.user_agent,
        method: parts.method,
        path: parts.path,
        resource_type,
        target_id: target.id.or(path_id),
        target_external_id: target.external_id.or_else(|| from_body("externalId")),
        target_user_name: target
            .name
            .or_else(|| from_body("userName"))
            .or_else(|| from_body("displayName")),
        status: parts.response.status().as_u16(),
        scim_type: failure.and_then(|f| f.scim_type).map(str::to_owned),
        category: failure.map(|f| f.category.code().to_owned()),
        detail: failure.map(|f| f.detail.clone()),
        request_body: parts.body,
        duration_us: parts.duration_us,
        retry_of: parts.retry_of,
    }
}

/// `User` or `Group` and the id segment, from a path under the SCIM prefix.
fn resource_of(path: &str) -> (Option<String>, Option<String>) {
    let path = path.split('?').next().unwrap_or_default();
    let rest = path.strip_prefix(PREFIX).unwrap_or(path);
    let mut segments = rest.trim_start_matches('/').split('/');
    let resource_type = match segments.next() {
        Some("Users") => Some("User".to_owned()),
        Some("Groups") => Some("Group".to_owned()),
        _ => None,
    };
    let id = segments
        .next()
        .filter(|s| !s.is_empty() && !s.starts_with('.'))
        .map(str::to_owned);
    (resource_type, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resource_type_and_id_come_from_the_path() {
        assert_eq!(
            resource_of("/scim/v2/Users/abc?x=1"),
            (Some("User".into()), Some("abc".into()))
        );
        assert_eq!(resource_of("/scim/v2/Groups"), (Some("Group".into()), None));
        assert_eq!(
            resource_of("/scim/v2/Users/.search"),
            (Some("User".into()), None)
        );
        assert_eq!(resource_of("/scim/v2/Schemas"), (None, None));
    }

    #[test]
    fn the_bearer_scheme_is_case_insensitive() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer abc"),
        );
        assert_eq!(bearer_token(&headers), Some("abc"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&headers), None);
    }
}
