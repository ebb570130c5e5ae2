//! The bb8 pool of a server database, with its timeouts and failing fast
//! while the server is down.
//!
//! # Timeouts (see [`PoolOptions`])
//!
//! * Opening one connection is bounded by `connect_timeout`.
//! * A request waiting for a pooled connection gives up with
//!   [`AppError::Unavailable`] as soon as an attempt to open a connection
//!   fails while it waits (the server is down: answer 503 now, not after a
//!   long wait), and otherwise after `connect_timeout + statement_timeout`
//!   (every connection is busy).
//! * Each statement is limited server-side by `statement_timeout` (the
//!   dialect sets it on every new connection), and a caller waits for its
//!   whole write transaction at most the pool wait plus `statement_timeout`.
//!   A transaction the caller stopped waiting for still ends in COMMIT or
//!   ROLLBACK on its own task: a number is only ever reported after its
//!   COMMIT succeeded.
//!
//! Every connection is checked when taken from the pool, so after an
//! outage the stale ones are replaced and the service recovers by itself:
//! with a `SELECT 1` round trip where the driver cannot tell a dead
//! connection otherwise ([`Checkout::Ping`], MariaDB/MySQL), by looking at
//! the connection's own state where it can ([`Checkout::Inspect`],
//! PostgreSQL: tokio-postgres notices the server closing the socket). Under
//! load the round trip was one in five of a reservation batch's.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bb8::{ErrorSink, ManageConnection, Pool, PooledConnection};
use diesel::ConnectionResult;
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, PoolError, PoolableConnection,
};
use diesel_async::{AsyncConnection, AsyncMysqlConnection, AsyncPgConnection, TransactionManager};
use docnum_application::AppError;
use docnum_application::ports::PoolUsage;
use tokio::sync::watch;

use crate::db::errors::StoreError;
use crate::db::options::PoolOptions;
use crate::db::pool_usage::PoolUsageOf;

/// A future opening one connection.
pub(crate) type Connecting<C> = Pin<Box<dyn Future<Output = ConnectionResult<C>> + Send>>;

/// A server dialect's connection type, which bb8 can pool.
pub(crate) trait ServerConn: PoolableConnection + Send + 'static {
    /// Its bb8 manager (diesel-async's), named here so that code generic
    /// over the connection knows bb8 can manage it.
    type Manager: ManageConnection<Connection = Self, Error = PoolError>;

    /// The manager opening connections to `url` as `config` says.
    fn manager(url: String, config: ManagerConfig<Self>) -> Self::Manager;
}

impl ServerConn for AsyncPgConnection {
    type Manager = AsyncDieselConnectionManager<Self>;

    fn manager(url: String, config: ManagerConfig<Self>) -> Self::Manager {
        AsyncDieselConnectionManager::new_with_config(url, config)
    }
}

impl ServerConn for AsyncMysqlConnection {
    type Manager = AsyncDieselConnectionManager<Self>;

    fn manager(url: String, config: ManagerConfig<Self>) -> Self::Manager {
        AsyncDieselConnectionManager::new_with_config(url, config)
    }
}

/// A connection taken from a [`ServerPool`].
pub(crate) type Pooled<C> = PooledConnection<'static, <C as ServerConn>::Manager>;

/// How a connection taken from the pool is checked before use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checkout {
    /// A `SELECT 1` round trip.
    Ping,
    /// The driver's own view of the connection (closed socket, broken
    /// transaction state), no round trip; a broken one is dropped and
    /// another taken.
    Inspect,
}

/// A pool of connections to a database server (cheap to clone: the clones
/// share the pool).
pub(crate) struct ServerPool<C: ServerConn> {
    pool: Pool<C::Manager>,
    failures: Arc<ConnectFailures>,
    options: PoolOptions,
    checkout: Checkout,
}

impl<C: ServerConn> PoolUsageOf for ServerPool<C> {
    fn usage(&self) -> PoolUsage {
        PoolUsageOf::usage(&self.pool)
    }
}

impl<C: ServerConn> Clone for ServerPool<C> {
    fn clone(&self) -> Self {
        Self {
            pool: self.pool.clone(),
            failures: self.failures.clone(),
            options: self.options,
            checkout: self.checkout,
        }
    }
}

impl<C: ServerConn> ServerPool<C> {
    /// A pool on `url` whose connections are opened by `open` (the
    /// dialect's connect-and-set-session function), each attempt bounded by
    /// the connect timeout, and checked on checkout as `checkout` says. No
    /// connection is opened yet.
    pub(crate) async fn new(
        url: &str,
        options: PoolOptions,
        open: fn(String, PoolOptions) -> Connecting<C>,
        checkout: Checkout,
    ) -> Result<Self, AppError> {
        let mut config = ManagerConfig::<C>::default();
        config.custom_setup = Box::new(move |url| {
            let connecting = open(url.to_owned(), options);
            Box::pin(async move {
                tokio::time::timeout(options.connect_timeout, connecting)
                    .await
                    .unwrap_or_else(|_| {
                        Err(diesel::ConnectionError::BadConnection(format!(
                            "no connection within {} ms",
                            options.connect_timeout.as_millis()
                        )))
                    })
            })
        });
        let failures = Arc::new(ConnectFailures::default());
        let pool = Pool::builder()
            .max_size(options.max_size.max(1))
            .connection_timeout(options.pool_wait())
            // A failed connect is reported (and fails the waiting requests
            // fast) instead of being retried until the pool wait is over.
            .retry_connection(false)
            .test_on_check_out(checkout == Checkout::Ping)
            .error_sink(Box::new(FailureSink(failures.clone())))
            .build(C::manager(url.to_owned(), config))
            .await
            .map_err(|e| AppError::Unavailable(format!("cannot build the connection pool: {e}")))?;
        Ok(Self {
            pool,
            failures,
            options,
            checkout,
        })
    }

    /// The pool's options.
    pub(crate) fn options(&self) -> PoolOptions {
        self.options
    }

    /// Writes the store named `store` that owns this pool for `Debug` (its
    /// options, not its URL: that may hold a password).
    pub(crate) fn debug(&self, store: &str, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct(store)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }

    /// How long a caller waits for a write transaction, pool wait included.
    pub(crate) fn deadline(&self) -> Duration {
        self.options.pool_wait() + self.options.statement_timeout
    }

    /// A pooled connection; fails as soon as a connection attempt fails
    /// while waiting.
    pub(crate) async fn get(&self) -> Result<Pooled<C>, StoreError> {
        if self.checkout == Checkout::Ping {
            return self.get_any().await;
        }
        // After an outage every idle connection may be dead: dropping a
        // broken one makes bb8 discard it, so at most the pool's size of
        // them are skipped before a new connection is opened.
        for _ in 0..self.pool.state().connections {
            let mut conn = self.get_any().await?;
            if !PoolableConnection::is_broken(&mut *conn) {
                return Ok(conn);
            }
        }
        self.get_any().await
    }

    /// A pooled connection, as bb8 hands it out.
    async fn get_any(&self) -> Result<Pooled<C>, StoreError> {
        let mut failed = self.failures.subscribe();
        tokio::select! {
            biased;
            got = self.pool.get_owned() => got.map_err(|e| match e {
                bb8::RunError::TimedOut => StoreError::Pool(format!(
                    "no database connection free within {} ms",
                    self.options.pool_wait().as_millis()
                )),
                bb8::RunError::User(e) => StoreError::Pool(format!("cannot connect to the database: {e}")),
            }),
            _ = failed.changed() => Err(StoreError::Pool(format!(
                "cannot connect to the database: {}",
                self.failures.last()
            ))),
        }
    }

    /// A pooled connection inside a transaction begun with `BEGIN`.
    pub(crate) async fn begin(&self) -> Result<Pooled<C>, StoreError> {
        let mut conn = self.get().await?;
        <C as AsyncConnection>::TransactionManager::begin_transaction(&mut *conn).await?;
        Ok(conn)
    }
}

/// The last connection failure, and a signal to those waiting for a
/// connection.
#[derive(Debug)]
struct ConnectFailures {
    signal: watch::Sender<u64>,
    last: Mutex<String>,
}

impl Default for ConnectFailures {
    fn default() -> Self {
        Self {
            signal: watch::Sender::new(0),
            last: Mutex::new(String::new()),
        }
    }
}

impl ConnectFailures {
    fn subscribe(&self) -> watch::Receiver<u64> {
        self.signal.subscribe()
    }

    fn last(&self) -> String {
        self.last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn record(&self, error: String) {
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = error;
        self.signal.send_modify(|n| *n = n.wrapping_add(1));
    }
}

/// Receives the pool's background errors: failed connects are recorded
/// (and logged); a stale connection that fails its check is only logged,
/// as the pool replaces it.
#[derive(Debug, Clone)]
struct FailureSink(Arc<ConnectFailures>);

impl ErrorSink<PoolError> for FailureSink {
    fn sink(&self, error: PoolError) {
        match error {
            PoolError::ConnectionError(e) => {
                tracing::warn!(error = %e, "cannot connect to the database");
                self.0.record(e.to_string());
            }
            PoolError::QueryError(e) => {
                tracing::info!(error = %e, "dropped a stale database connection");
            }
        }
    }

    fn boxed_clone(&self) -> Box<dyn ErrorSink<PoolError>> {
        Box::new(self.clone())
    }
}
