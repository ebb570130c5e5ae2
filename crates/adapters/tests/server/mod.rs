//! Behaviour the PostgreSQL and MariaDB/MySQL stores share beyond the
//! contract: several stores (instances) on one database, migrations at
//! concurrent start-up, timeouts and unreachable servers. Generated per
//! dialect by `server_tests!()` in the `needs_*` module of `tests/postgres.rs`
//! and `tests/mysql.rs`, over their `fresh_db()` and `connect()`.

#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs
)]

#[path = "../../../../tests/support/wait.rs"]
mod wait;

use std::time::Duration;

use diesel::sql_types::BigInt;
use diesel_async::{AsyncConnection, AsyncMysqlConnection, AsyncPgConnection, RunQueryDsl};
use docnum_adapters::Dialect;

/// A raw connection to a test database, to look behind the store's back.
pub enum Raw {
    Pg(Box<AsyncPgConnection>),
    Mysql(AsyncMysqlConnection),
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

impl Raw {
    pub async fn open(url: &str) -> Self {
        match Dialect::of_url(url).unwrap() {
            Dialect::Postgres => {
                Self::Pg(Box::new(AsyncPgConnection::establish(url).await.unwrap()))
            }
            _ => Self::Mysql(AsyncMysqlConnection::establish(url).await.unwrap()),
        }
    }

    pub async fn execute(&mut self, sql: &str) {
        match self {
            Self::Pg(c) => diesel::sql_query(sql).execute(c).await.unwrap(),
            Self::Mysql(c) => diesel::sql_query(sql).execute(c).await.unwrap(),
        };
    }

    /// `SELECT COUNT(*) AS n …`.
    pub async fn count(&mut self, sql: &str) -> i64 {
        match self {
            Self::Pg(c) => diesel::sql_query(sql).get_result::<Count>(c).await,
            Self::Mysql(c) => diesel::sql_query(sql).get_result::<Count>(c).await,
        }
        .unwrap()
        .n
    }
}

impl crate::store_contract::upgrade::RawSql for Raw {
    async fn run(&mut self, sql: &str) {
        self.execute(sql).await;
    }

    async fn count(&mut self, sql: &str) -> i64 {
        Raw::count(self, sql).await
    }
}

impl Raw {
    /// Ends every other session on this database, as a server restart or an
    /// administrator would, and waits until the server lists none.
    pub async fn end_other_sessions(&mut self) {
        let others = match self {
            Self::Pg(_) => {
                self.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = current_database() AND pid <> pg_backend_pid()",
                )
                .await;
                "SELECT COUNT(*) AS n FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid()"
            }
            Self::Mysql(_) => {
                let next = "SELECT CAST(COALESCE(MIN(id), 0) AS SIGNED) AS n \
                            FROM information_schema.processlist \
                            WHERE db = DATABASE() AND id <> CONNECTION_ID()";
                let started = std::time::Instant::now();
                loop {
                    let id = self.count(next).await;
                    if id == 0 {
                        break;
                    }
                    assert!(started.elapsed() < Duration::from_secs(10), "{id} lives on");
                    // A session may end by itself meanwhile ("unknown thread id").
                    if let Self::Mysql(c) = self {
                        let _ = diesel::sql_query(format!("KILL CONNECTION {id}"))
                            .execute(c)
                            .await;
                    }
                }
                "SELECT COUNT(*) AS n FROM information_schema.processlist \
                 WHERE db = DATABASE() AND id <> CONNECTION_ID()"
            }
        };
        wait::eventually("the other sessions to end", async || {
            (self.count(others).await == 0).then_some(())
        })
        .await;
    }
}

/// Opening a store on a server nothing listens at fails as unavailable
/// (NB014), not as a hang or a panic.
pub async fn an_unreachable_server_is_unavailable(url: &str) {
    let Err(err) = docnum_adapters::connect(url, short_timeouts()).await else {
        panic!("connected to {url}");
    };
    assert!(
        matches!(err, docnum_application::AppError::Unavailable(_)),
        "{err:?}"
    );
}

/// Options with short timeouts, for tests that wait for them.
pub fn short_timeouts() -> docnum_adapters::PoolOptions {
    docnum_adapters::PoolOptions {
        max_size: 4,
        connect_timeout: Duration::from_secs(1),
        statement_timeout: Duration::from_secs(1),
    }
}

#[macro_export]
macro_rules! server_tests {
    () => {
        mod server_behaviour {
            use std::time::Duration;

            use docnum_adapters::PoolOptions;
            use docnum_application::AppError;

            use super::server::{Raw, short_timeouts};
            use super::store_contract::{batch, cor, counter, draft, reserve, t0};

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn instances_starting_together_migrate_once() {
                let db = super::fresh_db().await;
                let starts: Vec<_> = (0..3)
                    .map(|_| {
                        let url = db.url().to_owned();
                        tokio::spawn(
                            async move { super::connect(&url, PoolOptions::default()).await },
                        )
                    })
                    .collect();
                let mut stores = Vec::new();
                for s in starts {
                    stores.push(s.await.unwrap());
                }
                let series = cor(&stores[0]).await;
                assert_eq!(reserve(&stores[2], &series, t0()).await.value, Some(1));
                let mut raw = Raw::open(db.url()).await;
                let applied = raw
                    .count("SELECT COUNT(*) AS n FROM __diesel_schema_migrations")
                    .await;
                assert_eq!(applied, 3, "init, schema_compat and number_keys, once each");
                drop(stores);
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn upgrade_merges_look_alike_counters_and_continues() {
                let db = super::fresh_db().await;
                let store = super::connect(db.url(), PoolOptions::default()).await;
                let raw = Raw::open(db.url()).await;
                super::store_contract::upgrade::look_alike_counters_are_merged_and_continue(
                    store, raw,
                )
                .await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn upgrade_stops_on_look_alike_numbers_until_kept() {
                let db = super::fresh_db().await;
                let store = super::connect(db.url(), PoolOptions::default()).await;
                let raw = Raw::open(db.url()).await;
                super::store_contract::upgrade::look_alike_numbers_stop_the_upgrade_until_kept(
                    store, raw,
                )
                .await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn stores_creating_one_counter_at_once_never_share_a_value() {
                let db = super::fresh_db().await;
                let one = super::connect(db.url(), PoolOptions::default()).await;
                let two = super::connect(db.url(), PoolOptions::default()).await;
                let series = cor(&one).await;
                // The counter does not exist yet: the first requests of both
                // stores race to create it.
                let tasks: Vec<_> = (0..400)
                    .map(|i| {
                        let store = if i % 2 == 0 { one.clone() } else { two.clone() };
                        let series = series.clone();
                        tokio::spawn(async move {
                            store
                                .allocate(batch(&series, vec![draft("alice", t0())]))
                                .await
                                .unwrap()
                                .remove(0)
                                .value
                                .unwrap()
                        })
                    })
                    .collect();
                let mut values = Vec::new();
                for t in tasks {
                    values.push(t.await.unwrap());
                }
                values.sort_unstable();
                assert_eq!(values, (1..=400).collect::<Vec<u64>>());
                assert_eq!(counter(&one, &series).await, 400);
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn a_counter_locked_past_the_statement_timeout_is_unavailable() {
                let db = super::fresh_db().await;
                let store = super::connect(db.url(), short_timeouts()).await;
                let series = cor(&store).await;
                reserve(&store, &series, t0()).await;
                // Another session holds the counter's row lock.
                let mut other = Raw::open(db.url()).await;
                other.execute("BEGIN").await;
                other.execute("SELECT * FROM counters FOR UPDATE").await;
                // The lock is held until the ROLLBACK below: only the
                // statement timeout can end this call, as unavailable.
                let err = store
                    .allocate(batch(&series, vec![draft("alice", t0())]))
                    .await
                    .unwrap_err();
                assert!(matches!(err, AppError::Unavailable(_)), "{err:?}");
                other.execute("ROLLBACK").await;
                // Nothing was taken by the failed attempt.
                assert_eq!(reserve(&store, &series, t0()).await.value, Some(2));
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn connections_the_server_ended_are_replaced_on_checkout() {
                let db = super::fresh_db().await;
                let store = super::connect(db.url(), short_timeouts()).await;
                let series = cor(&store).await;
                // Fill the pool (4 connections) with open connections.
                let warm: Vec<_> = (0..8)
                    .map(|_| {
                        let (store, series) = (store.clone(), series.clone());
                        tokio::spawn(async move { reserve(&store, &series, t0()).await })
                    })
                    .collect();
                for w in warm {
                    w.await.unwrap();
                }
                Raw::open(db.url()).await.end_other_sessions().await;
                // The client side sees the closed sockets a moment after
                // the server lists the sessions gone.
                tokio::time::sleep(Duration::from_millis(200)).await;
                // Every pooled connection is dead now; none is handed out.
                for value in 9..=16 {
                    let got = store
                        .allocate(batch(&series, vec![draft("alice", t0())]))
                        .await
                        .unwrap_or_else(|e| {
                            panic!("reserve {value} after the sessions ended: {e:?}")
                        });
                    assert_eq!(got[0].value, Some(value));
                }
            }
        }
    };
}
