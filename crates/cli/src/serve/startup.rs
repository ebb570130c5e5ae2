//! A patient start: `docnum serve` waits for its database with a bounded,
//! logged backoff instead of exiting (an orchestrator often starts the
//! service and its database together), and meanwhile answers `/readyz` with
//! what it waits for.
//!
//! Only a database that cannot be reached is waited for
//! ([`AppError::Unavailable`]: refused, timed out, a database not created
//! yet); a wrong URL, a schema this binary cannot run against or a missing
//! privilege ends the start at once.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Json;
use axum::Router;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, RETRY_AFTER};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use docnum_application::AppError;
use docnum_domain::Message;
use docnum_i18n::Locale;
use serde_json::json;
use tokio::sync::watch;

use super::ServeArgs;
use crate::database::{DatabaseArgs, open_service};

/// The first pause between attempts; doubled after each failure.
const FIRST_DELAY: Duration = Duration::from_millis(250);
/// The longest pause between attempts.
const MAX_DELAY: Duration = Duration::from_secs(5);

/// What the start is waiting for, shared with the `/readyz` of the waiting
/// listener.
#[derive(Debug)]
pub(crate) struct Waiting {
    started: Instant,
    limit: Duration,
    state: Mutex<(u32, String)>,
}

impl Waiting {
    /// Waits at most `limit` in all.
    pub(crate) fn new(limit: Duration) -> Arc<Self> {
        Arc::new(Self {
            started: Instant::now(),
            limit,
            state: Mutex::new((0, String::new())),
        })
    }

    fn record(&self, error: String) -> u32 {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.0 += 1;
        state.1 = error;
        state.0
    }

    fn snapshot(&self) -> (u32, String) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Whether an error means the database cannot be reached (yet).
fn is_unavailable(e: &anyhow::Error) -> bool {
    e.chain()
        .any(|c| matches!(c.downcast_ref::<AppError>(), Some(AppError::Unavailable(_))))
}

/// Runs `attempt` until it succeeds, fails otherwise than with the database
/// unreachable, or `waiting`'s limit would pass before the next attempt.
/// Calls `on_first_failure` once, when the first attempt failed.
pub(crate) async fn patiently<T, F, Fut>(
    waiting: &Waiting,
    mut attempt: F,
    on_first_failure: impl FnOnce(),
) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<T>>,
{
    let mut delay = FIRST_DELAY;
    let mut on_first_failure = Some(on_first_failure);
    loop {
        let e = match attempt().await {
            Ok(value) => return Ok(value),
            Err(e) => e,
        };
        let waited = waiting.started.elapsed();
        if !is_unavailable(&e) || waited + delay > waiting.limit {
            return Err(if is_unavailable(&e) {
                e.context(crate::lang::tr(
                    &docnum_domain::Message::new("serve-db-wait-gave-up")
                        .with("seconds", waited.as_secs()),
                ))
            } else {
                e
            });
        }
        let n = waiting.record(format!("{e:#}"));
        tracing::warn!(
            attempt = n,
            error = %format!("{e:#}"),
            retry_in_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            "the database is not ready; waiting for it"
        );
        if let Some(f) = on_first_failure.take() {
            f();
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(MAX_DELAY);
    }
}

/// The routes served while waiting: `/healthz` answers (the process is
/// up), `/readyz` and everything else answer 503 NB014 saying what the
/// start waits for.
pub(crate) fn waiting_router(waiting: Arc<Waiting>, default_locale: Locale) -> Router {
    let health = || async { Json(json!({"success": true, "data": {"status": "ok"}})) };
    Router::new()
        .route("/healthz", get(health))
        .fallback(move |headers: HeaderMap| {
            let waiting = waiting.clone();
            async move { not_ready(&waiting, &headers, default_locale) }
        })
}

/// 503 NB014 in the language `Accept-Language` asks for, like the API's
/// own answers (the detail is the driver's own text).
fn not_ready(waiting: &Waiting, headers: &HeaderMap, default_locale: Locale) -> Response {
    let (attempts, last) = waiting.snapshot();
    let left = waiting.limit.saturating_sub(waiting.started.elapsed());
    let locale = headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(default_locale, |h| Locale::negotiate(h, default_locale));
    let message = Message::new("serve-starting-waiting-for-database")
        .with("attempts", u64::from(attempts))
        .with("seconds", left.as_secs())
        .with("detail", last);
    let body = json!({
        "success": false,
        "error": {
            "code": "NB014",
            "name": "DATABASE_UNAVAILABLE",
            "message": docnum_i18n::render(locale, &message),
        },
        "waiting_for": "database",
    });
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(RETRY_AFTER, "1"), (CONTENT_LANGUAGE, locale.tag())],
        Json(body),
    )
        .into_response()
}

/// Opens the service, waiting for the database (`--db-wait`); meanwhile the
/// socket answers `/readyz` with what the start waits for. `None` when a
/// shutdown was asked for while waiting.
pub(super) async fn open_while_answering_readyz(
    db: &DatabaseArgs,
    args: &ServeArgs,
    listener: &std::net::TcpListener,
    addr: SocketAddr,
) -> anyhow::Result<Option<docnum_application::Numbering>> {
    let waiting = Waiting::new(Duration::from_secs(args.db_wait));
    let (done_tx, done_rx) = watch::channel(false);
    // Only once the first attempt failed does the socket answer (until
    // then connections wait in the backlog, as when the service is ready
    // at once). A second handle on the same socket: the waiting routes
    // stop accepting before the service's own take over.
    let early_server = std::sync::Mutex::new(None);
    let answer_readyz = || {
        match listener
            .try_clone()
            .and_then(tokio::net::TcpListener::from_std)
        {
            Ok(early) => {
                let router = waiting_router(waiting.clone(), args.default_locale);
                let mut done_rx = done_rx.clone();
                let stop = async move {
                    let _ = done_rx.wait_for(|done| *done).await;
                };
                let served = tokio::spawn(async move {
                    axum::serve(early, router)
                        .with_graceful_shutdown(stop)
                        .await
                });
                *early_server
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(served);
            }
            Err(e) => tracing::warn!(error = %e, "cannot answer /readyz while waiting"),
        }
        crate::output::line(&format!(
            "docnum waiting for the database; readiness at http://{addr}/readyz"
        ));
    };
    let settings = super::args::settings(args);
    let opened = tokio::select! {
        opened = patiently(
            &waiting,
            || open_service(db, settings),
            answer_readyz,
        ) => opened.map(Some),
        () = super::shutdown_signal() => Ok(None),
    };
    let _ = done_tx.send(true);
    let served = early_server
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(served) = served {
        let _ = served.await;
    }
    opened
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn waits_for_an_unavailable_database_and_stops_on_other_errors() {
        let waiting = Waiting::new(Duration::from_mins(1));
        let mut calls = 0;
        let mut first = 0;
        let got = patiently(
            &waiting,
            || {
                calls += 1;
                let n = calls;
                async move {
                    if n < 4 {
                        Err(anyhow::Error::new(AppError::Unavailable("refused".into())))
                    } else {
                        Ok(n)
                    }
                }
            },
            || first += 1,
        )
        .await
        .unwrap();
        assert_eq!((got, first, waiting.snapshot().0), (4, 1, 3));

        let mut calls = 0;
        let err = patiently(
            &Waiting::new(Duration::from_mins(1)),
            || {
                calls += 1;
                async {
                    Err::<(), _>(anyhow::Error::new(AppError::invalid(
                        "x",
                        docnum_application::InvalidReason::FromAfterTo,
                    )))
                }
            },
            || {},
        )
        .await
        .unwrap_err();
        assert_eq!(calls, 1, "{err:#}");
    }

    #[tokio::test]
    async fn gives_up_after_the_limit() {
        let waiting = Waiting::new(Duration::from_secs(3));
        let err = patiently(
            &waiting,
            || async { Err::<(), _>(anyhow::Error::new(AppError::Unavailable("down".into()))) },
            || {},
        )
        .await
        .unwrap_err();
        assert!(format!("{err:#}").contains("(DOCNUM_DB_WAIT)"), "{err:#}");
        // 250 + 500 + 1000 ms of pauses, the next (2 s) would pass 3 s.
        assert_eq!(waiting.snapshot().0, 3);
    }
}
