//! The database stores: the [`NumberStore`] and [`SeriesRepository`] ports
//! on Diesel + diesel-async.
//!
//! # Shared code and dialects
//!
//! PostgreSQL and MariaDB/MySQL will join SQLite; there must not be three
//! copies of the store. The code is split so:
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
//!
//! A new dialect is one file of the same shape as `sqlite.rs` plus its
//! migrations directory; for MySQL, `bump_counter` becomes
//! `UPDATE … SET current_value = LAST_INSERT_ID(current_value + n)` followed
//! by `SELECT LAST_INSERT_ID()`, and `counter_for_update` a
//! `SELECT … FOR UPDATE`.
//!
//! [`NumberStore`]: docnum_application::ports::NumberStore
//! [`SeriesRepository`]: docnum_application::ports::SeriesRepository

mod errors;
mod rows;
mod schema;
mod sqlite;

pub use sqlite::SqliteStore;
