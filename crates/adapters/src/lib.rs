//! docnum's adapters: the Diesel stores that implement the application's
//! storage ports.
//!
//! [`SqliteStore`] is the embedded default (a SQLite file, no server).

use std::sync::Arc;

use docnum_application::AppError;

pub mod db;

pub use db::SqliteStore;

/// Connections per store pool when the caller does not choose.
pub const DEFAULT_POOL_SIZE: u32 = 8;

/// Opens (creating and migrating if needed) the store named by a database URL.
pub async fn connect_store(url: &str) -> Result<Arc<SqliteStore>, AppError> {
    SqliteStore::connect(url, DEFAULT_POOL_SIZE)
        .await
        .map(Arc::new)
}
