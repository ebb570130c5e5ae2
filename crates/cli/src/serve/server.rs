//! The HTTP server loop, built from hyper's HTTP/1 connection builder with
//! a timer (so its header-read timeout works, which `axum::serve` leaves
//! off), a cap on open connections, a cap on requests in flight, and a
//! graceful shutdown with a deadline (hyper-util's `GracefulShutdown`).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response};
use axum::response::IntoResponse as _;
use docnum_api::ApiError;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

/// How a listener treats its connections.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ServerLimits {
    /// A request head must arrive within this; hyper arms the same timer
    /// while a kept-alive connection waits for its next request, so it is
    /// also the idle timeout.
    pub header_timeout: Duration,
    /// Whether connections are kept alive between requests.
    pub keep_alive: bool,
    /// Connections open at once; further clients wait in the kernel's
    /// backlog until one closes.
    pub max_connections: usize,
    /// Requests being handled at once; more are answered 503 NB017 at once
    /// (the probes `/healthz` and `/readyz` are never refused).
    pub max_in_flight: usize,
    /// How long shutdown waits for requests in flight before closing.
    pub shutdown_grace: Duration,
}

/// The most header lines a request may carry.
const MAX_HEADERS: usize = 64;

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests
/// in flight finish for at most `limits.shutdown_grace`.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()>,
) {
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let in_flight = Arc::new(Semaphore::new(limits.max_in_flight.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(limits.keep_alive)
        .max_headers(MAX_HEADERS);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break, // never closed
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: the cap above
                    // should prevent it; back off rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let in_flight = in_flight.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            handle(app.clone(), in_flight.clone(), peer, request)
        });
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // Clients that vanish or time out are routine, not worth a log.
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection closed with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            grace_secs = limits.shutdown_grace.as_secs(),
            "requests still in flight after the shutdown grace period; closing them"
        );
    }
}

/// One request: the client address for the router, and the in-flight cap.
async fn handle(
    app: Router,
    in_flight: Arc<Semaphore>,
    peer: SocketAddr,
    mut request: Request<Incoming>,
) -> Result<Response<axum::body::Body>, Infallible> {
    let probe = matches!(request.uri().path(), "/healthz" | "/readyz");
    let permit = if probe {
        None
    } else if let Ok(permit) = in_flight.try_acquire_owned() {
        Some(permit)
    } else {
        return Ok(
            ApiError::Overloaded(docnum_domain::Message::new("server-busy")).into_response(),
        );
    };
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = app.oneshot(request).await;
    drop(permit);
    response
}
