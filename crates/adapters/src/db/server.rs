//! What the PostgreSQL and MariaDB/MySQL stores share, written once: the
//! pool (`pool.rs`), the write-transaction plumbing of the shared
//! operations ([`StorePlumbing`], implemented here for every
//! [`ServerStore`]), connecting, and migrations under a server-side lock.
//! A server dialect supplies only what differs: how a connection is opened
//! and its session set, how it is checked on checkout, and how it takes
//! and releases its migration lock.

use std::future::Future;
use std::time::Duration;

use diesel_async::{
    AsyncConnection, AsyncConnectionCore, AsyncMigrationHarness, SimpleAsyncConnection,
};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
use docnum_application::AppError;
use docnum_application::ports::PoolUsage;
use tokio::task::JoinHandle;

use crate::db::errors::StoreError;
use crate::db::options::{Dialect, PoolOptions};
use crate::db::plumbing::{StorePlumbing, WriteTx};
use crate::db::pool_usage::PoolUsageOf;
use crate::db::schema_guard;

mod pool;

pub(crate) use pool::{Checkout, Connecting, Pooled, ServerConn, ServerPool};

/// What a server dialect's store supplies; the rest of its plumbing is
/// written once, here.
pub(crate) trait ServerStore: Send + Sync + Sized + 'static {
    /// The dialect's connection.
    type Conn: ServerConn;
    /// The dialect's name in logs and errors.
    const NAME: &'static str;
    /// The dialect, for the schema guard.
    const DIALECT: Dialect;
    /// How a pooled connection is checked on checkout.
    const CHECKOUT: Checkout;
    /// The dialect's migrations, embedded in the binary.
    const MIGRATIONS: EmbeddedMigrations;

    /// Opens one connection and sets the session's timeouts.
    fn open(url: String, options: PoolOptions) -> Connecting<Self::Conn>;

    /// Takes the server-side lock under which migrations run, so that
    /// instances starting at once apply them once (the others wait, then
    /// find nothing pending).
    fn lock_migrations(conn: &mut Self::Conn) -> impl Future<Output = Result<(), AppError>> + Send;

    /// The statement releasing that lock (ending the session would release
    /// it too; say it).
    fn unlock_migrations() -> String;

    /// The store on its pool; `url` is kept for [`migrate`].
    fn from_pool(pool: ServerPool<Self::Conn>, url: String) -> Self;

    /// The store's pool.
    fn pool(&self) -> &ServerPool<Self::Conn>;
}

/// Brings the schema up to date if it is behind (see
/// [`schema_guard::ensure_current`]), then builds the store's pool (no
/// connection is opened yet).
pub(crate) async fn connect<S: ServerStore>(url: &str, options: PoolOptions) -> Result<S, AppError>
where
    AsyncMigrationHarness<S::Conn>: MigrationHarness<<S::Conn as AsyncConnectionCore>::Backend>,
{
    schema_guard::ensure_current(S::DIALECT, url, options).await?;
    let pool = ServerPool::new(url, options, S::open, S::CHECKOUT).await?;
    tracing::info!(pool_size = options.max_size, "{} store ready", S::NAME);
    Ok(S::from_pool(pool, url.to_owned()))
}

/// Applies pending migrations on one connection of their own, holding the
/// dialect's migration lock; returns the versions applied.
pub(crate) async fn migrate<S: ServerStore>(
    url: &str,
    options: PoolOptions,
) -> Result<Vec<String>, AppError>
where
    AsyncMigrationHarness<S::Conn>: MigrationHarness<<S::Conn as AsyncConnectionCore>::Backend>,
{
    let unreachable = |e: &dyn std::fmt::Display| {
        AppError::Unavailable(format!("cannot connect to {}: {e}", S::NAME))
    };
    let mut conn = tokio::time::timeout(options.connect_timeout, S::open(url.to_owned(), options))
        .await
        .map_err(|_| unreachable(&"connect timeout"))?
        .map_err(|e| unreachable(&e))?;
    S::lock_migrations(&mut conn).await?;
    let (conn, applied) = apply_migrations(conn, S::MIGRATIONS, S::NAME).await;
    if let Some(mut conn) = conn {
        let _ = conn.batch_execute(&S::unlock_migrations()).await;
    }
    applied
}

/// A server store's plumbing is its pool's: `BEGIN` on a pooled
/// connection, the transaction on a plain task, the caller waiting at most
/// the pool wait plus the statement timeout.
impl<S: ServerStore> StorePlumbing for S {
    type Conn = S::Conn;
    type Pooled = Pooled<S::Conn>;
    type Writer = ServerPool<S::Conn>;

    fn writer(&self) -> Self::Writer {
        self.pool().clone()
    }

    async fn begin(writer: Self::Writer) -> Result<WriteTx<Self::Pooled>, StoreError> {
        Ok(WriteTx::new(writer.begin().await?))
    }

    fn spawn_tx<F, T>(&self, tx: F) -> JoinHandle<Result<T, StoreError>>
    where
        F: Future<Output = Result<T, StoreError>> + Send + 'static,
        T: Send + 'static,
    {
        tokio::spawn(tx)
    }

    async fn read_conn(&self) -> Result<Self::Pooled, StoreError> {
        self.pool().get().await
    }

    fn deadline(&self) -> Option<Duration> {
        Some(self.pool().deadline())
    }

    fn connections(&self) -> PoolUsage {
        self.pool().usage()
    }
}

/// Runs a migration function on a blocking thread: diesel's migration
/// harness is synchronous (diesel-async wraps the async connection and
/// blocks on the runtime), so it must not run on a worker.
async fn run_blocking<T: Send + 'static>(
    what: &'static str,
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(format!("{what} task failed: {e}")))?
}

/// Applies `migrations` on `conn`, which holds the dialect's migration lock
/// (the harness blocks, so it runs on a blocking thread), logs what was
/// applied (their versions), and hands the connection back so the caller releases the lock
/// whatever the outcome.
async fn apply_migrations<C>(
    conn: C,
    migrations: EmbeddedMigrations,
    dialect: &'static str,
) -> (Option<C>, Result<Vec<String>, AppError>)
where
    C: AsyncConnection + Send + 'static,
    AsyncMigrationHarness<C>: MigrationHarness<C::Backend>,
{
    let ran = run_blocking("migration", move || {
        let mut harness = AsyncMigrationHarness::new(conn);
        let applied = harness
            .run_pending_migrations(migrations)
            .map(|v| v.iter().map(ToString::to_string).collect::<Vec<_>>())
            .map_err(|e| e.to_string());
        Ok((harness.into_inner(), applied))
    })
    .await;
    match ran {
        Err(e) => (None, Err(e)),
        Ok((conn, Ok(applied))) => {
            if !applied.is_empty() {
                tracing::info!(applied = applied.len(), "applied {dialect} migrations");
            }
            (Some(conn), Ok(applied))
        }
        Ok((conn, Err(e))) => {
            let app = AppError::Internal(format!("migrating {dialect} failed: {e}"));
            tracing::error!(error = %app, "{dialect} migration failed");
            (Some(conn), Err(app))
        }
    }
}
