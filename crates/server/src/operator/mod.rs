//! The operator (the platform that hosts the projects): creates and lists projects, and sees
//! the SCIM requests no project's token authenticated. Over HTTP at `/api/v1/operator`, behind
//! the operator token given at start (`--operator-token`); from the command line with
//! `scim-sync-server project …` on the data directory. `scim-sync-server migrate-data` moves a
//! SQLite installation into PostgreSQL ([`migrate_data`]).

pub mod cli;
pub mod migrate_data;

use axum::extract::Path;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use scim_sync_core::setup::{
    CreatedProject, EmbeddedSession, NewProjectRequest, NewSessionRequest, ProjectSummary,
};

use crate::admin::AdminError;
use crate::admin::json::AdminJson;
use crate::admin::page::bad_request;
use crate::domain::project::ProjectId;
use crate::domain::secret::{Token, TokenHash, TokenKind};
use crate::scim::auth::bearer_token;
use crate::state::AppState;
use crate::store::{self, refused::RefusedSource};
use crate::tenancy;

/// The seat limit of a project created without one.
pub const DEFAULT_SEAT_LIMIT: u32 = 25;

/// The operator's endpoints, nested in the admin API's router (which gives them the state).
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/projects", get(list).post(create))
        .route("/projects/{id}/sessions", post(mint_session))
        .route("/refused", get(refused))
        .fallback(|| async { AdminError::not_found("No such operator API endpoint.") })
        .layer(middleware::from_fn_with_state(state, require_operator))
}

/// Refuses requests without the operator token; the API is closed when none was configured.
async fn require_operator(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(expected) = &state.operator else {
        return AdminError::not_found(
            "The operator API is closed: start the server with --operator-token to open it.",
        )
        .into_response();
    };
    match bearer_token(request.headers()) {
        Some(token) if TokenHash::of(token) == *expected => next.run(request).await,
        _ => AdminError::unauthorized().into_response(),
    }
}

async fn list(State(state): State<AppState>) -> Result<Json<Vec<ProjectSummary>>, AdminError> {
    Ok(Json(store::projects::list(&state.db).await?))
}

/// Creates a project; the answer carries its first admin token, shown once.
async fn create(
    State(state): State<AppState>,
    AdminJson(request): AdminJson<NewProjectRequest>,
) -> Result<(StatusCode, Json<CreatedProject>), AdminError> {
    let created = create_project(
        &state.db,
        &request.name,
        request.seat_limit.unwrap_or(DEFAULT_SEAT_LIMIT),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Creates a project with a generated admin token: the CLI and the API both come here.
pub async fn create_project(
    db: &store::Db,
    name: &str,
    seat_limit: u32,
) -> Result<CreatedProject, AdminError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(bad_request(
            "Give the project a name of 1 to 200 characters.",
        ));
    }
    let admin_token = Token::generate(TokenKind::Admin).map_err(|_| AdminError::internal())?;
    let created = tenancy::create_project(db, name, seat_limit, admin_token, None)
        .await
        .map_err(|error| match error {
            tenancy::CredentialError::Store(e) => AdminError::from(e),
            other => {
                tracing::error!(error = %other, "cannot create a project");
                AdminError::internal()
            }
        })?;
    let project = store::projects::get(db, created.id)
        .await?
        .ok_or_else(AdminError::internal)?;
    Ok(CreatedProject {
        project,
        admin_token: created.admin_token.expose().to_owned(),
    })
}

/// The sources of refused, unattributable requests (SCIM, admin and operator API), most
/// refused first.
async fn refused(State(state): State<AppState>) -> Result<Json<Vec<RefusedSource>>, AdminError> {
    state.refusals.flush(&state.db).await?;
    Ok(Json(store::refused::list(&state.db).await?))
}

/// The longest an embedded session lasts; the default is a quarter of it.
const MAX_EMBEDDED_SESSION_SECS: u32 = 3600;

/// Mints a short-lived session for an admin the platform signed in, to hand to the embedded
/// dashboard (`data-session`).
async fn mint_session(
    State(state): State<AppState>,
    Path(project): Path<i64>,
    AdminJson(request): AdminJson<NewSessionRequest>,
) -> Result<(StatusCode, Json<EmbeddedSession>), AdminError> {
    let project = ProjectId(project);
    if store::projects::get(&state.db, project).await?.is_none() {
        return Err(AdminError::not_found(format!("No project {project}.")));
    }
    let actor = request.actor.trim();
    if actor.is_empty() || actor.chars().count() > 200 {
        return Err(bad_request(
            "Name the admin (actor) in 1 to 200 characters.",
        ));
    }
    let secs = request
        .ttl_secs
        .unwrap_or(MAX_EMBEDDED_SESSION_SECS / 4)
        .clamp(60, MAX_EMBEDDED_SESSION_SECS);
    let (token, expires_at) =
        crate::admin::session::mint_embedded(&state.db, project, actor, i64::from(secs) * 1000)
            .await?;
    Ok((
        StatusCode::CREATED,
        Json(EmbeddedSession {
            session: token.expose().to_owned(),
            expires_at: store::rfc3339(expires_at),
        }),
    ))
}
