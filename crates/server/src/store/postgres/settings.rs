//! A project's settings on PostgreSQL.

use sqlx::PgConnection;

use super::PgDb;
use crate::domain::project::ProjectId;
use crate::store::StoreError;
use crate::store::settings::{Settings, from_row};

pub async fn get(db: &PgDb, project: ProjectId) -> Result<Settings, StoreError> {
    let row = sqlx::query("SELECT scim_enabled, seat_limit FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(db.pool())
        .await?;
    from_row(&row)
}

pub async fn scim_enabled(conn: &mut PgConnection, project: ProjectId) -> Result<bool, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT scim_enabled FROM projects WHERE id = $1")
            .bind(project)
            .fetch_one(conn)
            .await?,
    )
}

pub async fn update(
    conn: &mut PgConnection,
    project: ProjectId,
    scim_enabled: Option<bool>,
    seat_limit: Option<i64>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE projects SET scim_enabled = COALESCE($1, scim_enabled),
             seat_limit = COALESCE($2, seat_limit) WHERE id = $3",
    )
    .bind(scim_enabled)
    .bind(seat_limit)
    .bind(project)
    .execute(conn)
    .await?;
    Ok(())
}
