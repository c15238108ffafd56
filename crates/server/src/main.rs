//! `scim-sync-server`: start-up only; everything else is in the library.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use scim_sync_server::config::Config;
use scim_sync_server::startup::{self, StartError};
use scim_sync_server::{operator, simulate, stdout};
use tracing_subscriber::EnvFilter;

/// The SCIM Sync Dashboard's server.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: Config,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve SCIM, the admin API and the dashboard (the default).
    Serve,
    /// Play an IdP: send Okta- or Entra-dialect SCIM traffic for a scenario to a server.
    Simulate(simulate::Options),
    /// Create and list projects in a data directory (the operator's work).
    #[command(subcommand)]
    Project(operator::cli::ProjectCommand),
    /// Copy every project's data from a SQLite database into an empty PostgreSQL database.
    MigrateData(operator::migrate_data::Options),
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        // The log goes to stdout; once that is closed, lines are dropped without a complaint
        // on stderr for each.
        .log_internal_errors(false)
        .init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => match serve(cli.serve).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                tracing::error!(%error, "the server stopped");
                ExitCode::FAILURE
            }
        },
        Command::Simulate(options) => simulate(&options).await,
        Command::Project(command) => match operator::cli::run(command).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                stdout::error_line(format_args!("project: {error}"));
                ExitCode::FAILURE
            }
        },
        Command::MigrateData(options) => match operator::migrate_data::run(&options).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                stdout::error_line(format_args!("migrate-data: {error}"));
                ExitCode::FAILURE
            }
        },
    }
}

/// Plays the scenario and prints the summary; fails only if the simulator could not run (a
/// server that refuses requests is what the summary reports).
async fn simulate(options: &simulate::Options) -> ExitCode {
    if options.dry_run {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        for line in simulate::plan(options).preview() {
            if writeln!(out, "{line}").is_err() {
                break; // stdout closed (`| head`): nothing more to say.
            }
        }
        let _ = out.flush();
        return ExitCode::SUCCESS;
    }
    match simulate::run(options, true).await {
        Ok(outcome) => {
            stdout::line(&outcome.summary);
            ExitCode::SUCCESS
        }
        Err(error) => {
            stdout::error_line(format_args!("simulate: {error}"));
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), StartError> {
    let prepared = startup::prepare(&config).await?;
    let listener = startup::bind(&config).await?;
    let addr = listener.local_addr().map_err(StartError::Serve)?;
    // Printed, not logged: the tokens appear once, on first start, and only here. A closed
    // stdout loses these lines, not the server.
    stdout::line(format_args!("SCIM Sync Dashboard: http://{addr}/"));
    stdout::line(format_args!("SCIM base URL:       http://{addr}/scim/v2"));
    if let Some(project) = &prepared.first_project {
        stdout::line(format_args!(
            "Project {} created: {:?}",
            project.id, project.name
        ));
        if let Some((connection, token)) = &project.scim_token {
            stdout::line(format_args!(
                "SCIM token of connection {connection:?} (shown once; configure it in your IdP): {}",
                token.expose()
            ));
        }
        stdout::line(format_args!(
            "Admin token (shown once; sign in to the dashboard with it): {}",
            project.admin_token.expose()
        ));
    }
    startup::serve(listener, prepared.state, &config, shutdown_signal()).await
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
