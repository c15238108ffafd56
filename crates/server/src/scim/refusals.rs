//! Requests refused before any project is known — SCIM requests no project's token
//! authenticated, admin and operator API requests no credential did ([`crate::admin::refused`]),
//! and the edge's 429 (a source past its rate) and 503 (too many in flight) —
//! counted per source address in memory and written to `refused_sources` in one small write
//! every few seconds: a flood of refused requests costs no write each, stores no body, and
//! adds no row per request.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap, header};

use crate::store::refused::{self, Refusal};
use crate::store::{Db, StoreError};

/// How often the counts are written.
pub const FLUSH_EVERY: Duration = Duration::from_secs(5);

/// The counts not yet written; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Refusals {
    pending: Arc<Mutex<HashMap<String, (i64, Refusal)>>>,
}

/// The source address the connection came from (`None` for a request the server replays).
pub fn source_of(extensions: &Extensions) -> Option<IpAddr> {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip())
}

/// A refused request as counted: its head (path and User-Agent cut short), never its body.
pub fn refusal(
    extensions: &Extensions,
    headers: &HeaderMap,
    method: &str,
    path: &str,
    at: i64,
    status: u16,
) -> Refusal {
    Refusal {
        source: source_of(extensions).map_or_else(|| "unknown".to_owned(), |ip| ip.to_string()),
        at,
        method: method.to_owned(),
        path: path.chars().take(512).collect(),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|agent| agent.to_str().ok())
            .map(|agent| agent.chars().take(256).collect()),
        status,
    }
}

impl Refusals {
    /// Counts one refused request.
    pub fn count(&self, refusal: Refusal) {
        if let Ok(mut pending) = self.pending.lock() {
            let entry = pending
                .entry(refusal.source.clone())
                .or_insert_with(|| (0, refusal.clone()));
            entry.0 += 1;
            entry.1 = refusal;
        }
    }

    /// Writes what was counted since the last flush.
    pub async fn flush(&self, db: &Db) -> Result<(), StoreError> {
        let taken = match self.pending.lock() {
            Ok(mut pending) => std::mem::take(&mut *pending),
            Err(_) => return Ok(()),
        };
        for (count, last) in taken.values() {
            refused::add(db, last, *count).await?;
        }
        Ok(())
    }

    /// Flushes every [`FLUSH_EVERY`], forever.
    pub async fn flush_forever(self, db: Db) {
        let mut every = tokio::time::interval(FLUSH_EVERY);
        loop {
            every.tick().await;
            if let Err(error) = self.flush(&db).await {
                tracing::warn!(%error, "cannot write the refused requests' counts");
            }
        }
    }
}
