//! Start-up: open the database, create the first tokens, and serve until told to stop.

use std::future::Future;
use std::net::SocketAddr;

use axum::Extension;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::domain::secret::{Token, TokenHash, TokenKind};
use crate::edge::drain::Draining;
use crate::scim::auth::LastUsed;
use crate::scim::refusals::Refusals;
use crate::state::AppState;
use crate::store::{self, Db, StoreError};
use crate::tenancy::{self, NewProject};

/// The IdP connection of the project created on first start.
pub const DEFAULT_CONNECTION: &str = "default";
/// The project created on first start.
pub const DEFAULT_PROJECT: &str = "Default project";

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Store(#[from] StoreError),
    /// The first project could not be created.
    #[error("cannot create the first project: {0}")]
    Project(#[from] tenancy::CredentialError),
    /// The OS could not supply randomness for a token.
    #[error("cannot generate a token: {0}")]
    Random(#[from] getrandom::Error),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// Serving failed.
    #[error("server: {0}")]
    Serve(std::io::Error),
}

/// The state to serve with, and what this start created (shown once, never stored).
#[derive(Debug)]
pub struct Prepared {
    /// Shared by every handler.
    pub state: AppState,
    /// The project created on this start, if the database had none.
    pub first_project: Option<NewProject>,
}

/// Opens the database and, on first start (no project yet), creates the default project with
/// its first SCIM token and admin token. A database from before projects is project 1.
pub async fn prepare(config: &Config) -> Result<Prepared, StartError> {
    let db = Db::open_configured(config.database_url.as_deref(), &config.data_dir).await?;
    let first_project = if store::projects::list(&db).await?.is_empty() {
        let scim_token = given_or_new(config.initial_scim_token.clone(), TokenKind::Scim)?;
        let admin_token = given_or_new(config.initial_admin_token.clone(), TokenKind::Admin)?;
        tenancy::create_first_project(
            &db,
            DEFAULT_PROJECT,
            config.initial_seat_limit,
            admin_token,
            Some((DEFAULT_CONNECTION, scim_token)),
        )
        .await?
    } else {
        None
    };
    let run_idle_gap_ms =
        i64::try_from(config.run_idle_gap_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    Ok(Prepared {
        state: AppState {
            recorder: store::recorder::Recorder::start(db.clone(), run_idle_gap_ms),
            hub: crate::live::Hub::for_database(&db),
            db,
            run_idle_gap_ms,
            last_used: LastUsed::default(),
            refusals: Refusals::default(),
            connection_rate: std::sync::Arc::new(crate::edge::limits::RateLimiter::new(
                config.scim_connection_rate_per_sec,
                config.scim_connection_rate_burst,
            )),
            operator: config.operator_token.as_deref().map(TokenHash::of),
            webhooks: crate::alerts::queue::Wake::default(),
            webhook_policy: config.webhook_delivering().sender.policy,
        },
        first_project,
    })
}

fn given_or_new(given: Option<String>, kind: TokenKind) -> Result<Token, getrandom::Error> {
    match given {
        Some(value) => Ok(Token::from_operator(value)),
        None => Token::generate(kind),
    }
}

/// Binds the configured address.
pub async fn bind(config: &Config) -> Result<TcpListener, StartError> {
    let addr = SocketAddr::new(config.host, config.port);
    TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })
}

/// How often what is past its retention is pruned.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Serves the app on `listener` until `shutdown` completes, then ends the live streams and
/// lets requests in flight finish (for at most `--shutdown-grace-secs`).
/// Prunes what is past its retention (`store::retention`) at start and every hour.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    config: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    serve_routes(listener, state, config, crate::Routes::default(), shutdown).await
}

/// [`serve`], with these routes (a test's own among them).
pub async fn serve_routes(
    listener: TcpListener,
    state: AppState,
    config: &Config,
    routes: crate::Routes,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let live = crate::live::start(&state).await?;
    let pruner = tokio::spawn(prune_forever(state.db.clone(), config.clone()));
    let refusals = tokio::spawn(state.refusals.clone().flush_forever(state.db.clone()));
    let alerts = tokio::spawn(crate::alerts::watch_forever(
        state.clone(),
        std::time::Duration::from_millis(config.health_check_ms.max(100)),
    ));
    let webhooks = tokio::spawn(crate::alerts::queue::deliver_forever(
        state.db.clone(),
        config.webhook_delivering(),
        state.webhooks.clone(),
    ));
    let (db, counted) = (state.db.clone(), state.refusals.clone());
    let draining = Draining::default();
    let app = crate::app_with(state, config, routes).layer(Extension(draining.clone()));
    let header_read_timeout = std::time::Duration::from_secs(config.header_read_timeout_secs);
    let serving = crate::edge::listen::serve(
        listener,
        app,
        header_read_timeout,
        config.trusted_proxies.clone().into(),
        draining.clone(),
    );
    tokio::pin!(serving);
    tokio::select! {
        () = &mut serving => {}
        () = shutdown => {
            draining.begin();
            let grace = std::time::Duration::from_secs(config.shutdown_grace_secs);
            if tokio::time::timeout(grace, serving).await.is_err() {
                tracing::warn!(?grace, "requests were still in flight when the shutdown grace ran out");
            }
        }
    }
    pruner.abort();
    refusals.abort();
    live.iter().for_each(JoinHandle::abort);
    // An attempt cut short is claimed again when its lease runs out.
    webhooks.abort();
    alerts.abort();
    if let Err(error) = counted.flush(&db).await {
        tracing::warn!(%error, "cannot write the refused requests' counts");
    }
    Ok(())
}

async fn prune_forever(db: Db, config: Config) {
    let mut every = tokio::time::interval(PRUNE_EVERY);
    loop {
        every.tick().await;
        // One server at a time prunes a shared database; the others skip this round.
        match store::jobs::try_lead(&db, RETENTION).await {
            Ok(Some(lead)) => {
                prune_once(&db, &config).await;
                if let Err(error) = lead.release().await {
                    tracing::warn!(%error, "cannot give up the pruning's lead");
                }
            }
            Ok(None) => tracing::debug!("another server is pruning"),
            Err(error) => tracing::warn!(%error, "cannot take the pruning's lead"),
        }
    }
}

/// The job name of retention's lead.
const RETENTION: &str = "retention";

async fn prune_once(db: &Db, config: &Config) {
    let cutoffs = config.retention_cutoffs(store::now_ms());
    match store::retention::prune(db, cutoffs, store::retention::BATCH).await {
        Ok(pruned) if pruned.rows == 0 => {}
        Ok(pruned) => tracing::info!(
            rows = pruned.rows,
            batches = pruned.batches,
            longest_hold_ms = pruned.longest_hold.as_millis(),
            "removed what is past its retention"
        ),
        Err(error) => tracing::warn!(%error, "pruning past retention failed"),
    }
    if let Err(error) = store::sessions::prune(db).await {
        tracing::warn!(%error, "pruning expired sessions failed");
    }
    if let Err(error) = store::stream::prune_tickets(db, store::now_ms()).await {
        tracing::warn!(%error, "pruning expired stream tickets failed");
    }
}
