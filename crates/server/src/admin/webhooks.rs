//! `/api/v1/webhooks`: the project's webhook endpoints and their recent deliveries. Adding an
//! endpoint or rotating its secret answers the secret in clear once; "send test event" queues
//! a `test` delivery to one endpoint. Each change commits with its audit entry.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use scim_sync_core::audit::AdminAction;
use scim_sync_core::webhooks::{self, NewWebhookRequest, WebhookEndpoint, WebhookSecret};
use serde_json::{Value, json};

use super::auth::Admin;
use super::error::AdminError;
use super::json::AdminJson;
use super::page::bad_request;
use crate::alerts::{destination, queue};
use crate::domain::secret::Token;
use crate::state::AppState;
use crate::store::audit::Actor;
use crate::store::{self, ProjectDb};

/// The longest URL accepted.
const MAX_URL_CHARS: usize = 2_000;

/// The project's endpoints.
pub async fn list(db: ProjectDb) -> Result<Json<Vec<WebhookEndpoint>>, AdminError> {
    Ok(Json(store::webhooks::list(&db).await?))
}

/// Adds an endpoint; answers its secret once.
pub async fn create(
    State(state): State<AppState>,
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    AdminJson(request): AdminJson<NewWebhookRequest>,
) -> Result<(StatusCode, Json<WebhookSecret>), AdminError> {
    let url = request.url.trim();
    if url.chars().count() > MAX_URL_CHARS {
        return Err(bad_request(format!(
            "A webhook URL has at most {MAX_URL_CHARS} characters."
        )));
    }
    destination::check_url(url, state.webhook_policy)
        .map_err(|refused| bad_request(format!("{refused}.")))?;
    let secret = new_secret()?;
    let mut tx = db.begin_write().await?;
    let id = store::webhooks::create_in(&mut tx, db.id(), url, secret.expose()).await?;
    actor(&admin, AdminAction::WebhookAdd)
        .record_in(
            &mut tx,
            db.id(),
            &format!("Added the webhook endpoint {url}"),
        )
        .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(answer(&db, id, secret).await?)))
}

/// Gives an endpoint a new secret; the old one signs nothing from now on.
pub async fn rotate_secret(
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    Path(id): Path<i64>,
) -> Result<Json<WebhookSecret>, AdminError> {
    let secret = new_secret()?;
    let mut tx = db.begin_write().await?;
    if !store::webhooks::rotate_secret_in(&mut tx, db.id(), id, secret.expose()).await? {
        return Err(unknown());
    }
    actor(&admin, AdminAction::WebhookSecret)
        .record_in(
            &mut tx,
            db.id(),
            &format!("Rotated the secret of webhook endpoint {id}"),
        )
        .await?;
    tx.commit().await?;
    Ok(Json(answer(&db, id, secret).await?))
}

/// Deletes an endpoint; its pending deliveries fail.
pub async fn delete(
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    Path(id): Path<i64>,
) -> Result<StatusCode, AdminError> {
    let mut tx = db.begin_write().await?;
    if !store::webhooks::delete_in(&mut tx, db.id(), id).await? {
        return Err(unknown());
    }
    actor(&admin, AdminAction::WebhookDelete)
        .record_in(&mut tx, db.id(), &format!("Deleted webhook endpoint {id}"))
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Queues a `test` event for one endpoint.
pub async fn send_test(
    State(state): State<AppState>,
    db: ProjectDb,
    Extension(admin): Extension<Admin>,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<Value>), AdminError> {
    let body = queue::body(
        webhooks::TEST,
        db.id(),
        json!({ "sent_by": admin.0, "endpoint_id": id }),
    );
    let mut tx = db.begin_write().await?;
    let queued =
        store::webhooks::enqueue_in(&mut tx, db.id(), Some(id), webhooks::TEST, &body).await?;
    let Some(delivery_id) = queued.into_iter().next() else {
        return Err(unknown());
    };
    tx.commit().await?;
    state.webhooks.queued();
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "delivery_id": delivery_id })),
    ))
}

fn actor(admin: &Admin, action: AdminAction) -> Actor<'_> {
    Actor {
        name: &admin.0,
        action,
    }
}

fn new_secret() -> Result<Token, AdminError> {
    Token::random("whsec").map_err(|_| AdminError::internal())
}

fn unknown() -> AdminError {
    AdminError::not_found("No such webhook endpoint.")
}

async fn answer(db: &ProjectDb, id: i64, secret: Token) -> Result<WebhookSecret, AdminError> {
    let endpoint = store::webhooks::list(db)
        .await?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(AdminError::internal)?;
    Ok(WebhookSecret {
        endpoint,
        secret: secret.expose().to_owned(),
    })
}
