//! The store's operations, written once for every dialect.
//!
//! This directory is not a module of its own: each dialect module declares
//!
//! ```ignore
//! #[path = "ops/mod.rs"]
//! mod ops;
//! ```
//!
//! after defining, with the same names, the few items the shared code needs
//! from its dialect:
//!
//! * `type Conn` — the async connection (`SyncConnectionWrapper<SqliteConnection>`,
//!   `AsyncPgConnection`, `AsyncMysqlConnection`);
//! * `type Store` — the dialect's store, with `read_conn()` (a pooled
//!   connection), `writer()` (an owned handle whose `begin()` yields a
//!   pooled connection inside a write transaction, see [`tx::WriteTx`]) and
//!   `deadline()` (how long a caller waits for a write transaction; `None`
//!   for as long as it takes) and a `pool` field whose type implements
//!   `PoolUsageOf` (the pool gauge);
//! * `ensure_counter`, `raise_counter`, `counter_for_update` — the counter
//!   statements whose SQL differs (`ON CONFLICT DO NOTHING` vs `ON
//!   DUPLICATE KEY UPDATE`; `INSERT … ON CONFLICT DO UPDATE … RETURNING` vs
//!   `LAST_INSERT_ID(expr)`; plain read under SQLite's write lock vs
//!   `SELECT … FOR UPDATE`);
//! * `execute_each` — statements of different types in order, in one call
//!   (pipelined on PostgreSQL);
//! * `insert_batch` — registry and audit rows in multi-row INSERTs: of fixed
//!   sizes (`for_each_fixed_chunk!`) on SQLite and MariaDB (the SQLite
//!   dialect runs them on the inner connection: diesel-async cannot express
//!   a batch INSERT on SQLite); one `INSERT … SELECT * FROM UNNEST(…)` per
//!   table, pipelined, on PostgreSQL.
//!
//! The files here are thereby compiled once per dialect against that
//! dialect's `Conn`, so Diesel checks every query for every backend, and
//! there is one copy of the logic. The port implementations (`store_impl`)
//! only open a transaction and call one function from the other files.

mod admin;
mod audit;
mod draw;
mod integrity;
mod lifecycle;
mod manual;
mod queries;
mod series;
mod store_impl;
pub(super) mod tx;
mod void;

use super::{
    Conn, Store, counter_for_update, ensure_counter, execute_each, insert_batch, raise_counter,
};

/// The dialect's Diesel backend.
type Db = <Conn as diesel_async::AsyncConnectionCore>::Backend;
