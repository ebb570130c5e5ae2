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
//! * `type Store` — the dialect's store, implementing [`StorePlumbing`]:
//!   its connection type `Conn` (`SyncConnectionWrapper<SqliteConnection>`,
//!   `AsyncPgConnection`, `AsyncMysqlConnection`), how a write transaction
//!   begins and on which task it runs, how long a caller waits for it, and
//!   where a read gets its connection;
//! * `ensure_counter`, `raise_counter`, `counter_for_update` — the counter
//!   statements whose SQL differs (`ON CONFLICT DO NOTHING` vs `ON
//!   DUPLICATE KEY UPDATE`; `INSERT … ON CONFLICT DO UPDATE … RETURNING` vs
//!   `LAST_INSERT_ID(expr)`; plain read under SQLite's write lock vs
//!   `SELECT … FOR UPDATE`);
//! * `numbers_with_keys` — the numbers of a namespace whose key
//!   (`number_key`, their compatibility form) is one of a list (an `IN`
//!   list on SQLite and MariaDB: `keys_in_list`
//!   here; a LATERAL lookup per element of an array on PostgreSQL, whose
//!   generic plan for `= ANY($1)` scans the whole namespace);
//! * `execute_each` — statements of different types in order, in one call
//!   (pipelined on PostgreSQL);
//! * `insert_batch` — registry and audit rows in multi-row INSERTs: of fixed
//!   sizes (`for_each_fixed_chunk!`) on SQLite and MariaDB (the SQLite
//!   dialect runs them on the inner connection: diesel-async cannot express
//!   a batch INSERT on SQLite); one `INSERT … SELECT * FROM UNNEST(…)` per
//!   table, pipelined, on PostgreSQL.
//!
//! The files here are thereby compiled once per dialect against that
//! dialect's connection, so Diesel checks every query for every backend, and
//! there is one copy of the logic. The port implementations (`store_impl`)
//! only open a transaction and call one function from the other files.

mod admin;
mod audit;
pub(super) mod draw;
mod integrity;
mod lifecycle;
mod manual;
mod queries;
mod series;
mod store_impl;
mod upgrade;
mod void;

use super::{
    Store, counter_for_update, ensure_counter, execute_each, insert_batch, numbers_with_keys,
    raise_counter,
};
use crate::db::plumbing::StorePlumbing;

/// The connection the operations run on: the one the store's plumbing
/// hands out.
type Conn = <Store as StorePlumbing>::Conn;

/// The dialect's Diesel backend.
type Db = <Conn as diesel_async::AsyncConnectionCore>::Backend;
