//! The SQLite store: connection setup, pool, migrations, and the statements
//! whose SQL is SQLite's own. The operations themselves are the shared
//! code in `ops/` (see [`crate::db`]), compiled here with
//! `Conn = SyncConnectionWrapper<SqliteConnection>`.
//!
//! SQLite has a single writer. Two measures keep writers from failing with
//! `SQLITE_BUSY`:
//!
//! * in this process, every write transaction first takes a fair
//!   `tokio::sync::Mutex` (the *write gate*), so writers queue instead of
//!   busy-polling the file lock;
//! * every write transaction starts with `BEGIN IMMEDIATE`, which takes the
//!   file's write lock at once (waiting up to `busy_timeout` while another
//!   process, such as the CLI, writes). A transaction therefore never
//!   upgrades a read lock to a write lock, the case in which SQLite returns
//!   `SQLITE_BUSY` without waiting. (The shared operations also issue a
//!   write as their first statement where they can, which gives the same
//!   guarantee on a deferred transaction.)
//!
//! Readers take no gate: in WAL mode they run beside the writer.
//!
//! A SQLite call blocks, so diesel-async runs each one on tokio's blocking
//! pool: two thread hand-offs per statement. A write transaction has
//! several statements and, under load, is the one thing every waiting
//! reservation depends on, so it runs whole on one blocking thread instead
//! (see [`OneHop`]); its statements then run inline.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection};
use diesel::{Connection, ExpressionMethods, OptionalExtension, QueryDsl, SqliteConnection};
use diesel_async::RunQueryDsl;
use diesel_async::pooled_connection::bb8::{Pool, PooledConnection};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, PoolError, RecyclingMethod,
};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use docnum_application::ports::PoolUsage;
use docnum_application::{AppError, InvalidReason};
use tokio::sync::Mutex;

use crate::db::errors::StoreError;
use crate::db::options::{Dialect, PoolOptions};
use crate::db::plumbing::{StorePlumbing, WriteTx};
use crate::db::pool_usage::PoolUsageOf;
use crate::db::rows::{CounterRaise, IssuedRow, NewAudit, NewCounter, Raised, micros};
use crate::db::schema::{audit_log, counters, issued_numbers, series};
use crate::db::schema_guard;
use crate::db::statement::{Cacheable, execute_in_turn as execute_each};

#[path = "ops/mod.rs"]
mod ops;
use ops::draw::keys_in_list as numbers_with_keys;

mod one_hop;
use one_hop::{InTransactionThread, OneHop};

/// The connection type the shared operations run on.
type Conn = SyncConnectionWrapper<SqliteConnection, OneHop>;

/// The store the shared port implementations are for.
type Store = SqliteStore;

/// The SQLite migrations, embedded in the binary.
pub(crate) const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

/// Set on every new connection. `busy_timeout` comes first so that the
/// others wait for a writer in another process instead of failing.
const PRAGMAS: &str = "PRAGMA busy_timeout = 5000; \
                       PRAGMA journal_mode = WAL; \
                       PRAGMA synchronous = FULL; \
                       PRAGMA foreign_keys = ON;";

/// How long a writer waits for the write gate before giving up (transient).
const WRITE_GATE_WAIT: Duration = Duration::from_secs(30);
/// How long a request waits for a pooled connection.
const POOL_WAIT: Duration = Duration::from_secs(30);

/// The numbering store on a SQLite file.
pub struct SqliteStore {
    pool: Pool<Conn>,
    write_gate: Arc<Mutex<()>>,
    path: String,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` (`sqlite://path`,
    /// `sqlite:path` or a bare path), applies pending migrations and builds
    /// a pool of `pool_size` connections.
    pub async fn connect(url: &str, pool_size: u32) -> Result<Self, AppError> {
        let path = sqlite_path(url)?;
        schema_guard::ensure_current(Dialect::Sqlite, url, PoolOptions::default()).await?;
        let mut config = ManagerConfig::<Conn>::default();
        // A local file needs no test query on checkout.
        config.recycling_method = RecyclingMethod::Fast;
        config.custom_setup = Box::new(|url| Box::pin(open(url.to_owned())));
        let manager = AsyncDieselConnectionManager::<Conn>::new_with_config(path.clone(), config);
        let pool = Pool::builder()
            .max_size(pool_size.max(1))
            .connection_timeout(POOL_WAIT)
            .build(manager)
            .await
            .map_err(|e| {
                AppError::Unavailable(format!("cannot open SQLite database {path}: {e}"))
            })?;
        tracing::info!(path = %path, pool_size, "SQLite store ready");
        Ok(Self {
            pool,
            write_gate: Arc::new(Mutex::new(())),
            path,
        })
    }

    /// Applies pending migrations (also done by [`SqliteStore::connect`]).
    pub async fn migrate(&self) -> Result<(), AppError> {
        run_migrations(self.path.clone()).await.map(drop)
    }

    /// The database file's path.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// SQLite's plumbing: one writer at a time (the write gate), `BEGIN
/// IMMEDIATE`, the whole transaction on one blocking thread.
impl StorePlumbing for SqliteStore {
    type Conn = Conn;
    type Pooled = PooledConnection<'static, Conn>;
    type Writer = Pool<Conn>;

    fn writer(&self) -> Pool<Conn> {
        self.pool.clone()
    }

    /// A pooled connection inside `BEGIN IMMEDIATE` (the caller,
    /// `spawn_tx`, holds the write gate).
    async fn begin(pool: Pool<Conn>) -> Result<WriteTx<Self::Pooled>, StoreError> {
        let mut conn = pool.get_owned().await.map_err(pool_error)?;
        conn.spawn_blocking(|c| {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
        })
        .await?;
        Ok(WriteTx::new(conn))
    }

    /// Waits for the write gate on a task of its own, then runs the
    /// transaction's future whole on one blocking thread, its statements
    /// inline (see [`OneHop`]). Waiting for the gate on the async side means
    /// only the writer that holds it occupies a blocking thread, however
    /// many writers queue.
    fn spawn_tx<F, T>(&self, tx: F) -> tokio::task::JoinHandle<Result<T, StoreError>>
    where
        F: Future<Output = Result<T, StoreError>> + Send + 'static,
        T: Send + 'static,
    {
        let gate = self.write_gate.clone();
        tokio::spawn(async move {
            let held = tokio::time::timeout(WRITE_GATE_WAIT, gate.lock_owned())
                .await
                .map_err(|_| StoreError::Pool("timed out waiting for the SQLite writer".into()))?;
            let runtime = tokio::runtime::Handle::current();
            let run = move || {
                let _inline = InTransactionThread::enter();
                let out = runtime.block_on(tx);
                // The transaction's connection is back in the pool by now;
                // only then may the next writer begin.
                drop(held);
                out
            };
            tokio::task::spawn_blocking(run).await.map_err(|e| {
                StoreError::from(AppError::Internal(format!("store task failed: {e}")))
            })?
        })
    }

    async fn read_conn(&self) -> Result<Self::Pooled, StoreError> {
        self.pool.get_owned().await.map_err(pool_error)
    }

    /// As long as it takes: the write gate and `busy_timeout` bound it.
    fn deadline(&self) -> Option<Duration> {
        None
    }

    fn connections(&self) -> PoolUsage {
        self.pool.usage()
    }
}

fn pool_error(e: bb8::RunError<PoolError>) -> StoreError {
    StoreError::Pool(match e {
        bb8::RunError::TimedOut => "timed out waiting for a database connection".to_owned(),
        bb8::RunError::User(e) => format!("cannot connect to the database: {e}"),
    })
}

/// The file path in a `DATABASE_URL` meant for SQLite.
pub(crate) fn sqlite_path(url: &str) -> Result<String, AppError> {
    let invalid =
        |why: fn(String) -> InvalidReason| AppError::invalid("DATABASE_URL", why(url.to_owned()));
    let path = if let Some(rest) = url.strip_prefix("sqlite://") {
        rest
    } else if let Some(rest) = url.strip_prefix("sqlite:") {
        rest
    } else if url.contains("://") {
        return Err(invalid(|url| InvalidReason::NotSqliteUrl { url }));
    } else {
        url
    };
    // `file:` URIs are SQLite's own and keep their query; elsewhere a query
    // (`?mode=rwc`, as other tools write it) is not part of the file name.
    let path = if path.starts_with("file:") {
        path
    } else {
        path.split_once('?').map_or(path, |(p, _)| p)
    };
    if path.is_empty() {
        return Err(invalid(|url| InvalidReason::NoFilePath { url }));
    }
    if path == ":memory:" || path.contains("mode=memory") {
        return Err(invalid(|url| InvalidReason::InMemoryDatabase { url }));
    }
    Ok(path.to_owned())
}

/// Opens one connection with the pragmas set (the pool's setup).
pub(crate) async fn open(path: String) -> diesel::ConnectionResult<Conn> {
    tokio::task::spawn_blocking(move || {
        let mut conn = SqliteConnection::establish(&path)?;
        conn.batch_execute(PRAGMAS)
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
        Ok(SyncConnectionWrapper::with_runtime(conn, OneHop))
    })
    .await
    .unwrap_or_else(|e| Err(diesel::ConnectionError::BadConnection(e.to_string())))
}

/// Creates the file (and its directory) if missing and applies pending
/// migrations under `BEGIN IMMEDIATE`, so that two processes starting at
/// once do not both apply them.
/// Returns the versions applied.
pub(crate) async fn run_migrations(path: String) -> Result<Vec<String>, AppError> {
    tokio::task::spawn_blocking(move || {
        if !path.starts_with("file:")
            && let Some(dir) = Path::new(&path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                AppError::Unavailable(format!("cannot create directory {}: {e}", dir.display()))
            })?;
        }
        let mut conn = SqliteConnection::establish(&path).map_err(|e| {
            AppError::Unavailable(format!("cannot open SQLite database {path}: {e}"))
        })?;
        conn.batch_execute(PRAGMAS)
            .map_err(|e| StoreError::from(e).into_app())?;
        let applied = conn
            .immediate_transaction(|c| {
                c.run_pending_migrations(MIGRATIONS)
                    .map(|v| v.iter().map(ToString::to_string).collect::<Vec<_>>())
            })
            .map_err(|e| migration_error(&path, &*e))?;
        if !applied.is_empty() {
            tracing::info!(path = %path, applied = applied.len(), "applied SQLite migrations");
        }
        Ok(applied)
    })
    .await
    .map_err(|e| AppError::Internal(format!("migration task failed: {e}")))?
}

fn migration_error(path: &str, e: &(dyn std::error::Error + Send + Sync)) -> AppError {
    let msg = e.to_string();
    if msg.contains("database is locked") {
        AppError::Unavailable(format!("{path} is locked by another process; retry"))
    } else {
        let app = AppError::Internal(format!("migrating {path} failed: {msg}"));
        tracing::error!(error = %app, "SQLite migration failed");
        app
    }
}

/// Creates the counter at 0 unless it exists (race-free).
async fn ensure_counter(
    conn: &mut Conn,
    counter_key: &str,
    document_type: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), StoreError> {
    diesel::insert_into(counters::table)
        .values(NewCounter::new(counter_key, document_type, now))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// Raises the counter (see [`CounterRaise`]) with one
/// `INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING` (a new counter is
/// created already raised; nothing is returned when the raise would pass
/// `max`), then reads the series' version, both inside the write lock.
async fn raise_counter(conn: &mut Conn, raise: CounterRaise<'_>) -> Result<Raised, StoreError> {
    let value = Cacheable(
        diesel::query_dsl::methods::FilterDsl::filter(
            diesel::insert_into(counters::table)
                .values(raise.new_row())
                .on_conflict(counters::counter_key)
                .do_update()
                .set((
                    counters::current_value.eq(counters::current_value + raise.by),
                    counters::updated_at.eq(micros(raise.now)),
                )),
            (counters::current_value + raise.by).le(raise.max),
        )
        .returning(counters::current_value),
    )
    .get_result::<i64>(conn)
    .await
    .optional()?;
    let series_version = series::table
        .find(raise.document_type)
        .select(series::version)
        .get_result::<i64>(conn)
        .await
        .optional()?;
    Ok(Raised {
        value,
        series_version,
    })
}

/// The counter's value, stable until the transaction ends: inside
/// `BEGIN IMMEDIATE` this connection is the only writer.
async fn counter_for_update(conn: &mut Conn, counter_key: &str) -> Result<Option<i64>, StoreError> {
    Ok(counters::table
        .find(counter_key)
        .select(counters::current_value)
        .first(conn)
        .await
        .optional()?)
}

/// Inserts registry and audit rows in fixed-size multi-row statements, in
/// one call on the inner connection (diesel-async has no batch INSERT for
/// SQLite); inside a write transaction that call runs inline.
async fn insert_batch(
    conn: &mut Conn,
    issued: &[IssuedRow],
    audit: &[NewAudit],
) -> Result<(), StoreError> {
    let (issued, audit) = (issued.to_vec(), audit.to_vec());
    conn.spawn_blocking(move |c| {
        for_each_fixed_chunk!(issued.as_slice(), |chunk| diesel::RunQueryDsl::execute(
            diesel::insert_into(issued_numbers::table).values(chunk),
            c
        )?);
        for_each_fixed_chunk!(audit.as_slice(), |chunk| diesel::RunQueryDsl::execute(
            diesel::insert_into(audit_log::table).values(chunk),
            c
        )?);
        Ok(())
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests;
