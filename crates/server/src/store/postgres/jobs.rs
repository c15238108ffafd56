//! Background jobs' leads on PostgreSQL: a session advisory lock per job, keyed by its name.

use sqlx::PgConnection;

use super::PgDb;
use crate::store::StoreError;
use crate::store::jobs::Lead;

pub async fn try_lead(db: &PgDb, job: &'static str) -> Result<Option<Lead>, StoreError> {
    let mut connection = db.pool().acquire().await?;
    let taken: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtextextended($1, 0))")
        .bind(lock_key(job))
        .fetch_one(&mut *connection)
        .await?;
    Ok(taken.then(|| Lead::locked(job, connection)))
}

pub async fn unlock(connection: &mut PgConnection, job: &str) -> Result<(), StoreError> {
    sqlx::query("SELECT pg_advisory_unlock(hashtextextended($1, 0))")
        .bind(lock_key(job))
        .execute(connection)
        .await?;
    Ok(())
}

fn lock_key(job: &str) -> String {
    format!("job {job}")
}
