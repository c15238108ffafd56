//! `migrate-data`'s target: one transaction that copies every table with `COPY … FROM STDIN`
//! (text format) and then sets the identity columns past the copied ids (see
//! `store::migrate`).

use futures_util::StreamExt;
use sqlx::{Postgres, Row, Transaction};

use super::PgDb;
use crate::store::StoreError;
use crate::store::migrate::{Column, Kind, MigrateError, Rows, Value};

/// How many bytes of rows are sent to the database at a time.
const CHUNK_BYTES: usize = 1 << 20;

/// The target's transaction.
pub struct Writer {
    tx: Transaction<'static, Postgres>,
}

impl Writer {
    /// Begins the transaction with the lock a first start takes (`store::projects::lock_in`):
    /// a server starting on the database meanwhile waits, then finds the copied projects.
    pub async fn begin(db: &PgDb) -> Result<Writer, StoreError> {
        let mut tx = db.pool().begin().await?;
        super::projects::lock(&mut tx).await?;
        Ok(Writer { tx })
    }

    /// Those of `tables` that hold rows, with how many.
    pub async fn tables_with_rows(
        &mut self,
        tables: &[&str],
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let mut holding = Vec::new();
        for table in tables {
            let rows: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM \"{table}\""
            )))
            .fetch_one(&mut *self.tx)
            .await?;
            if rows > 0 {
                holding.push(((*table).to_owned(), rows));
            }
        }
        Ok(holding)
    }

    /// `table`'s columns and their kinds, in the table's order (none if there is no such
    /// table).
    pub async fn columns(&mut self, table: &str) -> Result<Vec<(String, Kind)>, MigrateError> {
        let rows = sqlx::query(
            "SELECT column_name::text AS name, data_type::text AS type
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1
             ORDER BY ordinal_position",
        )
        .bind(table)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(StoreError::from)?;
        rows.iter()
            .map(|row| {
                let name: String = row.try_get("name").map_err(StoreError::from)?;
                let declared: String = row.try_get("type").map_err(StoreError::from)?;
                let kind = match declared.as_str() {
                    "bigint" => Kind::Integer,
                    "boolean" => Kind::Boolean,
                    "text" => Kind::Text,
                    other => {
                        return Err(MigrateError::Schema {
                            table: table.to_owned(),
                            why: format!("migrate-data cannot copy {name}, of type {other}"),
                        });
                    }
                };
                Ok((name, kind))
            })
            .collect()
    }

    /// Copies `rows` into `table`'s `columns`; answers how many.
    pub async fn copy(
        &mut self,
        table: &str,
        columns: &[Column],
        mut rows: Rows<'_>,
    ) -> Result<u64, StoreError> {
        let names: Vec<String> = columns.iter().map(|c| format!("\"{}\"", c.name)).collect();
        let statement = format!("COPY \"{table}\" ({}) FROM STDIN", names.join(", "));
        let mut copy = self.tx.copy_in_raw(&statement).await?;
        let mut chunk = Vec::with_capacity(CHUNK_BYTES);
        let sent: Result<(), StoreError> = async {
            while let Some(row) = rows.next().await {
                encode_row(&mut chunk, columns, &row?)?;
                if chunk.len() >= CHUNK_BYTES {
                    copy.send(std::mem::take(&mut chunk)).await?;
                }
            }
            if !chunk.is_empty() {
                copy.send(chunk).await?;
            }
            Ok(())
        }
        .await;
        match sent {
            Ok(()) => Ok(copy.finish().await?),
            Err(error) => {
                // The transaction is rolled back; the abort only says why to the database.
                let _ = copy.abort("migrate-data could not read the source").await;
                Err(error)
            }
        }
    }

    /// Sets every identity column of `tables` so that the next id is past both the highest
    /// one copied and, for an `id`, the highest SQLite ever handed out in that table
    /// (`floors`, from `sqlite_sequence`).
    pub async fn set_identities_past(
        &mut self,
        tables: &[&str],
        floors: &[(String, i64)],
    ) -> Result<(), StoreError> {
        let identities = sqlx::query(
            "SELECT c.relname::text AS table_name, a.attname::text AS column_name
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
             WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
               AND a.attidentity <> '' AND NOT a.attisdropped",
        )
        .fetch_all(&mut *self.tx)
        .await?;
        for row in &identities {
            let table: String = row.try_get("table_name")?;
            let column: String = row.try_get("column_name")?;
            if !tables.contains(&table.as_str()) {
                continue;
            }
            let floor = match column.as_str() {
                "id" => floors
                    .iter()
                    .find(|(t, _)| *t == table)
                    .map_or(0, |(_, seq)| *seq),
                _ => 0,
            };
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence($1, $2),
                     GREATEST(COALESCE(MAX(\"{column}\"), 0), $3) + 1, false)
                 FROM \"{table}\""
            )))
            .bind(&table)
            .bind(&column)
            .bind(floor)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    /// Commits all of it.
    pub async fn commit(self) -> Result<(), StoreError> {
        Ok(self.tx.commit().await?)
    }
}

/// One row in `COPY`'s text format: tab between values, `\N` for NULL, a newline at the end.
fn encode_row(out: &mut Vec<u8>, columns: &[Column], values: &[Value]) -> Result<(), StoreError> {
    for (i, (column, value)) in columns.iter().zip(values).enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        match (column.kind, value) {
            (_, Value::Null) => out.extend_from_slice(b"\\N"),
            (Kind::Boolean, Value::Integer(0)) => out.push(b'f'),
            (Kind::Boolean, Value::Integer(1)) => out.push(b't'),
            (Kind::Integer, Value::Integer(n)) => {
                out.extend_from_slice(n.to_string().as_bytes());
            }
            (Kind::Text, Value::Text(text)) => escape_into(out, text),
            (kind, value) => {
                return Err(StoreError::Database(sqlx::Error::Decode(
                    format!("{}: {value:?} is not a {kind:?}", column.name).into(),
                )));
            }
        }
    }
    out.push(b'\n');
    Ok(())
}

/// `text` with the bytes `COPY`'s text format gives a meaning escaped.
fn escape_into(out: &mut Vec<u8>, text: &str) {
    for byte in text.bytes() {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str, kind: Kind) -> Column {
        Column {
            name: name.to_owned(),
            kind,
            from_rowid: false,
        }
    }

    #[test]
    fn a_row_is_one_line_of_copy_text_with_its_special_bytes_escaped() {
        let columns = [
            column("id", Kind::Integer),
            column("active", Kind::Boolean),
            column("body", Kind::Text),
            column("detail", Kind::Text),
        ];
        let mut out = Vec::new();

        encode_row(
            &mut out,
            &columns,
            &[
                Value::Integer(-7),
                Value::Integer(1),
                Value::Text("a\tb\nc\\d\re \\N".into()),
                Value::Null,
            ],
        )
        .unwrap();

        assert_eq!(
            String::from_utf8(out).unwrap(),
            "-7\tt\ta\\tb\\nc\\\\d\\re \\\\N\t\\N\n"
        );
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_refused() {
        let mut out = Vec::new();

        let flag = encode_row(
            &mut out,
            &[column("active", Kind::Boolean)],
            &[Value::Integer(2)],
        );
        let number = encode_row(
            &mut out,
            &[column("id", Kind::Integer)],
            &[Value::Text("7".into())],
        );

        assert!(flag.is_err());
        assert!(number.is_err());
    }
}
