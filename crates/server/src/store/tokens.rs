//! The `tokens` table: SCIM and admin bearer tokens, stored as SHA-256 hashes only.

use sqlx::Row;

use super::{Db, StoreError, now_ms};
use crate::domain::secret::{TokenHash, TokenKind};

/// Stores the hash of a new token. Its name names the IdP connection for SCIM tokens.
pub async fn insert(
    db: &Db,
    kind: TokenKind,
    name: &str,
    hash: &TokenHash,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO tokens (kind, name, hash, created_at) VALUES (?, ?, ?, ?)")
        .bind(kind.code())
        .bind(name)
        .bind(hash.as_str())
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// How many tokens of a kind exist.
pub async fn count(db: &Db, kind: TokenKind) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM tokens WHERE kind = ?")
        .bind(kind.code())
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get("n")?)
}

/// The name of the token of this kind with this hash, if there is one.
pub async fn find_name(
    db: &Db,
    kind: TokenKind,
    hash: &TokenHash,
) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT name FROM tokens WHERE kind = ? AND hash = ?")
        .bind(kind.code())
        .bind(hash.as_str())
        .fetch_optional(db.pool())
        .await?;
    Ok(row.map(|r| r.try_get("name")).transpose()?)
}
