//! `/api/v1/runs`: sync runs, newest first.

use axum::Json;
use axum::extract::{Path, Query, State};
use scim_sync_core::api::{Page, RunSummary};
use serde::Deserialize;

use super::error::AdminError;
use super::page;
use crate::state::AppState;
use crate::store::ProjectDb;
use crate::store::{self, now_ms};

/// `?cursor=&limit=`.
#[derive(Debug, Deserialize)]
pub struct RunsQuery {
    cursor: Option<String>,
    limit: Option<i64>,
}

/// A page of runs.
pub async fn list(
    State(state): State<AppState>,
    db: ProjectDb,
    Query(query): Query<RunsQuery>,
) -> Result<Json<Page<RunSummary>>, AdminError> {
    let before = page::cursor(query.cursor.as_deref())?;
    let limit = page::limit(query.limit);
    let runs = store::runs::page(&db, before, limit, now_ms(), state.run_idle_gap_ms).await?;
    let next_cursor = page::next_cursor(runs.len(), limit, runs.last().map(|r| r.id));
    Ok(Json(Page {
        items: runs,
        next_cursor,
        total: None,
    }))
}

/// One run.
pub async fn get(
    State(state): State<AppState>,
    db: ProjectDb,
    Path(id): Path<i64>,
) -> Result<Json<RunSummary>, AdminError> {
    store::runs::get(&db, id, now_ms(), state.run_idle_gap_ms)
        .await?
        .map(Json)
        .ok_or_else(|| AdminError::not_found(format!("No run {id}.")))
}
