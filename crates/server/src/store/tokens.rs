//! The `tokens` table: SCIM tokens (one IdP connection each) and admin tokens (one project
//! each), stored as SHA-256 hashes only. A revoked token is kept so that a request still
//! carrying it is attributed to its project and refused there.

use scim_sync_core::setup::TokenSummary;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::{Db, ProjectDb, StoreError, now_ms, rfc3339};
use crate::domain::project::{Connection, ConnectionId, ProjectId};
use crate::domain::secret::{Token, TokenHash, TokenKind};

const CREDENTIAL_SELECT: &str = "SELECT t.id, t.project_id, t.kind, t.name, t.connection_id,
         c.name AS connection_name, t.revoked_at, t.last_used_at, p.scim_enabled
     FROM tokens t LEFT JOIN connections c ON c.id = t.connection_id
         JOIN projects p ON p.id = t.project_id";

/// A stored token, as authentication finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The token's id.
    pub id: i64,
    /// Its project.
    pub project: ProjectId,
    /// What it grants.
    pub kind: TokenKind,
    /// Its name: the admin's for admin tokens.
    pub name: String,
    /// The connection a SCIM token speaks for.
    pub connection: Option<Connection>,
    /// Whether it was revoked (it then authenticates nothing).
    pub revoked: bool,
    /// When it was last used (Unix ms), at most a minute stale.
    pub last_used_at: Option<i64>,
    /// Whether its project accepts SCIM requests now (read with the token: one query).
    pub scim_enabled: bool,
}

/// Stores the hash of a new token. `connection` is required for SCIM tokens, absent for admin
/// tokens.
pub async fn insert(
    conn: &mut sqlx::SqliteConnection,
    project: ProjectId,
    kind: TokenKind,
    connection: Option<ConnectionId>,
    name: &str,
    token: &Token,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO tokens (project_id, kind, connection_id, name, prefix, hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(project)
    .bind(kind.code())
    .bind(connection)
    .bind(name)
    .bind(token.prefix())
    .bind(token.hash().as_str())
    .bind(now_ms())
    .fetch_one(conn)
    .await?)
}

/// The token with this hash, of any project, revoked or not.
pub async fn find(db: &Db, hash: &TokenHash) -> Result<Option<Credential>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{CREDENTIAL_SELECT} WHERE t.hash = ?"
    )))
    .bind(hash.as_str())
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| credential(&row)).transpose()
}

/// The token with this id, of any project, revoked or not.
pub async fn find_by_id(db: &Db, id: i64) -> Result<Option<Credential>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{CREDENTIAL_SELECT} WHERE t.id = ?"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| credential(&row)).transpose()
}

fn credential(row: &SqliteRow) -> Result<Credential, StoreError> {
    let project = ProjectId(row.try_get("project_id")?);
    let connection_id: Option<i64> = row.try_get("connection_id")?;
    let connection = match connection_id {
        Some(id) => Some(Connection {
            project,
            id: ConnectionId(id),
            name: row.try_get("connection_name")?,
        }),
        None => None,
    };
    Ok(Credential {
        id: row.try_get("id")?,
        project,
        kind: TokenKind::from_code(row.try_get::<&str, _>("kind")?),
        name: row.try_get("name")?,
        connection,
        revoked: row.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
        last_used_at: row.try_get("last_used_at")?,
        scim_enabled: row.try_get("scim_enabled")?,
    })
}

/// How many tokens of a kind a project has, revoked ones included.
pub async fn count(db: &ProjectDb, kind: TokenKind) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM tokens WHERE project_id = ? AND kind = ?")
            .bind(db.id())
            .bind(kind.code())
            .fetch_one(db.pool())
            .await?,
    )
}

/// The project's SCIM tokens with their connection's id, by connection then age.
pub async fn list_scim(db: &ProjectDb) -> Result<Vec<(i64, TokenSummary)>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, connection_id, name, prefix, created_at, last_used_at, revoked_at FROM tokens
         WHERE project_id = ? AND kind = 'scim' ORDER BY connection_id, id",
    )
    .bind(db.id())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("connection_id")?, summary(row)?)))
        .collect()
}

/// One of the project's SCIM tokens, as listed.
pub async fn get_scim(
    conn: &mut sqlx::SqliteConnection,
    project: ProjectId,
    id: i64,
) -> Result<Option<TokenSummary>, StoreError> {
    let row = sqlx::query(
        "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM tokens
         WHERE id = ? AND project_id = ? AND kind = 'scim'",
    )
    .bind(id)
    .bind(project)
    .fetch_optional(conn)
    .await?;
    row.map(|row| summary(&row)).transpose()
}

fn summary(row: &SqliteRow) -> Result<TokenSummary, StoreError> {
    Ok(TokenSummary {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        prefix: row.try_get("prefix")?,
        created_at: rfc3339(row.try_get("created_at")?),
        last_used_at: row.try_get::<Option<i64>, _>("last_used_at")?.map(rfc3339),
        revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(rfc3339),
    })
}

/// Revokes one of a connection's SCIM tokens; false if the project's connection has none with
/// that id or it was already revoked.
pub async fn revoke(
    conn: &mut sqlx::SqliteConnection,
    project: ProjectId,
    connection: ConnectionId,
    id: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE tokens SET revoked_at = ?
         WHERE id = ? AND project_id = ? AND connection_id = ? AND revoked_at IS NULL",
    )
    .bind(now_ms())
    .bind(id)
    .bind(project)
    .bind(connection)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that a token was used at `at` (callers throttle: see [`crate::scim::gate`]).
pub async fn touch(db: &Db, id: i64, at: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE tokens SET last_used_at = MAX(COALESCE(last_used_at, 0), ?) WHERE id = ?")
        .bind(at)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}
