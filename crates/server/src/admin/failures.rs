//! `/api/v1/failures` and its CSV export: failed requests, filtered, newest first, by keyset
//! (the export streams its pages).

use axum::Json;
use axum::body::Body;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use scim_sync_core::api::{EventSummary, Page};
use scim_sync_core::category::FailureCategory;
use scim_sync_core::idp::Idp;
use serde::Deserialize;

use super::error::AdminError;
use super::page;
use crate::store::events::{self, FailureQuery};
use crate::store::{ProjectDb, StoreError};

/// The most rows one CSV export holds.
const MAX_CSV_ROWS: usize = 1_000_000;

/// The query string: `FailureFilter`'s fields plus `cursor` and `limit`.
#[derive(Debug, Default, Deserialize)]
pub struct FailuresParams {
    run: Option<i64>,
    category: Option<String>,
    idp: Option<String>,
    resource_type: Option<String>,
    since: Option<String>,
    until: Option<String>,
    q: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

impl FailuresParams {
    fn query(&self) -> Result<FailureQuery, AdminError> {
        let category = self
            .category
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(|c| {
                FailureCategory::from_code(c)
                    .ok_or_else(|| page::bad_request(format!("{c:?} is not a failure category.")))
            })
            .transpose()?;
        Ok(FailureQuery {
            run: self.run,
            category,
            idp: self
                .idp
                .as_deref()
                .filter(|i| !i.is_empty())
                .map(Idp::from_code),
            resource_type: self.resource_type.clone().filter(|r| !r.is_empty()),
            since: page::time(self.since.as_deref(), "since")?,
            until: page::time(self.until.as_deref(), "until")?,
            text: self.q.clone().filter(|q| !q.trim().is_empty()),
        })
    }
}

/// A page of failures; the first page (no cursor) also says how many match in all.
pub async fn list(
    db: ProjectDb,
    Query(params): Query<FailuresParams>,
) -> Result<Json<Page<EventSummary>>, AdminError> {
    let query = params.query()?;
    let before = page::cursor(params.cursor.as_deref())?;
    let limit = page::limit(params.limit);
    let items = events::failures(&db, &query, before, limit).await?;
    let total = match before {
        None => Some(events::count_failures(&db, &query).await?),
        Some(_) => None,
    };
    let next_cursor = page::next_cursor(items.len(), limit, items.last().map(|e| e.id));
    Ok(Json(Page {
        items,
        next_cursor,
        total,
    }))
}

/// The CSV export's first line.
const CSV_HEADER: &str = "id,occurred_at,idp,connection,method,path,resource_type,target_id,\
     target_external_id,target_name,status,scim_type,category,detail\n";

/// The failures of the filter as CSV, newest first, streamed a keyset page at a time: the
/// server holds one page (1,000 rows) of an export of any length, and each page is its own
/// short read, so a long download keeps no read transaction open. A storage failure on the
/// first page is a 500; a later one ends the download short (logged).
pub async fn csv(
    db: ProjectDb,
    Query(params): Query<FailuresParams>,
) -> Result<Response, AdminError> {
    let mut export = CsvExport {
        db,
        query: params.query()?,
        before: None,
        rows: 0,
        done: false,
    };
    let first = export.next_chunk().await?.unwrap_or_default();
    let rest = stream::try_unfold(export, |mut export| async move {
        let chunk = export.next_chunk().await.inspect_err(|error| {
            tracing::error!(%error, "the CSV export ended early: storage failed");
        })?;
        Ok::<_, StoreError>(chunk.map(|chunk| (chunk, export)))
    });
    let head = stream::iter([Ok(format!("{CSV_HEADER}{first}"))]);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"scim-sync-failures.csv\"",
            ),
        ],
        Body::from_stream(head.chain(rest)),
    )
        .into_response())
}

/// Where a CSV export is: the keyset cursor and how many rows it has sent.
struct CsvExport {
    db: ProjectDb,
    query: FailureQuery,
    before: Option<i64>,
    rows: usize,
    done: bool,
}

impl CsvExport {
    /// The next page as CSV lines; `None` once the export is complete.
    async fn next_chunk(&mut self) -> Result<Option<String>, StoreError> {
        if self.done {
            return Ok(None);
        }
        let page = events::failures(&self.db, &self.query, self.before, page::MAX_LIMIT).await?;
        self.rows += page.len();
        self.before = page.last().map(|e| e.id);
        self.done =
            page.len() < usize::try_from(page::MAX_LIMIT).unwrap_or(0) || self.rows >= MAX_CSV_ROWS;
        Ok(Some(page.iter().map(csv_row).collect()))
    }
}

fn csv_row(event: &EventSummary) -> String {
    let fields = [
        event.id.to_string(),
        event.occurred_at.clone(),
        event.idp.code().to_owned(),
        event.connection.clone(),
        event.method.clone(),
        event.path.clone(),
        event.resource_type.clone().unwrap_or_default(),
        event.target_id.clone().unwrap_or_default(),
        event.target_external_id.clone().unwrap_or_default(),
        event.target_name.clone().unwrap_or_default(),
        event.status.to_string(),
        event.scim_type.clone().unwrap_or_default(),
        event
            .category
            .map(|c| c.code().to_owned())
            .unwrap_or_default(),
        event.detail.clone().unwrap_or_default(),
    ];
    let mut row = fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",");
    row.push('\n');
    row
}

/// A CSV field, quoted when needed; a leading formula character is neutralised so a
/// spreadsheet does not execute an IdP-supplied value.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
    }
}
