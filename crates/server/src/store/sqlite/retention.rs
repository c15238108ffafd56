//! Retention's batches on SQLite: each pick runs on the readers (no write lock while it
//! looks), each change in one short write.

use sqlx::{QueryBuilder, Sqlite};

use super::SqliteDb;
use crate::store::StoreError;
use crate::store::retention::Batched;

/// Events older than `before` from `from` on (by time) that still have a body: id and time.
pub async fn with_bodies(
    db: &SqliteDb,
    from: i64,
    before: i64,
    batch: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, occurred_at FROM sync_events
         WHERE occurred_at >= ? AND occurred_at < ? AND request_body IS NOT NULL
         ORDER BY occurred_at LIMIT ?",
    )
    .bind(from)
    .bind(before)
    .bind(batch)
    .fetch_all(db.pool())
    .await?)
}

pub async fn drop_bodies(db: &SqliteDb, ids: &[i64]) -> Result<u64, StoreError> {
    let mut sql =
        QueryBuilder::<Sqlite>::new("UPDATE sync_events SET request_body = NULL WHERE id IN ");
    push_ids(&mut sql, ids);
    Ok(sql.build().execute(db.writer()).await?.rows_affected())
}

pub async fn old_events(db: &SqliteDb, before: i64, batch: i64) -> Result<Vec<i64>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM sync_events WHERE occurred_at < ? ORDER BY occurred_at LIMIT ?",
    )
    .bind(before)
    .bind(batch)
    .fetch_all(db.pool())
    .await?)
}

/// Deletes these events, unlinking the retries of them first, in one write transaction.
pub async fn delete_events(db: &SqliteDb, ids: &[i64]) -> Result<u64, StoreError> {
    let mut tx = db.begin_write().await?;
    let mut unlink =
        QueryBuilder::<Sqlite>::new("UPDATE sync_events SET retry_of = NULL WHERE retry_of IN ");
    push_ids(&mut unlink, ids);
    unlink.build().execute(&mut *tx).await?;
    let mut delete = QueryBuilder::<Sqlite>::new("DELETE FROM sync_events WHERE id IN ");
    push_ids(&mut delete, ids);
    let done = delete.build().execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// A run with no event left.
const EMPTY: &str = "NOT EXISTS (SELECT 1 FROM sync_events e WHERE e.run_id = sync_runs.id)";

pub async fn pick(
    db: &SqliteDb,
    what: Batched,
    before: i64,
    batch: i64,
) -> Result<Vec<i64>, StoreError> {
    let sql = match what {
        Batched::Runs => format!(
            "SELECT id FROM sync_runs WHERE last_event_at < ? AND {EMPTY} ORDER BY id LIMIT ?"
        ),
        Batched::Audit => "SELECT id FROM audit WHERE at < ? ORDER BY id LIMIT ?".to_owned(),
        Batched::Deliveries => "SELECT id FROM webhook_deliveries
             WHERE created_at < ? AND state <> 'pending' ORDER BY id LIMIT ?"
            .to_owned(),
    };
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(before)
        .bind(batch)
        .fetch_all(db.pool())
        .await?)
}

pub async fn delete_picked(db: &SqliteDb, what: Batched, ids: &[i64]) -> Result<u64, StoreError> {
    let delete = match what {
        Batched::Runs => format!("DELETE FROM sync_runs WHERE {EMPTY} AND id IN "),
        Batched::Audit => "DELETE FROM audit WHERE id IN ".to_owned(),
        Batched::Deliveries => {
            "DELETE FROM webhook_deliveries WHERE state <> 'pending' AND id IN ".to_owned()
        }
    };
    let mut sql = QueryBuilder::<Sqlite>::new(delete);
    push_ids(&mut sql, ids);
    Ok(sql.build().execute(db.writer()).await?.rows_affected())
}

fn push_ids(sql: &mut QueryBuilder<Sqlite>, ids: &[i64]) {
    sql.push("(");
    let mut list = sql.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    sql.push(")");
}
