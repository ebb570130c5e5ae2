//! The MariaDB/MySQL store: connection setup, migrations, and the
//! statements whose SQL is MySQL's own. The operations themselves are the
//! shared code in `ops/` (see [`crate::db`]), compiled here with
//! `Conn = AsyncMysqlConnection` (pure Rust: mysql_async, no libmysqlclient).
//! `mysql://` and `mariadb://` URLs both reach MariaDB and MySQL 8.
//!
//! MySQL has no `UPDATE … RETURNING`. The counter is created or raised by
//! one `INSERT … ON DUPLICATE KEY UPDATE` (which takes the row's exclusive
//! lock at once; `INSERT IGNORE` would take a shared one, and two
//! transactions upgrading it deadlock) that leaves the new value, or 0 when
//! the raise would pass the maximum, in `LAST_INSERT_ID()`; the store reads
//! it back with `SELECT` on the same connection, inside the same
//! transaction: the value is this connection's own, whatever other
//! connections do meanwhile. Where a counter is only created (manual
//! registration, `set`), the same kind of upsert assigns the key to itself.
//! Locking statements read the latest committed row under InnoDB's default
//! REPEATABLE READ, and the unique indexes stop any duplicate number.
//! Migrations run under `GET_LOCK`, so instances starting together apply
//! them once.

use diesel::dsl::{DuplicatedKeys, sql};
use diesel::sql_types::{BigInt, Bool, Nullable, Text};
use diesel::{ExpressionMethods, OptionalExtension, QueryDsl};
use diesel_async::{AsyncMysqlConnection, RunQueryDsl, SimpleAsyncConnection};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use docnum_application::AppError;

use crate::db::errors::StoreError;
use crate::db::options::{Dialect, PoolOptions};
use crate::db::rows::{CounterRaise, IssuedRow, NewAudit, NewCounter, Raised, micros};
use crate::db::schema::{audit_log, counters, issued_numbers, series};
use crate::db::server::{self, Checkout, Connecting, ServerPool, ServerStore};
use crate::db::statement::{Cacheable, execute_in_turn as execute_each};

// The shared operations, compiled for this dialect (see `crate::db`).
#[allow(clippy::duplicate_mod)]
#[path = "ops/mod.rs"]
mod ops;
use ops::draw::keys_in_list as numbers_with_keys;

/// The connection type the shared operations run on.
type Conn = AsyncMysqlConnection;
/// The store the shared port implementations are for.
type Store = MysqlStore;

/// The named lock held while migrating (per database: names are global to
/// the server).
const MIGRATION_LOCK: &str = "LEFT(CONCAT('docnum.migrate.', DATABASE()), 64)";

diesel::define_sql_function! {
    /// `LAST_INSERT_ID(expr)`: returns `expr` and remembers it as this
    /// connection's last insert id.
    fn last_insert_id(value: BigInt) -> BigInt;
}

diesel::define_sql_function! {
    /// `IF(condition, then, otherwise)`.
    #[sql_name = "IF"]
    fn if_then(condition: Bool, then: BigInt, otherwise: BigInt) -> BigInt;
}

/// The numbering store on a MariaDB or MySQL database.
pub struct MysqlStore {
    pool: ServerPool<Conn>,
    url: String,
}

impl std::fmt::Debug for MysqlStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.pool.debug("MysqlStore", f)
    }
}

impl MysqlStore {
    /// Connects to `url` (`mysql://…` or `mariadb://…`), applies pending
    /// migrations and builds the pool.
    pub async fn connect(url: &str, options: PoolOptions) -> Result<Self, AppError> {
        server::connect(&driver_url(url), options).await
    }

    /// Applies pending migrations (also done by [`MysqlStore::connect`]).
    pub async fn migrate(&self) -> Result<(), AppError> {
        server::migrate::<Self>(&self.url, self.pool.options())
            .await
            .map(drop)
    }
}

impl ServerStore for MysqlStore {
    type Conn = Conn;
    const NAME: &'static str = "MariaDB/MySQL";
    const DIALECT: Dialect = Dialect::Mysql;
    const CHECKOUT: Checkout = Checkout::Ping;
    const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/mysql");

    /// Opens one connection and sets the session's timeouts, in each server's
    /// own words: statements end after the statement timeout (MariaDB:
    /// `max_statement_time`; MySQL: `max_execution_time`, which covers
    /// SELECTs), lock waits too, and on MariaDB a transaction left idle by a
    /// vanished client is ended by the server instead of holding a row lock.
    fn open(url: String, options: PoolOptions) -> Connecting<Conn> {
        Box::pin(async move {
            let setup = diesel::ConnectionError::CouldntSetupConfiguration;
            let mut conn = crate::tls::connect_mysql(&url).await?;
            let secs = options.statement_secs();
            let session = if is_mariadb(&mut conn).await.map_err(setup)? {
                format!(
                    "SET SESSION max_statement_time = {:.3}, innodb_lock_wait_timeout = {secs}, \
                     idle_transaction_timeout = {}",
                    options.statement_timeout.as_secs_f64(),
                    secs.saturating_mul(3)
                )
            } else {
                format!(
                    "SET SESSION max_execution_time = {}, innodb_lock_wait_timeout = {secs}",
                    options.statement_ms()
                )
            };
            conn.batch_execute(&session).await.map_err(setup)?;
            Ok(conn)
        })
    }

    /// Lifts the statement time limit (waiting for another instance's
    /// migration may take longer than a statement is allowed to), then
    /// waits up to 120 s for the named lock.
    async fn lock_migrations(conn: &mut Conn) -> Result<(), AppError> {
        let unlimited = match is_mariadb(conn).await {
            Ok(true) => "SET SESSION max_statement_time = 0",
            Ok(false) => "SET SESSION max_execution_time = 0",
            Err(e) => return Err(StoreError::from(e).into_app()),
        };
        conn.batch_execute(unlimited)
            .await
            .map_err(|e| StoreError::from(e).into_app())?;
        let locked: Option<i64> = diesel::select(sql::<Nullable<BigInt>>(&format!(
            "CAST(GET_LOCK({MIGRATION_LOCK}, 120) AS SIGNED)"
        )))
        .get_result(conn)
        .await
        .map_err(|e| StoreError::from(e).into_app())?;
        if locked != Some(1) {
            return Err(AppError::Unavailable(
                "another instance has been migrating the database for 120 s".into(),
            ));
        }
        Ok(())
    }

    fn unlock_migrations() -> String {
        format!("DO RELEASE_LOCK({MIGRATION_LOCK})")
    }

    fn from_pool(pool: ServerPool<Conn>, url: String) -> Self {
        Self { pool, url }
    }

    fn pool(&self) -> &ServerPool<Conn> {
        &self.pool
    }
}

/// The URL the driver understands (`mariadb://` is spelled `mysql://`).
pub(crate) fn driver_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("mariadb") => format!("mysql://{rest}"),
        _ => url.to_owned(),
    }
}

/// Whether the server is MariaDB (rather than MySQL): their session
/// settings differ.
async fn is_mariadb(conn: &mut Conn) -> diesel::QueryResult<bool> {
    let version: String = diesel::select(sql::<Text>("VERSION()"))
        .get_result(conn)
        .await?;
    Ok(version.to_ascii_lowercase().contains("mariadb"))
}

/// Creates the counter at 0 unless it exists; on an existing row the no-op
/// update takes its exclusive lock, which the following UPDATE needs anyway.
async fn ensure_counter(
    conn: &mut Conn,
    counter_key: &str,
    document_type: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), StoreError> {
    diesel::insert_into(counters::table)
        .values(NewCounter::new(counter_key, document_type, now))
        .on_conflict(DuplicatedKeys)
        .do_update()
        .set(counters::counter_key.eq(counters::counter_key))
        .execute(conn)
        .await?;
    Ok(())
}

/// Raises the counter (see [`CounterRaise`]) with one
/// `INSERT … ON DUPLICATE KEY UPDATE`, which takes the row's exclusive lock
/// and reads the latest committed row: a new counter is inserted already
/// raised, an existing one is raised only if that stays within `max`. Both
/// branches leave the outcome in this connection's `LAST_INSERT_ID()`: the
/// new value, or 0 when nothing was raised (a raised value is at least 1).
/// `updated_at` is assigned first because MySQL evaluates the assignments
/// left to right, each seeing the ones before. One `SELECT` then reads
/// that outcome and the series' version (its first consistent read, so a
/// snapshot taken after the lock).
async fn raise_counter(conn: &mut Conn, raise: CounterRaise<'_>) -> Result<Raised, StoreError> {
    let fits = (counters::current_value + raise.by).le(raise.max);
    Cacheable(
        diesel::insert_into(counters::table)
            .values((
                counters::counter_key.eq(raise.counter_key),
                counters::document_type.eq(raise.document_type),
                counters::current_value.eq(last_insert_id(raise.by)),
                counters::created_at.eq(micros(raise.now)),
                counters::updated_at.eq(micros(raise.now)),
            ))
            .on_conflict(DuplicatedKeys)
            .do_update()
            .set((
                counters::updated_at.eq(if_then(fits, micros(raise.now), counters::updated_at)),
                counters::current_value.eq(if_then(
                    fits,
                    last_insert_id(counters::current_value + raise.by),
                    counters::current_value + last_insert_id(0_i64),
                )),
            )),
    )
    .execute(conn)
    .await?;
    let (raised, series_version): (i64, Option<i64>) = Cacheable(diesel::select((
        sql::<BigInt>("CAST(LAST_INSERT_ID() AS SIGNED)"),
        series::table
            .find(raise.document_type)
            .select(series::version)
            .single_value(),
    )))
    .get_result(conn)
    .await?;
    Ok(Raised {
        value: (raised > 0).then_some(raised),
        series_version,
    })
}

/// The counter's value, locked (`FOR UPDATE`) until the transaction ends.
async fn counter_for_update(conn: &mut Conn, counter_key: &str) -> Result<Option<i64>, StoreError> {
    Ok(counters::table
        .find(counter_key)
        .select(counters::current_value)
        .for_update()
        .first(conn)
        .await
        .optional()?)
}

/// Inserts registry and audit rows in fixed-size multi-row statements,
/// one after the other (the MySQL driver does not pipeline).
async fn insert_batch(
    conn: &mut Conn,
    issued: &[IssuedRow],
    audit: &[NewAudit],
) -> Result<(), StoreError> {
    for_each_fixed_chunk!(issued, |chunk| Cacheable(
        diesel::insert_into(issued_numbers::table).values(chunk)
    )
    .execute(conn)
    .await?);
    for_each_fixed_chunk!(audit, |chunk| Cacheable(
        diesel::insert_into(audit_log::table).values(chunk)
    )
    .execute(conn)
    .await?);
    Ok(())
}

/// Needs `DOCNUM_TEST_MYSQL_URL`: left out of nextest's default run.
#[cfg(test)]
mod needs_mysql {
    use super::*;
    use crate::db::cache_probe::{COR_SERIES, Cached, audit_row, raise};
    use crate::testing::TestDatabase;
    use diesel_async::AsyncConnection as _;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_batch_s_statements_are_prepared_once_per_connection() {
        let db = TestDatabase::on_server_in("DOCNUM_TEST_MYSQL_URL").await;
        MysqlStore::connect(db.url(), PoolOptions::default())
            .await
            .unwrap();
        let mut conn = AsyncMysqlConnection::establish(&driver_url(db.url()))
            .await
            .unwrap();
        conn.batch_execute(COR_SERIES).await.unwrap();
        let cached = Cached::record(&mut conn);
        let now = chrono::Utc::now();
        let audit = [audit_row(now)];
        for _ in 0..3 {
            raise_counter(&mut conn, raise(now)).await.unwrap();
            insert_batch(&mut conn, &[], &audit).await.unwrap();
        }
        // Uncached, each would be a COM_STMT_PREPARE round trip per batch.
        for what in [
            "INTO `counters`",
            "LAST_INSERT_ID() AS SIGNED",
            "INTO `audit_log`",
        ] {
            let (n, all) = cached.count(what);
            assert_eq!(n, 1, "{what}: {all:#?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use diesel::mysql::Mysql;

    use super::*;

    #[test]
    fn mariadb_urls_reach_the_mysql_driver() {
        assert_eq!(driver_url("mariadb://root@h/db"), "mysql://root@h/db");
        assert_eq!(driver_url("mysql://root@h/db"), "mysql://root@h/db");
    }

    #[test]
    fn the_counter_is_raised_through_last_insert_id() {
        let update = diesel::update(counters::table.filter(counters::counter_key.eq("k")))
            .set(counters::current_value.eq(last_insert_id(counters::current_value + 1_i64)));
        let sql = diesel::debug_query::<Mysql, _>(&update).to_string();
        assert!(
            sql.contains("SET `current_value` = last_insert_id((`counters`.`current_value` + ?))"),
            "{sql}"
        );
    }
}
