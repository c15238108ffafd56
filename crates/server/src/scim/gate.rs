//! The gate every SCIM request passes: bearer authentication (before anything of the body is
//! read; the same query reads the project's SCIM on/off switch), the rate per IdP connection,
//! the body cap, the switch, and the sync event that records the request and its outcome in
//! the token's project.
//!
//! A request no project's token authenticated is answered 401 and only counted per source
//! ([`super::refusals`]); one with a revoked token, or past its connection's rate (429
//! `tooMany`), is recorded in its project without its body. Nothing about a refused request's
//! body is read or kept. A body that does not arrive in time is answered 408, one past the
//! cap 413; a client that goes away mid-body gets nothing and leaves no event, and one that
//! hangs up after its body does not stop the request: it is finished and recorded. A success is
//! answered only once its event is stored. A database that cannot be reached, for the token's
//! lookup, the handler or the event, is answered 503 with `Retry-After` (`store::error`); the
//! event of a request that failed anyway is then not stored, which is logged, not answered.

use std::time::Instant;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use scim_sync_core::idp::Idp;
use serde_json::Value;
use tracing::Instrument;

use super::auth::{self, Authenticated, Caller};
use super::error::{Failure, ScimError};
use super::{MAX_BODY_BYTES, PREFIX, redact, refusals};
use crate::domain::project::Tenant;
use crate::edge::limits::{self, BodyTimedOut};
use crate::state::AppState;
use crate::store::refused::Refusal;
use crate::store::{events::NewEvent, now_ms};

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

/// Set by the dashboard's Retry on the request it replays: the request runs as the connection
/// and token that first sent it, checked again now (a revoked token replays nothing), and its
/// event links to the original. Only the server itself can set a request extension.
#[derive(Debug, Clone)]
pub struct Replay {
    /// Who sent the original request.
    pub caller: Caller,
    /// The original event's id.
    pub retry_of: i64,
}

/// The absolute base URL of the SCIM endpoints as the client reached them, for `Location`
/// and `meta.location`.
#[derive(Debug, Clone)]
pub struct ScimBase(pub String);

/// What is known of a request before its body is read.
struct Arrival {
    request_id: String,
    occurred_at: i64,
    started: Instant,
    user_agent: Option<String>,
    idp: Idp,
    method: String,
    path: String,
}

/// The middleware: see the module docs.
///
/// It runs in a task of its own, to the end: a client that hangs up drops the connection's
/// future, and what the handler has begun must still be finished — committed with its sync
/// event, told to the live stream, its run's end timed — or not begun at all. A panic in it
/// goes on unwinding here, as if it had not been spawned.
pub async fn gate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match tokio::spawn(gated(state, request, next)).await {
        Ok(response) => response,
        Err(stopped) => match stopped.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            // The runtime is shutting down.
            Err(_) => ScimError::unavailable().into_response(),
        },
    }
}

async fn gated(state: AppState, request: Request, next: Next) -> Response {
    let arrival = Arrival::of(&request);
    let span = tracing::info_span!(
        "scim",
        request_id = %arrival.request_id,
        method = %arrival.method,
        path = %arrival.path,
        connection = tracing::field::Empty,
    );
    async move {
        let (parts, body) = request.into_parts();
        let replay = parts.extensions.get::<Replay>().cloned();
        let authenticated = match &replay {
            Some(replay) => auth::recheck(&state.db, &replay.caller).await,
            None => auth::authenticate(&state.db, &parts.headers).await,
        };
        let mut response = match authenticated {
            Err(error) => {
                tracing::warn!("cannot authenticate a SCIM request");
                ScimError::from(error).into_response()
            }
            Ok(Authenticated::Unknown) => {
                let response = ScimError::unauthorized().into_response();
                state.refusals.count(arrival.refusal(&parts, &response));
                response
            }
            Ok(Authenticated::Revoked(caller)) => {
                let response = ScimError::token_revoked().into_response();
                record(&state, &arrival, &caller, None, &replay, response).await
            }
            Ok(Authenticated::Valid {
                caller,
                scim_enabled,
            }) => {
                tracing::Span::current().record("connection", caller.connection.name.as_str());
                if replay.is_none() {
                    state
                        .last_used
                        .touch(&state.db, caller.token_id, arrival.occurred_at)
                        .await;
                }
                let limited = replay.is_none().then(|| {
                    state
                        .connection_rate
                        .admit(caller.connection.id, tokio::time::Instant::now())
                });
                if let Some(Err(wait)) = limited {
                    let response = limits::too_many("this IdP connection", wait);
                    record(&state, &arrival, &caller, None, &replay, response).await
                } else {
                    match admit(&caller, scim_enabled, parts, body, next).await {
                        Some((body, response)) => {
                            record(&state, &arrival, &caller, body, &replay, response).await
                        }
                        None => {
                            tracing::debug!("the client went away before sending its body");
                            ScimError::invalid_syntax("The request body could not be read.")
                                .into_response()
                        }
                    }
                }
            }
        };
        if let Ok(value) = HeaderValue::from_str(&arrival.request_id) {
            response.headers_mut().insert("x-request-id", value);
        }
        response
    }
    .instrument(span)
    .await
}

/// Reads the body within the cap and runs the handler if the project accepts SCIM requests.
/// Returns the body as stored (redacted) with the answer; `None` if the client went away
/// before its body arrived (there is nobody to answer, and nothing to record).
async fn admit(
    caller: &Caller,
    scim_enabled: bool,
    mut parts: Parts,
    body: Body,
    next: Next,
) -> Option<(Option<String>, Response)> {
    if declared_length(&parts.headers).is_some_and(|length| length > MAX_BODY_BYTES) {
        let refused = ScimError::payload_too_large(MAX_BODY_BYTES).into_response();
        return Some((None, refused));
    }
    let bytes: Bytes = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            let refused = match unread_body(&error)? {
                UnreadBody::TimedOut => ScimError::body_timed_out(),
                UnreadBody::TooLarge => ScimError::payload_too_large(MAX_BODY_BYTES),
            };
            return Some((None, refused.into_response()));
        }
    };
    let stored_body = redact::for_storage(&bytes);
    if !scim_enabled {
        return Some((stored_body, ScimError::scim_disabled().into_response()));
    }
    parts.extensions.insert(Tenant(caller.connection.project));
    parts.extensions.insert(caller.clone());
    parts.extensions.insert(ScimBase(scim_base(&parts.headers)));
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    Some((stored_body, response))
}

/// Why a body that did not arrive whole is refused.
enum UnreadBody {
    /// The body read timeout ran out (408).
    TimedOut,
    /// The body went past the cap (413).
    TooLarge,
}

/// What a failed body read means; `None` when the connection failed under it (the client
/// disconnected or broke the framing), which hyper reports as its own error.
fn unread_body(error: &axum::Error) -> Option<UnreadBody> {
    let causes =
        std::iter::successors(Some(error as &(dyn std::error::Error + 'static)), |cause| {
            cause.source()
        });
    for cause in causes {
        if cause.is::<BodyTimedOut>() {
            return Some(UnreadBody::TimedOut);
        }
        if cause.is::<hyper::Error>() {
            return None;
        }
    }
    Some(UnreadBody::TooLarge)
}

/// Records the request in the caller's project and tells the live dashboards.
async fn record(
    state: &AppState,
    arrival: &Arrival,
    caller: &Caller,
    body: Option<String>,
    replay: &Option<Replay>,
    mut response: Response,
) -> Response {
    let event = arrival.describe(caller, body, &response, replay.as_ref().map(|r| r.retry_of));
    match state.recorder.record(&event).await {
        Ok(recorded) => {
            response.extensions_mut().insert(recorded);
            crate::live::publish_event(state, &event, recorded);
            response
        }
        // A success is acknowledged only with its sync event: the IdP is told it failed (and
        // sends it again) rather than told of a change the project's history will not show.
        // A database that cannot be reached answers 503 (`ScimError::from`).
        Err(error) if response.status().is_success() => {
            tracing::warn!(status = %response.status(), "the sync event of a successful request could not be recorded");
            ScimError::from(error).into_response()
        }
        // The request failed anyway: its answer stands, unrecorded.
        Err(error) => {
            tracing::warn!(%error, "the sync event could not be recorded");
            response
        }
    }
}

fn declared_length(headers: &HeaderMap) -> Option<usize> {
    header_str(headers, header::CONTENT_LENGTH)?
        .trim()
        .parse()
        .ok()
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

impl Arrival {
    fn of(request: &Request) -> Arrival {
        let user_agent = header_str(request.headers(), header::USER_AGENT).map(str::to_owned);
        let uri = request
            .extensions()
            .get::<axum::extract::OriginalUri>()
            .map_or_else(|| request.uri().clone(), |original| original.0.clone());
        Arrival {
            request_id: uuid::Uuid::new_v4().to_string(),
            occurred_at: now_ms(),
            started: Instant::now(),
            idp: Idp::from_user_agent(user_agent.as_deref().unwrap_or_default()),
            user_agent,
            method: request.method().to_string(),
            path: uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
        }
    }

    /// A request no project's token authenticated, as counted for its source.
    fn refusal(&self, parts: &Parts, response: &Response) -> Refusal {
        refusals::refusal(
            &parts.extensions,
            &parts.headers,
            &self.method,
            &self.path,
            self.occurred_at,
            response.status().as_u16(),
        )
    }

    /// The sync event for a request: what the handler said about its target, else what the
    /// path and body tell.
    fn describe(
        &self,
        caller: &Caller,
        body: Option<String>,
        response: &Response,
        retry_of: Option<i64>,
    ) -> NewEvent {
        let (resource_type, path_id) = resource_of(&self.path);
        let body_json = body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok());
        let target = response
            .extensions()
            .get::<Target>()
            .cloned()
            .unwrap_or_default();
        let failure = response.extensions().get::<Failure>();
        let from_body = |key: &str| {
            body_json
                .as_ref()
                .and_then(|b| b.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        NewEvent {
            request_id: self.request_id.clone(),
            occurred_at: self.occurred_at,
            project: caller.connection.project,
            connection_id: Some(caller.connection.id),
            token_id: Some(caller.token_id),
            connection: caller.connection.name.clone(),
            idp: self.idp.code().to_owned(),
            user_agent: self.user_agent.clone(),
            method: self.method.clone(),
            path: self.path.clone(),
            resource_type,
            target_id: target.id.or(path_id),
            target_external_id: target.external_id.or_else(|| from_body("externalId")),
            target_user_name: target
                .name
                .or_else(|| from_body("userName"))
                .or_else(|| from_body("displayName")),
            status: response.status().as_u16(),
            scim_type: failure.and_then(|f| f.scim_type).map(str::to_owned),
            category: failure.map(|f| f.category.code().to_owned()),
            detail: failure.map(|f| f.detail.clone()),
            request_body: body,
            duration_us: i64::try_from(self.started.elapsed().as_micros()).unwrap_or(i64::MAX),
            retry_of,
        }
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
}
