//! Serving connections: hyper's HTTP/1.1 with a header read timeout (a client that
//! sends its headers slowly, or an idle keep-alive connection, is closed after it), each
//! request told its source address (`ConnectInfo`: the peer's, or from a trusted proxy the
//! client's, see [`super::forwarded`]) and stripped of a scheme an untrusted peer claims,
//! and on shutdown no new connection while the open ones
//! finish their requests.
//!
//! `axum::serve` sets no timer for hyper, so no header read timeout; this is its accept loop
//! with one.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

use super::drain::Draining;
use super::forwarded;

/// Serves `app` on `listener` until `draining` begins, then waits for the open connections
/// to finish the requests they are serving.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_read_timeout: Duration,
    trusted_proxies: Arc<[IpAddr]>,
    draining: Draining,
) {
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    pause_after(&error).await;
                    continue;
                }
            },
            () = draining.begun() => break,
        };
        let (app, trusted_proxies) = (app.clone(), trusted_proxies.clone());
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            let source = forwarded::client_address(remote, request.headers(), &trusted_proxies);
            forwarded::forget_untrusted_proto(remote, request.headers_mut(), &trusted_proxies);
            request.extensions_mut().insert(ConnectInfo(source));
            app.clone().oneshot(request)
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %remote, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// After a failed accept: a connection that failed on its way in is the client's problem;
/// anything else (no file descriptors left) gets a second's pause before the next accept.
async fn pause_after(error: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(%error, "cannot accept a connection");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
