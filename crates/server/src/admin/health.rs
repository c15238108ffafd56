//! `GET /api/v1/health`: each IdP connection's health, judged now from its recent requests
//! ([`scim_sync_core::health`]), with its cause and the next step in its IdP's words.

use axum::Json;
use scim_sync_core::health::{self, ConnectionHealth, Thresholds};
use scim_sync_core::idp::Idp;

use super::error::AdminError;
use crate::store::{self, ProjectDb, now_ms, rfc3339};

/// The project's connections, oldest first, each with its health.
pub async fn get(db: ProjectDb) -> Result<Json<Vec<ConnectionHealth>>, AdminError> {
    let thresholds = Thresholds::default();
    let now = now_ms();
    let mut report = Vec::new();
    for connection in store::connections::list(&db).await? {
        let (activity, idp) =
            store::health::activity(&db, connection.id, thresholds.window).await?;
        let idp = idp.unwrap_or(Idp::Generic);
        let assessment = health::assess(&activity, &thresholds, now);
        let (summary, next_step) = health::explain(&assessment.cause, idp);
        report.push(ConnectionHealth {
            connection_id: connection.id,
            connection: connection.name,
            idp,
            state: assessment.state,
            cause: assessment.cause,
            summary,
            next_step,
            last_request_at: activity.last_request_at.map(rfc3339),
        });
    }
    Ok(Json(report))
}
