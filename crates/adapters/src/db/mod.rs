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
//!   series, queries …) and the port implementations, written once. A
//!   dialect module mounts this directory with `#[path = "ops/mod.rs"] mod
//!   ops;` after defining `Store` (its store, which implements
//!   `StorePlumbing`), the counter statements whose SQL differs and the
//!   batch INSERT; the shared files are thereby compiled (and type-checked
//!   by Diesel) once per dialect, against its connection type. This is
//!   `include!` done with real modules: each shared file keeps its own
//!   imports and documentation.
//! * `plumbing.rs` — the contract between `ops/` and a dialect's store:
//!   the `StorePlumbing` trait (the connection type, how a write
//!   transaction begins, the task it runs on, how long a caller waits, a
//!   read connection) and the write transaction itself.
//! * `sqlite.rs` — the SQLite dialect: URL, pool and pragmas, migrations,
//!   the write gate and `BEGIN IMMEDIATE`, and its counter statements
//!   (`INSERT … ON CONFLICT DO NOTHING`, `INSERT … ON CONFLICT DO UPDATE
//!   … WHERE … RETURNING`).
//! * `postgres.rs` — PostgreSQL: session timeouts, migrations under an
//!   advisory lock, `ON CONFLICT DO NOTHING`, `ON CONFLICT DO UPDATE …
//!   WHERE … RETURNING`, `SELECT … FOR UPDATE`, `INSERT … SELECT * FROM
//!   UNNEST(…)`, pipelined statements.
//! * `mysql.rs` — MariaDB/MySQL: session timeouts, migrations under
//!   `GET_LOCK`, `INSERT … ON DUPLICATE KEY UPDATE` (the raise leaves its
//!   outcome in `LAST_INSERT_ID()`, read back with `SELECT`), `SELECT … FOR
//!   UPDATE`.
//! * `server.rs` — what the two server dialects share: the bb8 pool, its
//!   timeouts and fail-fast while the server is down (`server/pool.rs`),
//!   their `StorePlumbing` (one implementation for every `ServerStore`),
//!   connecting, and migrating under the dialect's lock.
//! * `options.rs`, `connect.rs` — pool settings, and [`connect`], which
//!   opens the store a `DATABASE_URL` names.
//! * `schema_guard.rs` — the schema's state read without changing it,
//!   compatibility levels, and migrations only when something is pending.
//!
//! A new dialect is one file of the same shape (its store implementing
//! `StorePlumbing`, or `server::ServerStore` for a server database, and
//! its counter statements) plus its migrations directory; the store
//! contract suite (`crates/adapters/tests/store_contract/`) then runs on it.
//!
//! [`NumberStore`]: docnum_application::ports::NumberStore
//! [`SeriesRepository`]: docnum_application::ports::SeriesRepository

/// Runs `$body` once per fixed-size chunk of the slice `$rows`, largest
/// first, with `$chunk` bound to a `&[T; N]` (N = 256, 128, …, 2, 1).
///
/// Diesel gives a batch INSERT of a fixed-size array a static query id, so
/// each size can be prepared once per connection and reused from its
/// statement cache (on MariaDB only inside [`statement::Cacheable`]: Diesel
/// marks its `INSERT`s unsafe to cache); a batch INSERT of a `Vec` is
/// prepared anew on every call (on a server, an extra round trip per
/// statement). Nine sizes per table at
/// most, and a batch of n rows takes one statement per bit set in n. The
/// largest, 256 rows of 25 columns, binds 6 400 values: far below every
/// dialect's limit (SQLite 32 766, PostgreSQL and MySQL 65 535).
macro_rules! for_each_fixed_chunk {
    ($rows:expr, |$chunk:ident| $body:expr) => {{
        let mut rest = $rows;
        while !rest.is_empty() {
            rest = for_each_fixed_chunk!(@split rest, $chunk, $body; 256, 128, 64, 32, 16, 8, 4, 2, 1);
        }
    }};
    (@split $rest:ident, $chunk:ident, $body:expr; $($n:literal),+) => {
        $(
            if let Some(($chunk, tail)) = $rest.split_first_chunk::<$n>() {
                $body;
                tail
            } else
        )+ {
            &[]
        }
    };
}

#[cfg(test)]
mod cache_probe;
mod connect;
mod errors;
mod mysql;
mod options;
mod plumbing;
mod pool_usage;
mod postgres;
mod rows;
mod schema;
mod schema_guard;
mod server;
mod sqlite;
mod statement;

pub use connect::{connect, migrate};
pub use mysql::MysqlStore;
pub use options::{Dialect, PoolOptions};
pub use postgres::PgStore;
pub use schema_guard::{BINARY_VERSION, SchemaStatus, schema_status};
pub use sqlite::SqliteStore;

#[cfg(test)]
mod tests {
    /// The chunk sizes `for_each_fixed_chunk!` takes for `n` rows, and the
    /// rows in the order it visited them.
    fn chunks(n: u32) -> (Vec<usize>, Vec<u32>) {
        let rows: Vec<u32> = (0..n).collect();
        let (mut sizes, mut seen) = (Vec::new(), Vec::new());
        for_each_fixed_chunk!(rows.as_slice(), |chunk| {
            sizes.push(chunk.len());
            seen.extend_from_slice(chunk);
        });
        (sizes, seen)
    }

    #[test]
    fn fixed_chunks_cover_every_row_once_in_order() {
        assert_eq!(chunks(0), (vec![], vec![]));
        assert_eq!(chunks(1).0, [1]);
        assert_eq!(chunks(37).0, [32, 4, 1]);
        assert_eq!(chunks(256).0, [256]);
        assert_eq!(chunks(600).0, [256, 256, 64, 16, 8]);
        for n in 0..=1100 {
            let (sizes, seen) = chunks(n);
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "n = {n}");
            assert!(sizes.iter().all(|s| s.is_power_of_two() && *s <= 256));
            assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
        }
    }
}
