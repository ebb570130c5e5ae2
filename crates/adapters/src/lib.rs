//! docnum's adapters: the Diesel stores that implement the application's
//! storage ports, the Redlock [`RedisLocks`], the shared request budgets [`RedisBudgets`] and the Prometheus exporter
//! [`PrometheusMetrics`].
//!
//! [`SqliteStore`] is the embedded default (a SQLite file, no server);
//! [`PgStore`] and [`MysqlStore`] serve PostgreSQL and MariaDB/MySQL.
//! [`connect`] opens the one a `DATABASE_URL` names.

use std::sync::Arc;

use docnum_application::AppError;
use docnum_application::ports::Storage;

pub mod budgets;
pub mod db;
pub mod lock;
pub mod prometheus;
pub mod testing;
pub mod tls;

pub use budgets::RedisBudgets;
pub use db::{
    BINARY_VERSION, Dialect, MysqlStore, PgStore, PoolOptions, SchemaStatus, SqliteStore, connect,
    migrate, schema_status,
};
pub use lock::{RedisLockConfig, RedisLocks};
pub use prometheus::PrometheusMetrics;

/// Connections per store pool when the caller does not choose.
pub const DEFAULT_POOL_SIZE: u32 = 8;

/// Opens (creating and migrating if needed) the store named by a database
/// URL, with the default pool settings (see [`connect`]).
pub async fn connect_store(url: &str) -> Result<Arc<dyn Storage>, AppError> {
    connect(url, PoolOptions::default()).await
}
