//! The `tokens` table on SQLite.

use scim_sync_core::setup::TokenSummary;
use sqlx::{Row, SqliteConnection};

use super::SqliteDb;
use crate::domain::project::{ConnectionId, ProjectId};
use crate::domain::secret::{Token, TokenHash, TokenKind};
use crate::store::tokens::{CREDENTIAL_SELECT, Credential, credential, summary};
use crate::store::{StoreError, now_ms};

pub async fn insert(
    conn: &mut SqliteConnection,
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

pub async fn find(db: &SqliteDb, hash: &TokenHash) -> Result<Option<Credential>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{CREDENTIAL_SELECT} WHERE t.hash = ?"
    )))
    .bind(hash.as_str())
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(credential).transpose()
}

pub async fn find_by_id(db: &SqliteDb, id: i64) -> Result<Option<Credential>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{CREDENTIAL_SELECT} WHERE t.id = ?"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(credential).transpose()
}

pub async fn count(db: &SqliteDb, project: ProjectId, kind: TokenKind) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM tokens WHERE project_id = ? AND kind = ?")
            .bind(project)
            .bind(kind.code())
            .fetch_one(db.pool())
            .await?,
    )
}

pub async fn list_scim(
    db: &SqliteDb,
    project: ProjectId,
) -> Result<Vec<(i64, TokenSummary)>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, connection_id, name, prefix, created_at, last_used_at, revoked_at FROM tokens
         WHERE project_id = ? AND kind = 'scim' ORDER BY connection_id, id",
    )
    .bind(project)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("connection_id")?, summary(row)?)))
        .collect()
}

pub async fn get_scim(
    conn: &mut SqliteConnection,
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
    row.as_ref().map(summary).transpose()
}

pub async fn revoke(
    conn: &mut SqliteConnection,
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

pub async fn touch(db: &SqliteDb, id: i64, at: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE tokens SET last_used_at = MAX(COALESCE(last_used_at, 0), ?) WHERE id = ?")
        .bind(at)
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}
