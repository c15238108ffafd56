//! Start-up: open the database, create the first tokens, and serve until told to stop.

use std::future::Future;
use std::net::SocketAddr;

use axum::Extension;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::domain::secret::{Token, TokenKind};
use crate::edge::drain::Draining;
use crate::state::AppState;
use crate::store::{self, Db, StoreError};

/// The name of the SCIM token created on first start: the default IdP connection.
pub const DEFAULT_CONNECTION: &str = "default";

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Store(#[from] StoreError),
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

/// The state to serve with, and the tokens created by this start (shown once, never stored).
#[derive(Debug)]
pub struct Prepared {
    /// Shared by every handler.
    pub state: AppState,
    /// SCIM token created on this start, if the database had none.
    pub new_scim_token: Option<Token>,
    /// Admin token created on this start, if the database had none.
    pub new_admin_token: Option<Token>,
}

/// Opens the database, creates the settings row, and on first start the two tokens.
pub async fn prepare(config: &Config) -> Result<Prepared, StartError> {
    let db = Db::open(&config.data_dir).await?;
    store::settings::ensure(&db, config.initial_seat_limit).await?;
    let new_scim_token = ensure_token(
        &db,
        TokenKind::Scim,
        DEFAULT_CONNECTION,
        config.initial_scim_token.clone(),
    )
    .await?;
    let new_admin_token = ensure_token(
        &db,
        TokenKind::Admin,
        "admin",
        config.initial_admin_token.clone(),
    )
    .await?;
    let run_idle_gap_ms =
        i64::try_from(config.run_idle_gap_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    Ok(Prepared {
        state: AppState {
            recorder: store::recorder::Recorder::start(db.clone(), run_idle_gap_ms),
            db,
            run_idle_gap_ms,
            hub: crate::live::Hub::default(),
        },
        new_scim_token,
        new_admin_token,
    })
}

async fn ensure_token(
    db: &Db,
    kind: TokenKind,
    name: &str,
    given: Option<String>,
) -> Result<Option<Token>, StartError> {
    if store::tokens::count(db, kind).await? > 0 {
        return Ok(None);
    }
    let token = match given {
        Some(value) => Token::from_operator(value),
        None => Token::generate(kind)?,
    };
    store::tokens::insert(db, kind, name, &token.hash()).await?;
    Ok(Some(token))
}

/// Binds the configured address.
pub async fn bind(config: &Config) -> Result<TcpListener, StartError> {
    let addr = SocketAddr::new(config.host, config.port);
    TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })
}

/// How often stored request bodies past retention are pruned.
const PRUNE_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Serves the app on `listener` until `shutdown` completes, then ends the live streams and
/// lets requests in flight finish (for at most `--shutdown-grace-secs`).
/// Prunes request bodies past retention at start and every hour.
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
    let pruner = tokio::spawn(prune_forever(state.db.clone(), config.retention_days));
    let draining = Draining::default();
    let app = crate::app_with(state, config, routes).layer(Extension(draining.clone()));
    let header_read_timeout = std::time::Duration::from_secs(config.header_read_timeout_secs);
    let serving = crate::edge::listen::serve(listener, app, header_read_timeout, draining.clone());
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
    Ok(())
}

async fn prune_forever(db: Db, retention_days: u32) {
    let retention_ms = i64::from(retention_days) * 24 * 3600 * 1000;
    let mut every = tokio::time::interval(PRUNE_EVERY);
    loop {
        every.tick().await;
        match store::events::prune_bodies(&db, store::now_ms() - retention_ms).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(pruned = n, "request bodies past retention removed"),
            Err(error) => tracing::warn!(%error, "pruning request bodies failed"),
        }
    }
}
