//! `GET /api/v1/audit?action=&actor=&q=&since=&until=&cursor=&limit=`: the admin actions of
//! the project, filtered, newest first, by keyset (the Activity page). An audited action is
//! also announced on the live stream ([`announce`]), so the page shows it as it happens.

use axum::extract::{Query, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::{Extension, Json};
use scim_sync_core::api::{AuditEntry, Page, StreamMessage};
use scim_sync_core::audit::AdminAction;
use serde::Deserialize;

use super::error::AdminError;
use super::page;
use crate::domain::project::Tenant;
use crate::state::AppState;
use crate::store::ProjectDb;
use crate::store::audit::{self, AuditQuery};

/// The query string.
#[derive(Debug, Default, Deserialize)]
pub struct AuditParams {
    action: Option<String>,
    actor: Option<String>,
    q: Option<String>,
    since: Option<String>,
    until: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

impl AuditParams {
    fn query(&self) -> Result<AuditQuery, AdminError> {
        let action = self
            .action
            .as_deref()
            .filter(|a| !a.is_empty())
            .map(|a| {
                AdminAction::from_code(a)
                    .ok_or_else(|| page::bad_request(format!("{a:?} is not an audited action.")))
            })
            .transpose()?;
        Ok(AuditQuery {
            action,
            actor: self.actor.clone().filter(|a| !a.is_empty()),
            text: self.q.clone().filter(|q| !q.trim().is_empty()),
            since: page::time(self.since.as_deref(), "since")?,
            until: page::time(self.until.as_deref(), "until")?,
        })
    }
}

/// A page of admin actions; the first page (no cursor) also says how many match in all.
pub async fn list(
    db: ProjectDb,
    Query(params): Query<AuditParams>,
) -> Result<Json<Page<AuditEntry>>, AdminError> {
    let query = params.query()?;
    let before = page::cursor(params.cursor.as_deref())?;
    let limit = page::limit(params.limit);
    let items = audit::search(&db, &query, before, limit).await?;
    let total = match before {
        None => Some(audit::count(&db, &query).await?),
        Some(_) => None,
    };
    let next_cursor = page::next_cursor(items.len(), limit, items.last().map(|e| e.id));
    Ok(Json(Page {
        items,
        next_cursor,
        total,
    }))
}

/// Marks the answer of an audited route that succeeded (a `route_layer` behind the admin's
/// authentication, on each route whose handler records an action), for [`announce`].
pub async fn mark(tenant: Extension<Tenant>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if response.status().is_success() {
        response.extensions_mut().insert(Audited(tenant.0));
    }
    response
}

/// That a request's action was audited, in this project.
#[derive(Debug, Clone, Copy)]
struct Audited(Tenant);

/// Tells the project's dashboards that an action was audited, for every answer [`mark`]ed.
pub async fn announce(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if let Some(Audited(tenant)) = response.extensions().get::<Audited>() {
        state.hub.publish(tenant.0, StreamMessage::Activity);
    }
    response
}
