//! The one entry point: the store a `DATABASE_URL` names, whatever its
//! dialect.

use std::sync::Arc;

use docnum_application::AppError;
use docnum_application::ports::Storage;

use crate::db::mysql::MysqlStore;
use crate::db::options::{Dialect, PoolOptions};
use crate::db::postgres::PgStore;
use crate::db::schema_guard;
use crate::db::sqlite::SqliteStore;

/// Applies the migrations pending on the database `url` names, under the
/// dialect's migration lock, and returns their names (empty when the schema
/// was current). Refuses a schema above this binary's compatibility level.
pub async fn migrate(url: &str, options: PoolOptions) -> Result<Vec<String>, AppError> {
    schema_guard::ensure_current(Dialect::of_url(url)?, url, options).await
}

/// Opens the store `url` names — `sqlite://FILE` (or a bare path),
/// `postgres://…`/`postgresql://…`, `mysql://…`/`mariadb://…` — applying
/// pending migrations first when the user may (and needing no DDL right
/// when none are pending; see [`migrate`]). A server that cannot be reached is
/// [`AppError::Unavailable`]; a URL of no known scheme is
/// [`AppError::Invalid`].
pub async fn connect(url: &str, options: PoolOptions) -> Result<Arc<dyn Storage>, AppError> {
    Ok(match Dialect::of_url(url)? {
        Dialect::Sqlite => Arc::new(SqliteStore::connect(url, options.max_size).await?),
        Dialect::Postgres => Arc::new(PgStore::connect(url, options).await?),
        Dialect::Mysql => Arc::new(MysqlStore::connect(url, options).await?),
    })
}
