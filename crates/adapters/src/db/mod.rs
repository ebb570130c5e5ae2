//! The database stores: the [`NumberStore`] and [`SeriesRepository`] ports
//! on Diesel + diesel-async.
//!
//! # Shared code and dialects
//!
//! SQLite, PostgreSQL and MariaDB/MySQL share one store; there are not
//! three copies of it. The code is split so:
//!
//! * `schema.rs`, `rows/`, `errors.rs` — the tables, the row structs with
//!   their conversions to the application's records, and the error mapping.
//!   Plain modules, compiled once, dialect-agnostic.
//! * `ops/` — every operation (allocate, confirm, void, register_manual,
//!   series, queries …) and the port implementations, written once over a
//!   connection type alias `Conn`. A dialect module mounts this directory
//!   with `#[path = "ops/mod.rs"] mod ops;` after defining `Conn`, `Store`
//!   and the three counter statements whose SQL differs; the shared files
//!   are thereby compiled (and type-checked by Diesel) once per dialect.
//!   This is `include!` done with real modules: each shared file keeps its
//!   own imports and documentation.
//! * `sqlite.rs` — the SQLite dialect: URL, pool and pragmas, migrations,
//!   the write gate and `BEGIN IMMEDIATE`, and its counter statements
//!   (`INSERT … ON CONFLICT DO NOTHING`, `UPDATE … RETURNING`).
//! * `postgres.rs` — PostgreSQL: session timeouts, migrations under an
//!   advisory lock, `ON CONFLICT DO NOTHING`, `UPDATE … RETURNING`,
//!   `SELECT … FOR UPDATE`.
//! * `mysql.rs` — MariaDB/MySQL: session timeouts, migrations under
//!   `GET_LOCK`, `INSERT … ON DUPLICATE KEY UPDATE`, `UPDATE … SET
//!   current_value = LAST_INSERT_ID(current_value + n)` checked to match one
//!   row and followed by `SELECT LAST_INSERT_ID()`, `SELECT … FOR UPDATE`.
//! * `server.rs` — what the two server dialects share: the bb8 pool, its
//!   timeouts and fail-fast while the server is down, `BEGIN`.
//! * `options.rs`, `connect.rs` — pool settings, and [`connect`], which
//!   opens the store a `DATABASE_URL` names.
//!
//! A new dialect is one file of the same shape plus its migrations
//! directory.
//!
//! [`NumberStore`]: docnum_application::ports::NumberStore
//! [`SeriesRepository`]: docnum_application::ports::SeriesRepository

mod connect;
mod errors;
mod mysql;
mod options;
mod pool_usage;
mod postgres;
mod rows;
mod schema;
mod server;
mod sqlite;

pub use connect::connect;
pub use mysql::MysqlStore;
pub use options::{Dialect, PoolOptions};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;
