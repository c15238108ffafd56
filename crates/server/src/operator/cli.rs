//! `scim-sync-server project create|list`: the operator's commands, on the data directory's
//! SQLite database (SQLite lets them run beside a serving server) or on the PostgreSQL database
//! `--database-url` names.

use std::path::PathBuf;

use clap::Subcommand;

use crate::stdout;
use crate::store::{self, Db};

/// `scim-sync-server project …`.
#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Create a project and print its first admin token (shown once).
    Create {
        /// The project's name.
        #[arg(long)]
        name: String,
        /// Licence seats for Users.
        #[arg(long, default_value_t = super::DEFAULT_SEAT_LIMIT)]
        seat_limit: u32,
        /// Directory of the SQLite database.
        #[arg(long, env = "SSD_DATA_DIR", default_value = "./data")]
        data_dir: PathBuf,
        /// The PostgreSQL database, instead of SQLite.
        #[arg(long, env = "SSD_DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
    /// List the projects.
    List {
        /// Directory of the SQLite database.
        #[arg(long, env = "SSD_DATA_DIR", default_value = "./data")]
        data_dir: PathBuf,
        /// The PostgreSQL database, instead of SQLite.
        #[arg(long, env = "SSD_DATABASE_URL", hide_env_values = true)]
        database_url: Option<String>,
    },
}

/// Runs the command, printing its result.
pub async fn run(command: ProjectCommand) -> Result<(), String> {
    match command {
        ProjectCommand::Create {
            name,
            seat_limit,
            data_dir,
            database_url,
        } => {
            let db = Db::open_configured(database_url.as_deref(), &data_dir)
                .await
                .map_err(|e| e.to_string())?;
            let created = super::create_project(&db, &name, seat_limit)
                .await
                .map_err(|e| e.to_string())?;
            stdout::line(format_args!(
                "Project {} created: {:?} ({} seats)",
                created.project.id, created.project.name, created.project.seat_limit
            ));
            stdout::line(format_args!(
                "Admin token (shown once; sign in to the dashboard with it): {}",
                created.admin_token
            ));
            Ok(())
        }
        ProjectCommand::List {
            data_dir,
            database_url,
        } => {
            let db = Db::open_configured(database_url.as_deref(), &data_dir)
                .await
                .map_err(|e| e.to_string())?;
            let projects = store::projects::list(&db)
                .await
                .map_err(|e| e.to_string())?;
            let mut open = stdout::line(format_args!(
                "{:>4}  {:<40} {:>6}  {:<5}  created",
                "id", "name", "seats", "scim"
            ));
            for p in &projects {
                if !open {
                    break; // stdout closed (`| head`): nothing more to say.
                }
                open = stdout::line(format_args!(
                    "{:>4}  {:<40} {:>6}  {:<5}  {}",
                    p.id,
                    p.name,
                    p.seat_limit,
                    if p.scim_enabled { "on" } else { "off" },
                    p.created_at
                ));
            }
            Ok(())
        }
    }
}
