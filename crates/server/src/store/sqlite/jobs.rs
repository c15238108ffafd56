//! Background jobs' leads on SQLite: every server leads (see `store::jobs`).

use super::SqliteDb;
use crate::store::StoreError;
use crate::store::jobs::Lead;

pub async fn try_lead(_db: &SqliteDb, job: &'static str) -> Result<Option<Lead>, StoreError> {
    Ok(Some(Lead::unlocked(job)))
}
