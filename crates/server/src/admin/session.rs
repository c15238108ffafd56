//! `/api/v1/sessions` (sign in), `/api/v1/sessions/current` (does this browser's cookie open a
//! session?) and `/api/v1/session` (the current one; sign out). Signing in with an admin token opens a server-side
//! session carried by an HttpOnly, SameSite=Strict cookie (Secure behind TLS), so the
//! standalone dashboard stays signed in across a reload and no secret reaches web storage; its
//! state-changing requests echo the session's CSRF token in `X-CSRF-Token`. An embedded
//! dashboard gets a short-lived session from its host instead (minted over the operator API,
//! sent as a bearer token).

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use scim_sync_core::api::{SessionInfo, SignInRequest};

use super::auth::Signed;
use super::error::AdminError;
use super::json::AdminJson;
use crate::domain::project::ProjectId;
use crate::domain::secret::{Token, TokenHash};
use crate::state::AppState;
use crate::store::sessions::{self, Session, SessionKind};
use crate::store::{self, Db, now_ms, rfc3339};

/// The cookie that carries a standalone session.
pub const COOKIE: &str = "ssd_session";
/// How long a standalone session lasts.
pub const COOKIE_SESSION_MS: i64 = 12 * 3600 * 1000;
/// The header a cookie session's state-changing requests carry.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Signs in with an admin token: a new cookie session.
pub async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    AdminJson(request): AdminJson<SignInRequest>,
) -> Result<Response, AdminError> {
    let credential = super::auth::admin_credential(&state, &TokenHash::of(request.token.trim()))
        .await?
        .ok_or_else(AdminError::unauthorized)?;
    let secret = random("session")?;
    let session = Session {
        project: credential.project,
        actor: credential.name,
        csrf: Some(random("csrf")?.expose().to_owned()),
        expires_at: now_ms() + COOKIE_SESSION_MS,
    };
    sessions::create(&state.db, &secret.hash(), SessionKind::Cookie, &session).await?;
    let info = info(&state.db, &session).await?;
    let cookie = format!(
        "{COOKIE}={}; Path=/api/v1; HttpOnly; SameSite=Strict; Max-Age={}{}",
        secret.expose(),
        COOKIE_SESSION_MS / 1000,
        if behind_tls(&headers) { "; Secure" } else { "" }
    );
    let mut response = (StatusCode::CREATED, Json(info)).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// Whether this browser's session cookie opens a session: 200 with it, or 204 (not an error:
/// the dashboard asks on every load).
pub async fn resume(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, AdminError> {
    let Some(cookie) = cookie(&headers) else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    match sessions::find(&state.db, &TokenHash::of(cookie), SessionKind::Cookie).await? {
        Some(session) => Ok(Json(info(&state.db, &session).await?).into_response()),
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

/// The session the request carries.
pub async fn current(
    State(state): State<AppState>,
    Extension(signed): Extension<Signed>,
) -> Result<Json<SessionInfo>, AdminError> {
    match signed {
        Signed::Session { session, .. } => Ok(Json(info(&state.db, &session).await?)),
        Signed::Token => Err(AdminError::not_found(
            "This request carries an admin token, not a session.",
        )),
    }
}

/// Signs out: the session ends and its cookie is cleared.
pub async fn sign_out(
    State(state): State<AppState>,
    Extension(signed): Extension<Signed>,
) -> Result<Response, AdminError> {
    if let Signed::Session { hash, .. } = &signed {
        sessions::delete(&state.db, hash).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "ssd_session=; Path=/api/v1; HttpOnly; SameSite=Strict; Max-Age=0",
        ),
    );
    Ok(response)
}

/// A session for an embedded dashboard, minted by the operator for an admin its platform
/// signed in: valid for `ttl_ms`, sent as a bearer token.
pub async fn mint_embedded(
    db: &Db,
    project: ProjectId,
    actor: &str,
    ttl_ms: i64,
) -> Result<(Token, i64), AdminError> {
    let secret = random("session")?;
    let session = Session {
        project,
        actor: actor.to_owned(),
        csrf: None,
        expires_at: now_ms() + ttl_ms,
    };
    sessions::create(db, &secret.hash(), SessionKind::Embedded, &session).await?;
    Ok((secret, session.expires_at))
}

/// The value of the session cookie, if the request has one.
pub fn cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE && !value.is_empty()).then_some(value)
        })
}

async fn info(db: &Db, session: &Session) -> Result<SessionInfo, AdminError> {
    let project = store::projects::get(db, session.project)
        .await?
        .ok_or_else(AdminError::unauthorized)?;
    Ok(SessionInfo {
        project_id: project.id,
        project_name: project.name,
        actor: session.actor.clone(),
        csrf_token: session.csrf.clone(),
        expires_at: rfc3339(session.expires_at),
    })
}

fn random(what: &str) -> Result<Token, AdminError> {
    Token::random(what).map_err(|_| AdminError::internal())
}

/// Whether the client reached us over TLS (through a proxy that says so).
fn behind_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}
