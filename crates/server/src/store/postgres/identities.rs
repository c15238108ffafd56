//! The `identities` table on PostgreSQL.

use sqlx::{PgConnection, Postgres, QueryBuilder, Row};

use super::PgDb;
use crate::domain::identity::{IdentityDraft, Origin};
use crate::domain::project::ProjectId;
use crate::store::identities::{COLUMNS, Identity, IdentityQuery, Lookup, from_row};
use crate::store::{StoreError, like_pattern, now_ms};

pub async fn get(db: &PgDb, project: ProjectId, id: &str) -> Result<Option<Identity>, StoreError> {
    get_in(&mut *db.pool().acquire().await?, project, id).await
}

pub async fn find_by(
    db: &PgDb,
    project: ProjectId,
    attribute: Lookup,
    value: &str,
) -> Result<Vec<Identity>, StoreError> {
    let (column, key) = attribute.column_and_key(value);
    let sql = format!(
        "SELECT {COLUMNS} FROM identities WHERE project_id = $1 AND {column} = $2 ORDER BY seq"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(key)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn page(
    db: &PgDb,
    project: ProjectId,
    offset: i64,
    limit: i64,
) -> Result<Vec<Identity>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM identities WHERE project_id = $1 ORDER BY seq LIMIT $2 OFFSET $3"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(limit)
        .bind(offset)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

pub async fn search(
    db: &PgDb,
    project: ProjectId,
    query: &IdentityQuery,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<Identity>, Option<i64>), StoreError> {
    let mut sql = QueryBuilder::<Postgres>::new(format!(
        "SELECT seq AS position, {COLUMNS} FROM identities WHERE project_id = "
    ));
    sql.push_bind(project);
    sql.push(" AND seq > ").push_bind(after.unwrap_or(0));
    push_identity_filters(&mut sql, query);
    sql.push(" ORDER BY seq LIMIT ").push_bind(limit);
    let rows = sql.build().fetch_all(db.pool()).await?;
    let last = rows
        .last()
        .map(|r| r.try_get::<i64, _>("position"))
        .transpose()?;
    let found = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    Ok((found, last))
}

pub async fn count_matching(
    db: &PgDb,
    project: ProjectId,
    query: &IdentityQuery,
) -> Result<u64, StoreError> {
    let mut sql =
        QueryBuilder::<Postgres>::new("SELECT COUNT(*) FROM identities WHERE project_id = ");
    sql.push_bind(project);
    push_identity_filters(&mut sql, query);
    let count: i64 = sql.build_query_scalar().fetch_one(db.pool()).await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

fn push_identity_filters(sql: &mut QueryBuilder<Postgres>, query: &IdentityQuery) {
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
        let pattern = like_pattern(text);
        sql.push(" AND (user_name_key LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR email_key LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR lower(display_name) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

pub async fn find_in(
    conn: &mut PgConnection,
    project: ProjectId,
    id_or_user_name: &str,
) -> Result<Option<Identity>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM identities WHERE project_id = $1 AND (id = $2 OR user_name_key = $3)
         ORDER BY (id = $4) DESC LIMIT 1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(project)
        .bind(id_or_user_name)
        .bind(id_or_user_name.to_lowercase())
        .bind(id_or_user_name)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Seats in use and the limit.
pub async fn seat_usage(
    conn: &mut PgConnection,
    project: ProjectId,
) -> Result<(i64, i64), StoreError> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM identities
                 WHERE project_id = $1 AND kind = 'user' AND active) AS used,
                (SELECT seat_limit FROM projects WHERE id = $1) AS seat_limit",
    )
    .bind(project)
    .fetch_one(conn)
    .await?)
}

pub async fn count(db: &PgDb, project: ProjectId) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM identities WHERE project_id = $1")
            .bind(project)
            .fetch_one(db.pool())
            .await?,
    )
}

/// Seats held and Readers.
pub async fn counts(db: &PgDb, project: ProjectId) -> Result<(i64, i64), StoreError> {
    Ok(sqlx::query_as(
        "SELECT
             (SELECT COUNT(*) FROM identities
              WHERE project_id = $1 AND kind = 'user' AND active) AS seats,
             (SELECT COUNT(*) FROM identities WHERE project_id = $1 AND kind = 'reader') AS readers",
    )
    .bind(project)
    .fetch_one(db.pool())
    .await?)
}

pub async fn find_matches(
    conn: &mut PgConnection,
    project: ProjectId,
    draft: &IdentityDraft,
) -> Result<Vec<Identity>, StoreError> {
    let user_name_key = draft.user_name.key();
    let email_key = draft.email.as_ref().map(|e| e.key());
    let sql = format!(
        "SELECT {COLUMNS} FROM identities \
         WHERE project_id = $1 AND (user_name_key IN ($2, $3) OR email_key IN ($4, $5)) ORDER BY seq"
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

pub async fn get_in(
    conn: &mut PgConnection,
    project: ProjectId,
    id: &str,
) -> Result<Option<Identity>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM identities WHERE id = $1 AND project_id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(project)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn delete_in(
    conn: &mut PgConnection,
    project: ProjectId,
    id: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM identities WHERE id = $1 AND project_id = $2")
        .bind(id)
        .bind(project)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert(
    conn: &mut PgConnection,
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
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14)",
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

pub async fn update(
    conn: &mut PgConnection,
    project: ProjectId,
    id: &str,
    draft: &IdentityDraft,
    origin: Origin,
    resource: &serde_json::Value,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE identities SET external_id = $1, user_name = $2, user_name_key = $3, email = $4,
             email_key = $5, display_name = $6, kind = $7, active = $8, origin = $9,
             resource = $10, version = version + 1, updated_at = $11
         WHERE id = $12 AND project_id = $13",
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
