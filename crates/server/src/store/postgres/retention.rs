//! Retention's batches on PostgreSQL: each pick reads, each change is one short statement
//! (id lists are one array parameter).

use super::PgDb;
use crate::store::StoreError;
use crate::store::retention::Batched;

/// Events older than `before` from `from` on (by time) that still have a body: id and time.
pub async fn with_bodies(
    db: &PgDb,
    from: i64,
    before: i64,
    batch: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, occurred_at FROM sync_events
         WHERE occurred_at >= $1 AND occurred_at < $2 AND request_body IS NOT NULL
         ORDER BY occurred_at LIMIT $3",
    )
    .bind(from)
    .bind(before)
    .bind(batch)
    .fetch_all(db.pool())
    .await?)
}

pub async fn drop_bodies(db: &PgDb, ids: &[i64]) -> Result<u64, StoreError> {
    Ok(
        sqlx::query("UPDATE sync_events SET request_body = NULL WHERE id = ANY($1)")
            .bind(ids)
            .execute(db.writer())
            .await?
            .rows_affected(),
    )
}

pub async fn old_events(db: &PgDb, before: i64, batch: i64) -> Result<Vec<i64>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM sync_events WHERE occurred_at < $1 ORDER BY occurred_at LIMIT $2",
    )
    .bind(before)
    .bind(batch)
    .fetch_all(db.pool())
    .await?)
}

/// Deletes these events, unlinking the retries of them first, in one transaction.
pub async fn delete_events(db: &PgDb, ids: &[i64]) -> Result<u64, StoreError> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("UPDATE sync_events SET retry_of = NULL WHERE retry_of = ANY($1)")
        .bind(ids)
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query("DELETE FROM sync_events WHERE id = ANY($1)")
        .bind(ids)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// A run with no event left.
const EMPTY: &str = "NOT EXISTS (SELECT 1 FROM sync_events e WHERE e.run_id = sync_runs.id)";

pub async fn pick(
    db: &PgDb,
    what: Batched,
    before: i64,
    batch: i64,
) -> Result<Vec<i64>, StoreError> {
    let sql = match what {
        Batched::Runs => format!(
            "SELECT id FROM sync_runs WHERE last_event_at < $1 AND {EMPTY} ORDER BY id LIMIT $2"
        ),
        Batched::Audit => "SELECT id FROM audit WHERE at < $1 ORDER BY id LIMIT $2".to_owned(),
        Batched::Deliveries => "SELECT id FROM webhook_deliveries
             WHERE created_at < $1 AND state <> 'pending' ORDER BY id LIMIT $2"
            .to_owned(),
    };
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(before)
        .bind(batch)
        .fetch_all(db.pool())
        .await?)
}

pub async fn delete_picked(db: &PgDb, what: Batched, ids: &[i64]) -> Result<u64, StoreError> {
    let delete = match what {
        Batched::Runs => format!("DELETE FROM sync_runs WHERE {EMPTY} AND id = ANY($1)"),
        Batched::Audit => "DELETE FROM audit WHERE id = ANY($1)".to_owned(),
        Batched::Deliveries => {
            "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND id = ANY($1)".to_owned()
        }
    };
    Ok(sqlx::query(sqlx::AssertSqlSafe(delete))
        .bind(ids)
        .execute(db.writer())
        .await?
        .rows_affected())
}
