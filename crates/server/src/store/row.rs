//! A stored row of either backend, read by column name: what lets each table map its rows to
//! its types once, for SQLite and PostgreSQL alike.

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Decode, Postgres, Sqlite, Type};

/// A Rust type both backends decode a column into (`String`, `i64`, `bool` and their
/// `Option`s). PostgreSQL has no unsigned integers: read `i64` and convert.
pub trait Column:
    Sized + for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>
{
}

impl<T> Column for T where
    T: Sized
        + for<'r> Decode<'r, Sqlite>
        + Type<Sqlite>
        + for<'r> Decode<'r, Postgres>
        + Type<Postgres>
{
}

/// A row whose columns are read by name.
pub trait StoredRow {
    /// The column `name`, decoded.
    fn col<T: Column>(&self, name: &str) -> Result<T, sqlx::Error>;
}

impl StoredRow for SqliteRow {
    fn col<T: Column>(&self, name: &str) -> Result<T, sqlx::Error> {
        sqlx::Row::try_get(self, name)
    }
}

impl StoredRow for PgRow {
    fn col<T: Column>(&self, name: &str) -> Result<T, sqlx::Error> {
        sqlx::Row::try_get(self, name)
    }
}
