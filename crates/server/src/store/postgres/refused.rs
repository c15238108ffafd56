//! The `refused_sources` table on PostgreSQL.

use super::PgDb;
use crate::store::StoreError;
use crate::store::refused::{Refusal, RefusedSource, from_row};

pub async fn add(db: &PgDb, last: &Refusal, count: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO refused_sources (source, requests, first_at, last_at, last_method, last_path,
             last_user_agent, last_status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (source) DO UPDATE SET requests = refused_sources.requests + excluded.requests,
             last_at = GREATEST(refused_sources.last_at, excluded.last_at), last_method = excluded.last_method,
             last_path = excluded.last_path, last_user_agent = excluded.last_user_agent,
             last_status = excluded.last_status",
    )
    .bind(&last.source)
    .bind(count)
    .bind(last.at)
    .bind(last.at)
    .bind(&last.method)
    .bind(&last.path)
    .bind(&last.user_agent)
    .bind(i64::from(last.status))
    .execute(db.writer())
    .await?;
    Ok(())
}

pub async fn list(db: &PgDb) -> Result<Vec<RefusedSource>, StoreError> {
    let rows = sqlx::query(
        "SELECT source, requests, first_at, last_at, last_method, last_path, last_user_agent,
                last_status
         FROM refused_sources ORDER BY requests DESC, source COLLATE \"C\" LIMIT 1000",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn total(db: &PgDb) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(SUM(requests), 0)::bigint FROM refused_sources")
            .fetch_one(db.pool())
            .await?,
    )
}
