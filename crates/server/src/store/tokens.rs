//! The `tokens` table: SCIM tokens (one IdP connection each) and admin tokens (one project
//! each), stored as SHA-256 hashes only. A revoked token is kept so that a request still
//! carrying it is attributed to its project and refused there.

use super::row::StoredRow;
use super::{Db, ProjectDb, StoreError, Tx, rfc3339};
use crate::domain::project::{Connection, ConnectionId, ProjectId};
use crate::domain::secret::{Token, TokenHash, TokenKind};
use scim_sync_core::setup::TokenSummary;

pub(super) const CREDENTIAL_SELECT: &str =
    "SELECT t.id, t.project_id, t.kind, t.name, t.connection_id,
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
    tx: &mut Tx,
    project: ProjectId,
    kind: TokenKind,
    connection: Option<ConnectionId>,
    name: &str,
    token: &Token,
) -> Result<i64, StoreError> {
    dispatch_tx!(tx, tokens::insert(project, kind, connection, name, token))
}

/// The token with this hash, of any project, revoked or not.
pub async fn find(db: &Db, hash: &TokenHash) -> Result<Option<Credential>, StoreError> {
    dispatch!(db.backend(), tokens::find(hash))
}

/// The token with this id, of any project, revoked or not.
pub async fn find_by_id(db: &Db, id: i64) -> Result<Option<Credential>, StoreError> {
    dispatch!(db.backend(), tokens::find_by_id(id))
}

/// A credential as read ([`CREDENTIAL_SELECT`]).
pub(super) fn credential(row: &impl StoredRow) -> Result<Credential, StoreError> {
    let project = ProjectId(row.col("project_id")?);
    let connection_id: Option<i64> = row.col("connection_id")?;
    let connection = match connection_id {
        Some(id) => Some(Connection {
            project,
            id: ConnectionId(id),
            name: row.col("connection_name")?,
        }),
        None => None,
    };
    Ok(Credential {
        id: row.col("id")?,
        project,
        kind: TokenKind::from_code(&row.col::<String>("kind")?),
        name: row.col("name")?,
        connection,
        revoked: row.col::<Option<i64>>("revoked_at")?.is_some(),
        last_used_at: row.col("last_used_at")?,
        scim_enabled: row.col("scim_enabled")?,
    })
}

/// How many tokens of a kind a project has, revoked ones included.
pub async fn count(db: &ProjectDb, kind: TokenKind) -> Result<i64, StoreError> {
    dispatch!(db.backend(), tokens::count(db.id(), kind))
}

/// The project's SCIM tokens with their connection's id, by connection then age.
pub async fn list_scim(db: &ProjectDb) -> Result<Vec<(i64, TokenSummary)>, StoreError> {
    dispatch!(db.backend(), tokens::list_scim(db.id()))
}

/// One of the project's SCIM tokens, as listed.
pub async fn get_scim(
    tx: &mut Tx,
    project: ProjectId,
    id: i64,
) -> Result<Option<TokenSummary>, StoreError> {
    dispatch_tx!(tx, tokens::get_scim(project, id))
}

/// A token as listed (`id, name, prefix, created_at, last_used_at, revoked_at`).
pub(super) fn summary(row: &impl StoredRow) -> Result<TokenSummary, StoreError> {
    Ok(TokenSummary {
        id: row.col("id")?,
        name: row.col("name")?,
        prefix: row.col("prefix")?,
        created_at: rfc3339(row.col("created_at")?),
        last_used_at: row.col::<Option<i64>>("last_used_at")?.map(rfc3339),
        revoked_at: row.col::<Option<i64>>("revoked_at")?.map(rfc3339),
    })
}

/// Revokes one of a connection's SCIM tokens; false if the project's connection has none with
/// that id or it was already revoked.
pub async fn revoke(
    tx: &mut Tx,
    project: ProjectId,
    connection: ConnectionId,
    id: i64,
) -> Result<bool, StoreError> {
    dispatch_tx!(tx, tokens::revoke(project, connection, id))
}

/// Records that a token was used at `at` (callers throttle: see [`crate::scim::gate`]).
pub async fn touch(db: &Db, id: i64, at: i64) -> Result<(), StoreError> {
    dispatch!(db.backend(), tokens::touch(id, at))
}
