//! `scim-sync-server migrate-data --from sqlite:PATH --to postgres://…`: the operator moves an
//! installation from its SQLite file into an empty PostgreSQL database, to run several servers
//! on it (README, "Scaling out"). What is copied and how is `store::migrate`'s; this is the
//! command line: where from, where to, and what it says (the URL's password never).

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use crate::stdout;
use crate::store::{self, migrate};

/// `scim-sync-server migrate-data …`.
#[derive(Debug, Args)]
pub struct Options {
    /// The SQLite database to copy, with its server stopped: `sqlite:PATH`, PATH its file or
    /// the data directory that holds it. It is only read.
    #[arg(long, value_name = "sqlite:PATH")]
    from: String,
    /// The PostgreSQL database to copy into: migrated first, and it must hold no data.
    #[arg(
        long,
        value_name = "postgres://…",
        env = "SSD_DATABASE_URL",
        hide_env_values = true
    )]
    to: String,
}

/// Copies, printing rows per table; an error says why nothing was copied.
pub async fn run(options: &Options) -> Result<(), String> {
    let source = source_path(&options.from)?;
    check_target(&options.to)?;
    let target = store::redact(&options.to);
    stdout::line(format_args!(
        "Copying sqlite:{} into {target}",
        source.display()
    ));
    let started = Instant::now();
    let copied = migrate::migrate_data(&source, &options.to)
        .await
        .map_err(|error| error.to_string())?;
    for (table, rows) in &copied.tables {
        stdout::line(format_args!("  {table:<22} {rows:>10} rows"));
    }
    let total: u64 = copied.tables.iter().map(|(_, rows)| rows).sum();
    stdout::line(format_args!(
        "Copied {total} rows of {} tables in {:.1} s, ids kept; the identities continue past them.",
        copied.tables.len(),
        started.elapsed().as_secs_f64()
    ));
    for (table, why) in migrate::NOT_COPIED {
        stdout::line(format_args!("Not copied: {table} ({why})."));
    }
    stdout::line(format_args!(
        "Start the servers with --database-url {target} (or SSD_DATABASE_URL)."
    ));
    Ok(())
}

/// The database file `--from` names: `sqlite:PATH` (or `sqlite://PATH`), PATH the file or a
/// data directory holding it.
fn source_path(from: &str) -> Result<PathBuf, String> {
    let path = from
        .strip_prefix("sqlite://")
        .or_else(|| from.strip_prefix("sqlite:"))
        .filter(|path| !path.is_empty())
        .ok_or_else(|| {
            format!("--from takes sqlite:PATH (the SQLite database file or its data directory), not {from:?}")
        })?;
    let path = PathBuf::from(path);
    Ok(if path.is_dir() {
        path.join(store::DATABASE_FILE)
    } else {
        path
    })
}

/// Refuses a `--to` that is not a PostgreSQL URL, naming it without its password.
fn check_target(to: &str) -> Result<(), String> {
    if to.starts_with("postgres://") || to.starts_with("postgresql://") {
        Ok(())
    } else {
        Err(format!(
            "--to takes a PostgreSQL URL (postgres://…), not {:?}",
            store::redact(to)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_is_a_sqlite_path_or_the_data_directory_holding_the_file() {
        let dir = tempfile::tempdir().unwrap();

        assert_eq!(
            source_path("sqlite:/srv/scim.sqlite3").unwrap(),
            PathBuf::from("/srv/scim.sqlite3")
        );
        assert_eq!(
            source_path("sqlite://relative/db").unwrap(),
            PathBuf::from("relative/db")
        );
        assert_eq!(
            source_path(&format!("sqlite:{}", dir.path().display())).unwrap(),
            dir.path().join(store::DATABASE_FILE)
        );
        assert!(source_path("/srv/scim.sqlite3").is_err());
        assert!(source_path("sqlite:").is_err());
    }

    #[test]
    fn the_target_must_be_postgresql_and_is_named_without_its_password() {
        assert!(check_target("postgres://ssd@localhost/scim").is_ok());
        assert!(check_target("postgresql://ssd@localhost/scim").is_ok());

        let refused = check_target("mysql://ssd:s3cret@db/scim").unwrap_err();

        assert!(refused.contains("mysql://ssd:***@db/scim"), "{refused}");
        assert!(!refused.contains("s3cret"), "{refused}");
    }
}
