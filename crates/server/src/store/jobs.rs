//! Background jobs one server at a time runs (retention, the alerts watcher): before each run a
//! server tries to take the job's lead, and skips the run when another server holds it.
//!
//! On PostgreSQL the lead is a session advisory lock on a connection held for the run; a lead
//! dropped without [`Lead::release`] (its task aborted, the process killed) closes that
//! connection, and the lock ends with the session. On SQLite every server leads: the file is
//! one machine's, and its write lock already serialises the runs' batches.

use sqlx::Postgres;
use sqlx::pool::PoolConnection;

use super::{Db, StoreError};

/// The lead of one job, held until released or dropped.
#[derive(Debug)]
pub struct Lead {
    job: &'static str,
    held: Option<PoolConnection<Postgres>>,
}

impl Lead {
    /// A lead no lock stands for (SQLite).
    pub(super) fn unlocked(job: &'static str) -> Lead {
        Lead { job, held: None }
    }

    /// A lead the advisory lock on `connection` stands for (PostgreSQL).
    pub(super) fn locked(job: &'static str, connection: PoolConnection<Postgres>) -> Lead {
        Lead {
            job,
            held: Some(connection),
        }
    }

    /// Gives the lead up, for another server's next run.
    pub async fn release(mut self) -> Result<(), StoreError> {
        if let Some(mut connection) = self.held.take() {
            super::postgres::jobs::unlock(&mut connection, self.job).await?;
        }
        Ok(())
    }
}

impl Drop for Lead {
    fn drop(&mut self) {
        // Not released: the connection leaves the pool and closes, and its lock with it.
        if let Some(connection) = self.held.take() {
            drop(connection.detach());
        }
    }
}

/// The lead of `job`, unless another server holds it now.
pub async fn try_lead(db: &Db, job: &'static str) -> Result<Option<Lead>, StoreError> {
    dispatch!(db.backend(), jobs::try_lead(job))
}
