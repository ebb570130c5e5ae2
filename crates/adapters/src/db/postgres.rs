//! The PostgreSQL store: connection setup, migrations, and the statements
//! whose SQL is PostgreSQL's own. The operations themselves are the shared
//! code in `ops/` (see [`crate::db`]), compiled here with
//! `Conn = AsyncPgConnection` (pure Rust: tokio-postgres, no libpq).
//!
//! Several `docnum serve` instances may share the database. Correctness
//! rests on PostgreSQL alone: the counter row is created or raised by one
//! `INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING` under its row lock
//! (two instances creating it at once both end on the one row; READ
//! COMMITTED applies the `WHERE` to the row a concurrent transaction
//! committed), and the unique indexes stop any duplicate number.
//! Migrations run under an advisory lock, so instances starting together
//! apply them once.
//!
//! A batch's statements are few and pipelined where they do not depend on
//! each other's answers (diesel-async sends futures polled together on one
//! connection back to back): the raise with the series' version read, then
//! the batch's two INSERTs (one `UNNEST` statement per table, see
//! `unnest`). With BEGIN and COMMIT that is four round trips per batch,
//! whatever its size. A confirm/cancel batch's guarded UPDATEs are
//! pipelined the same way. Each of these statements is prepared once per
//! connection (see [`Cacheable`]).

use diesel::pg::Pg;
use diesel::{ExpressionMethods, OptionalExtension, QueryDsl};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use docnum_application::AppError;

use crate::db::errors::StoreError;
use crate::db::options::{Dialect, PoolOptions};
use crate::db::rows::{CounterRaise, IssuedRow, NewAudit, NewCounter, Raised, micros};
use crate::db::schema::{counters, series};
use crate::db::server::{self, Checkout, Connecting, ServerPool, ServerStore};
use crate::db::statement::{Cacheable, DynStatement};

// The shared operations, compiled for this dialect (see `crate::db`).
#[allow(clippy::duplicate_mod)]
#[path = "ops/mod.rs"]
mod ops;

mod unnest;

/// The connection type the shared operations run on.
type Conn = AsyncPgConnection;
/// The store the shared port implementations are for.
type Store = PgStore;

/// Rows per `UNNEST` INSERT: any number works; this bounds one statement's
/// size during a large legacy import.
const UNNEST_CHUNK: usize = 2_000;

/// The advisory lock key held while migrating ("docnum" in ASCII).
const MIGRATION_LOCK: i64 = 0x0000_646f_636e_756d;

/// The numbering store on a PostgreSQL database.
pub struct PgStore {
    pool: ServerPool<Conn>,
    url: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.pool.debug("PgStore", f)
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://…` or `postgresql://…`), applies
    /// pending migrations (see [`crate::db::schema_guard`]) and builds the
    /// pool.
    pub async fn connect(url: &str, options: PoolOptions) -> Result<Self, AppError> {
        server::connect(url, options).await
    }

    /// Applies pending migrations (also done by [`PgStore::connect`]).
    pub async fn migrate(&self) -> Result<(), AppError> {
        server::migrate::<Self>(&self.url, self.pool.options())
            .await
            .map(drop)
    }
}

impl ServerStore for PgStore {
    type Conn = Conn;
    const NAME: &'static str = "PostgreSQL";
    const DIALECT: Dialect = Dialect::Postgres;
    const CHECKOUT: Checkout = Checkout::Inspect;
    const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

    /// Opens one connection and sets the session's timeouts: statements and
    /// lock waits end after the statement timeout, and a transaction left idle
    /// (a client that vanished mid-transaction) is ended by the server instead
    /// of holding a counter's row lock.
    fn open(url: String, options: PoolOptions) -> Connecting<Conn> {
        Box::pin(async move {
            let mut conn = crate::tls::connect_pg(&url).await?;
            let ms = options.statement_ms();
            let idle = ms.saturating_mul(3);
            conn.batch_execute(&format!(
                "SET statement_timeout = {ms}; SET lock_timeout = {ms}; \
                 SET idle_in_transaction_session_timeout = {idle};"
            ))
            .await
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(conn)
        })
    }

    /// Waits for the advisory lock; waiting for another instance's
    /// migration may take longer than a statement is allowed to.
    async fn lock_migrations(conn: &mut Conn) -> Result<(), AppError> {
        conn.batch_execute(&format!(
            "SET statement_timeout = '120s'; SET lock_timeout = '120s'; \
             SELECT pg_advisory_lock({MIGRATION_LOCK});"
        ))
        .await
        .map_err(|e| StoreError::from(e).into_app())
    }

    fn unlock_migrations() -> String {
        format!("SELECT pg_advisory_unlock({MIGRATION_LOCK});")
    }

    fn from_pool(pool: ServerPool<Conn>, url: String) -> Self {
        Self { pool, url }
    }

    fn pool(&self) -> &ServerPool<Conn> {
        &self.pool
    }
}

/// Creates the counter at 0 unless it exists. `ON CONFLICT DO NOTHING`
/// waits for a concurrent inserter of the same key and then does nothing,
/// so both go on to raise the one row.
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
/// `INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING`: it creates a new
/// counter already raised, or raises an existing one under its row lock
/// (READ COMMITTED applies the `WHERE` to the latest committed row), and
/// returns nothing when the raise would pass `max`. The series' version is
/// read by the next statement, pipelined behind it on the connection: the
/// server runs it after the upsert holds the lock, with a fresh snapshot,
/// and both answers come back in one round trip.
async fn raise_counter(conn: &mut Conn, raise: CounterRaise<'_>) -> Result<Raised, StoreError> {
    let mut shared: &Conn = conn;
    let upsert = Cacheable(
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
    .get_result::<i64>(&mut shared);
    let version = series::table
        .find(raise.document_type)
        .select(series::version)
        .get_result::<i64>(&mut shared);
    let (value, series_version) = futures_util::future::join(upsert, version).await;
    Ok(Raised {
        value: value.optional()?,
        series_version: series_version.optional()?,
    })
}

/// The counter's value, locked (`FOR UPDATE`) until the transaction ends.
/// The numbers of `namespace` whose key is one of `keys` ([`unnest::existing`]).
async fn numbers_with_keys(
    conn: &mut Conn,
    namespace: &str,
    keys: &[String],
) -> Result<Vec<String>, StoreError> {
    Ok(unnest::existing(conn, namespace, keys).await?)
}

async fn counter_for_update(conn: &mut Conn, counter_key: &str) -> Result<Option<i64>, StoreError> {
    Ok(counters::table
        .find(counter_key)
        .select(counters::current_value)
        .for_update()
        .first(conn)
        .await
        .optional()?)
}

/// Runs the statements in order, pipelined (one round trip for all);
/// the number of rows each changed. The first failure is returned.
async fn execute_each(
    conn: &mut Conn,
    statements: Vec<DynStatement<'_, Pg>>,
) -> Result<Vec<usize>, StoreError> {
    let mut shared: &Conn = conn;
    let pending: Vec<_> = statements
        .into_iter()
        .map(|statement| statement.execute(&mut shared))
        .collect();
    Ok(futures_util::future::try_join_all(pending).await?)
}

/// Inserts registry and audit rows: one `UNNEST` statement per table (per
/// `UNNEST_CHUNK` rows), pipelined, so one round trip for the lot. The
/// first failure is returned (the server runs them in order, and a failure
/// aborts the transaction).
async fn insert_batch(
    conn: &mut Conn,
    issued: &[IssuedRow],
    audit: &[NewAudit],
) -> Result<(), StoreError> {
    let mut shared: &Conn = conn;
    let mut pending = Vec::new();
    for rows in issued.chunks(UNNEST_CHUNK) {
        pending.push(Cacheable(unnest::issued(rows)).execute(&mut shared));
    }
    for rows in audit.chunks(UNNEST_CHUNK) {
        pending.push(Cacheable(unnest::audit(rows)).execute(&mut shared));
    }
    futures_util::future::try_join_all(pending).await?;
    Ok(())
}

/// Needs `DOCNUM_TEST_POSTGRES_URL`: left out of nextest's default run.
#[cfg(test)]
mod needs_postgres {
    use super::*;
    use crate::db::cache_probe::{COR_SERIES, Cached, audit_row, raise};
    use crate::testing::TestDatabase;
    use diesel_async::AsyncConnection as _;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_batch_s_statements_are_prepared_once_per_connection() {
        let db = TestDatabase::on_server_in("DOCNUM_TEST_POSTGRES_URL").await;
        PgStore::connect(db.url(), PoolOptions::default())
            .await
            .unwrap();
        let mut conn = AsyncPgConnection::establish(db.url()).await.unwrap();
        conn.batch_execute(COR_SERIES).await.unwrap();
        let cached = Cached::record(&mut conn);
        let now = chrono::Utc::now();
        let audit = [audit_row(now)];
        for _ in 0..3 {
            raise_counter(&mut conn, raise(now)).await.unwrap();
            insert_batch(&mut conn, &[], &audit).await.unwrap();
            // A boxed statement is cached when what it boxes may be (the
            // guarded UPDATEs of a confirm/cancel batch go this way).
            let touch = diesel::update(counters::table.find("COR|YEAR=2026"))
                .set(counters::updated_at.eq(micros(now)));
            execute_each(&mut conn, vec![DynStatement::new(Cacheable(touch))])
                .await
                .unwrap();
        }
        // Diesel alone would prepare each anew every time (it marks them
        // unsafe to cache) and cache none. (The registry INSERT is built
        // like the audit one.)
        for what in ["INTO \"counters\"", "INTO audit_log", "UPDATE \"counters\""] {
            let (n, all) = cached.count(what);
            assert_eq!(n, 1, "{what}: {all:#?}");
        }
    }
}
