//! A project's settings on SQLite.

use sqlx::SqliteConnection;

use super::SqliteDb;
use crate::domain::project::ProjectId;
use crate::store::StoreError;
use crate::store::settings::{Settings, from_row};

pub async fn get(db: &SqliteDb, project: ProjectId) -> Result<Settings, StoreError> {
    let row = sqlx::query("SELECT scim_enabled, seat_limit FROM projects WHERE id = ?")
        .bind(project)
        .fetch_one(db.pool())
        .await?;
    from_row(&row)
}

pub async fn scim_enabled(
    conn: &mut SqliteConnection,
    project: ProjectId,
) -> Result<bool, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT scim_enabled FROM projects WHERE id = ?")
            .bind(project)
            .fetch_one(conn)
            .await?,
    )
}

pub async fn update(
    conn: &mut SqliteConnection,
    project: ProjectId,
    scim_enabled: Option<bool>,
    seat_limit: Option<i64>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE projects SET scim_enabled = COALESCE(?, scim_enabled),
             seat_limit = COALESCE(?, seat_limit) WHERE id = ?",
    )
    .bind(scim_enabled)
    .bind(seat_limit)
    .bind(project)
    .execute(conn)
    .await?;
    Ok(())
}
