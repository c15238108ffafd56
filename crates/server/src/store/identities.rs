//! The `identities` table: Users and Readers, SCIM-managed or project-native. What a write may
//! do (adoption, duplicates, seats) is [`crate::rules::identities`]'s to decide; the writes
//! here run inside its transaction.

use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, SqliteConnection};

use super::{ProjectDb, StoreError, now_ms};
use crate::domain::identity::{IdentityDraft, IdentityKind, Origin};
use crate::domain::project::ProjectId;

const COLUMNS: &str = "id, external_id, user_name, email, display_name, kind, active, origin, \
                       resource, version, created_at, updated_at";

/// A stored identity.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// The SCIM id.
    pub id: String,
    /// The IdP's id for it.
    pub external_id: Option<String>,
    /// The login name.
    pub user_name: String,
    /// The primary email.
    pub email: Option<String>,
    /// The name to show.
    pub display_name: Option<String>,
    /// User or Reader.
    pub kind: IdentityKind,
    /// Whether it may sign in.
    pub active: bool,
    /// SCIM-managed or project-native.
    pub origin: Origin,
    /// The SCIM representation last accepted (no id, no meta, no secrets).
    pub resource: serde_json::Value,
    /// Bumped on every change; the ETag.
    pub version: i64,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms.
    pub updated_at: i64,
}

impl Identity {
    /// Whether it holds a licence seat.
    pub fn takes_seat(&self) -> bool {
        self.kind == IdentityKind::User && self.active
    }
}

/// The identity with this id.
pub async fn get(db: &ProjectDb, id: &str) -> Result<Option<Identity>, StoreError> {
    get_in(&mut *db.pool().acquire().await?, db.id(), id).await
}

/// An indexed attribute a filter can look up directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// `id eq …` (case-exact).
    Id,
    /// `userName eq …` (case-insensitive).
    UserName,
    /// `externalId eq …` (case-exact).
    ExternalId,
}

/// Identities whose `attribute` equals `value`, in creation order.
pub async fn find_by(
    db: &ProjectDb,
    attribute: Lookup,
    value: &str,
) -> Result<Vec<Identity>, StoreError> {
    let (column, key) = match attribute {
        Lookup::Id => ("id", value.to_owned()),
        Lookup::UserName => ("user_name_key", value.to_lowercase()),
        Lookup::ExternalId => ("external_id", value.to_owned()),
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM identities WHERE project_id = ? AND {column} = ? ORDER BY rowid"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(db.id())
        .bind(key)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// A page of identities in creation order: `offset` skipped, at most `limit` returned.
pub async fn page(db: &ProjectDb, offset: i64, limit: i64) -> Result<Vec<Identity>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM identities WHERE project_id = ? ORDER BY rowid LIMIT ? OFFSET ?"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(db.id())
        .bind(limit)
        .bind(offset)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// Every identity, in creation order (for filters no index answers).
pub async fn all(db: &ProjectDb) -> Result<Vec<Identity>, StoreError> {
    page(db, 0, i64::MAX).await
}

/// The filters of the People page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityQuery {
    /// Text in the userName, email or display name.
    pub text: Option<String>,
    /// Only Users or only Readers.
    pub kind: Option<IdentityKind>,
    /// Only SCIM-managed or only project-native.
    pub origin: Option<Origin>,
    /// Only active or only inactive.
    pub active: Option<bool>,
}

/// A page of identities in creation order after the row `after` (keyset on rowid), with the
/// rowid of the last one for the next page.
pub async fn search(
    db: &ProjectDb,
    query: &IdentityQuery,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<Identity>, Option<i64>), StoreError> {
    let mut sql = sqlx::QueryBuilder::<Sqlite>::new(format!(
        "SELECT rowid AS position, {COLUMNS} FROM identities WHERE project_id = "
    ));
    sql.push_bind(db.id());
    sql.push(" AND rowid > ").push_bind(after.unwrap_or(0));
    push_identity_filters(&mut sql, query);
    sql.push(" ORDER BY rowid LIMIT ").push_bind(limit);
    let rows = sql.build().fetch_all(db.pool()).await?;
    let last = rows
        .last()
        .map(|r| r.try_get::<i64, _>("position"))
        .transpose()?;
    let found = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    Ok((found, last))
}

/// How many identities match.
pub async fn count_matching(db: &ProjectDb, query: &IdentityQuery) -> Result<u64, StoreError> {
    let mut sql =
        sqlx::QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM identities WHERE project_id = ");
    sql.push_bind(db.id());
    push_identity_filters(&mut sql, query);
    let count: i64 = sql.build_query_scalar().fetch_one(db.pool()).await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

fn push_identity_filters(sql: &mut sqlx::QueryBuilder<Sqlite>, query: &IdentityQuery) {
    if let Some(kind) = query.kind {
        sql.push(" AND kind = ").push_bind(kind.code());
    }
    if let Some(origin) = query.origin {
        sql.push(" AND origin = ").push_bind(origin.code());
    }
    if let Some(active) = query.active {
        sql.push(" AND active = ").push_bind(active);
    }
    if let Some(text) = &query.text {
        let pattern = super::like_pattern(text);
        sql.push(" AND (user_name_key LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR email_key LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(display_name) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

/// The identity with this id or (case-insensitive) userName, inside a transaction.
pub async fn find_in(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id_or_user_name: &str,
) -> Result<Option<Identity>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM identities WHERE project_id = ? AND (id = ? OR user_name_key = ?)
         ORDER BY id = ? DESC LIMIT 1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(id_or_user_name)
        .bind(id_or_user_name.to_lowercase())
        .bind(id_or_user_name)
        .fetch_optional(conn)
        .await?;
    row.map(|r| from_row(&r)).transpose()
}

/// Seats in use and the limit, read inside a transaction.
pub async fn seat_usage(
    conn: &mut SqliteConnection,
    project: ProjectId,
) -> Result<scim_sync_core::seats::SeatUsage, StoreError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM identities
                 WHERE project_id = ?1 AND kind = 'user' AND active = 1) AS used,
                (SELECT seat_limit FROM projects WHERE id = ?1) AS seat_limit",
    )
    .bind(project)
    .fetch_one(conn)
    .await?;
    Ok(scim_sync_core::seats::SeatUsage {
        limit: u32::try_from(row.try_get::<i64, _>("seat_limit")?).unwrap_or(0),
        used: u32::try_from(row.try_get::<i64, _>("used")?).unwrap_or(u32::MAX),
    })
}

/// How many identities exist.
pub async fn count(db: &ProjectDb) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM identities WHERE project_id = ?")
            .bind(db.id())
            .fetch_one(db.pool())
            .await?,
    )
}

/// Seats held (active Users) and Readers, in one read.
pub async fn counts(db: &ProjectDb) -> Result<(u32, u64), StoreError> {
    let row = sqlx::query(
        "SELECT
             (SELECT COUNT(*) FROM identities
              WHERE project_id = ?1 AND kind = 'user' AND active = 1) AS seats,
             (SELECT COUNT(*) FROM identities WHERE project_id = ?1 AND kind = 'reader') AS readers",
    )
    .bind(db.id())
    .fetch_one(db.pool())
    .await?;
    let seats: i64 = row.try_get("seats")?;
    let readers: i64 = row.try_get("readers")?;
    Ok((
        u32::try_from(seats).unwrap_or(u32::MAX),
        u64::try_from(readers).unwrap_or(0),
    ))
}

/// The identities whose `userName` or email equals the draft's (zero, one or two).
pub async fn find_matches(
    conn: &mut SqliteConnection,
    project: ProjectId,
    draft: &IdentityDraft,
) -> Result<Vec<Identity>, StoreError> {
    let user_name_key = draft.user_name.key();
    let email_key = draft.email.as_ref().map(|e| e.key());
    let sql = format!(
        "SELECT {COLUMNS} FROM identities \
         WHERE project_id = ? AND (user_name_key IN (?, ?) OR email_key IN (?, ?)) ORDER BY rowid"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(&user_name_key)
        .bind(&email_key)
        .bind(&user_name_key)
        .bind(&email_key)
        .fetch_all(conn)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The identity with this id, inside a transaction.
pub async fn get_in(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
) -> Result<Option<Identity>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM identities WHERE id = ? AND project_id = ?");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(project)
        .fetch_optional(conn)
        .await?;
    row.map(|r| from_row(&r)).transpose()
}

/// Deletes an identity (its group memberships go with it), inside a transaction.
pub async fn delete_in(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM identities WHERE id = ? AND project_id = ?")
        .bind(id)
        .bind(project)
        .execute(conn)
        .await?;
    Ok(())
}

/// Inserts an identity inside a caller's write transaction; a taken `userName` or email fails
/// as a unique violation ([`StoreError::is_unique_violation`]).
pub async fn insert(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
    draft: &IdentityDraft,
    origin: Origin,
    resource: &serde_json::Value,
) -> Result<(), StoreError> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO identities (id, project_id, external_id, user_name, user_name_key, email,
             email_key, display_name, kind, active, origin, resource, version, created_at,
             updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
    )
    .bind(id)
    .bind(project)
    .bind(draft.external_id.as_deref())
    .bind(draft.user_name.as_str())
    .bind(draft.user_name.key())
    .bind(draft.email.as_ref().map(|e| e.as_str()))
    .bind(draft.email.as_ref().map(|e| e.key()))
    .bind(draft.display_name.as_deref())
    .bind(draft.kind.code())
    .bind(draft.active)
    .bind(origin.code())
    .bind(resource.to_string())
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces an identity's attributes and bumps its version, inside a caller's write
/// transaction; a taken `userName` or email fails as a unique violation.
pub async fn update(
    conn: &mut SqliteConnection,
    project: ProjectId,
    id: &str,
    draft: &IdentityDraft,
    origin: Origin,
    resource: &serde_json::Value,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE identities SET external_id = ?, user_name = ?, user_name_key = ?, email = ?,
             email_key = ?, display_name = ?, kind = ?, active = ?, origin = ?, resource = ?,
             version = version + 1, updated_at = ?
         WHERE id = ? AND project_id = ?",
    )
    .bind(draft.external_id.as_deref())
    .bind(draft.user_name.as_str())
    .bind(draft.user_name.key())
    .bind(draft.email.as_ref().map(|e| e.as_str()))
    .bind(draft.email.as_ref().map(|e| e.key()))
    .bind(draft.display_name.as_deref())
    .bind(draft.kind.code())
    .bind(draft.active)
    .bind(origin.code())
    .bind(resource.to_string())
    .bind(now_ms())
    .bind(id)
    .bind(project)
    .execute(conn)
    .await?;
    Ok(())
}

fn from_row(row: &SqliteRow) -> Result<Identity, StoreError> {
    let resource: String = row.try_get("resource")?;
    Ok(Identity {
        id: row.try_get("id")?,
        external_id: row.try_get("external_id")?,
        user_name: row.try_get("user_name")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        kind: IdentityKind::from_code(row.try_get::<&str, _>("kind")?),
        active: row.try_get("active")?,
        origin: Origin::from_code(row.try_get::<&str, _>("origin")?),
        resource: serde_json::from_str(&resource).unwrap_or(serde_json::Value::Null),
        version: row.try_get("version")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}
