//! The PostgreSQL backend (`--database-url postgres://…`), one file of SQL per table (the same
//! names as `store/`'s). Several server processes may share the database.
//!
//! Dialect, against the SQLite files: `$n` placeholders; SQLite's rowid order is the `seq`
//! column; `ON CONFLICT DO NOTHING` for `INSERT OR IGNORE`; `GREATEST` for the two-argument
//! `MAX`; `IS NOT DISTINCT FROM` for `IS`; `SUM` cast back to `bigint`; flags are booleans.
//!
//! ## When the database goes away
//!
//! The pool is made so that a request fails in seconds while the database cannot be reached,
//! and so that the server recovers by itself when it is back (the failure's mapping to a 503
//! with `Retry-After` is `store::error`'s):
//!
//! - **acquire timeout 3 s** ([`ACQUIRE_TIMEOUT`]; sqlx's default is 30 s). Acquiring covers
//!   opening a new connection, which sqlx retries with backoff while PostgreSQL refuses TCP
//!   connections or is still starting (57P03): with 30 s an IdP's request would hang for half a
//!   minute and every request behind it would pile up. A healthy pool hands out a connection in
//!   milliseconds even under load (a project's writers wait for its row lock *after* acquiring,
//!   which is not counted), so 3 s runs out only when the database does not answer. A request
//!   costs at most two acquires then (its handler's and its sync event's).
//! - **test before acquire** (sqlx's default, kept): an idle connection a restart broke is found
//!   broken and replaced before a request uses it, so the first request after the database is
//!   back gets a fresh connection rather than a failure.
//! - **lazy connections**: the pool keeps no minimum and opens connections on demand, so an
//!   outage leaves nothing to repair and the server needs no restart.

pub mod audit;
pub mod connections;
pub mod events;
pub mod groups;
pub mod health;
pub mod identities;
pub mod jobs;
pub mod migrate;
pub mod projects;
pub mod refused;
pub mod retention;
pub mod runs;
pub mod sessions;
pub mod settings;
pub mod stream;
pub mod tokens;
pub mod webhooks;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool, Postgres, Transaction};

use super::StoreError;
use crate::domain::project::ProjectId;

/// The schema's migrations (`migrations-postgres/`), applied at connect.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations-postgres");

/// How long the start waits for the database's first answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections one server process keeps at most.
const MAX_CONNECTIONS: u32 = 16;

/// How long a request waits for a connection (see the module docs).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// The PostgreSQL database: one pool for reads and writes.
#[derive(Debug, Clone)]
pub struct PgDb {
    pool: PgPool,
}

impl PgDb {
    /// Connects to the database at `url` and applies the migrations. A database that does not
    /// answer fails at once with its URL (password redacted), rather than on the first request.
    pub async fn connect(url: &str) -> Result<PgDb, StoreError> {
        let unreachable = |source| StoreError::Connect {
            url: redact(url),
            source,
        };
        let options = PgConnectOptions::from_str(url).map_err(unreachable)?;
        let mut first = tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options))
            .await
            .map_err(|_| unreachable(sqlx::Error::PoolTimedOut))?
            .map_err(unreachable)?;
        MIGRATOR.run(&mut first).await?;
        first.close().await?;
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy_with(options);
        Ok(PgDb { pool })
    }

    /// The pool.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Single-statement writes go to the same pool as reads.
    pub fn writer(&self) -> &PgPool {
        &self.pool
    }

    /// A write transaction of `project`: it first locks the project's row, so that the
    /// project's write transactions, from any server process, run one after the other.
    pub async fn begin_write(
        &self,
        project: ProjectId,
    ) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT id FROM projects WHERE id = $1 FOR UPDATE")
            .bind(project)
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }
}

/// `url` with its password, if any, replaced by `***`: `postgres://user:***@host/db`.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let mut redacted = url[..scheme_end].to_owned();
    match authority.rfind('@') {
        Some(at) => {
            let user_info = &authority[..at];
            match user_info.find(':') {
                Some(colon) => {
                    redacted.push_str(&user_info[..colon]);
                    redacted.push_str(":***");
                }
                None => redacted.push_str(user_info),
            }
            redacted.push_str(&authority[at..]);
        }
        None => redacted.push_str(authority),
    }
    let tail = &rest[authority_end..];
    match tail.split_once('?') {
        Some((path, query)) => {
            redacted.push_str(path);
            redacted.push('?');
            let parameters: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                        format!("{key}=***")
                    }
                    _ => p.to_owned(),
                })
                .collect();
            redacted.push_str(&parameters.join("&"));
        }
        None => redacted.push_str(tail),
    }
    redacted
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn a_url_shows_its_user_host_and_database_but_never_its_password() {
        assert_eq!(
            redact("postgres://ssd:s3cret@db.internal:5432/scim"),
            "postgres://ssd:***@db.internal:5432/scim"
        );
        assert_eq!(
            redact("postgres://ssd@localhost/scim?host=/tmp&password=s3cret"),
            "postgres://ssd@localhost/scim?host=/tmp&password=***"
        );
        assert_eq!(redact("postgres://db/scim"), "postgres://db/scim");
        assert_eq!(redact("postgres://a:b@c"), "postgres://a:***@c");
    }
}
