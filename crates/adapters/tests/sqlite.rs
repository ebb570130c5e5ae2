//! The store contract and SQLite-specific behaviour, on real SQLite files
//! in temporary directories (one per test).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod store_contract;
#[path = "../../../tests/support/wait.rs"]
mod wait;

use std::sync::Arc;
use std::time::Duration;

use diesel::{Connection, RunQueryDsl, SqliteConnection};
use docnum_adapters::{SqliteStore, connect_store};
use docnum_application::AppError;
use docnum_application::ports::NumberStore;
use store_contract::{Fresh, Store, batch, cor, draft, reserve, t0};

async fn fresh_store() -> Fresh {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docnum.db");
    let store = SqliteStore::connect(&format!("sqlite://{}", path.display()), 4)
        .await
        .unwrap();
    Fresh {
        store: Arc::new(store),
        keep: Box::new(dir),
    }
}

store_contract_tests!(fresh_store);

fn raw(path: &std::path::Path) -> SqliteConnection {
    SqliteConnection::establish(path.to_str().unwrap()).unwrap()
}

#[derive(diesel::QueryableByName)]
struct Text {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn pragma(conn: &mut SqliteConnection, sql: &str) -> String {
    diesel::sql_query(sql)
        .get_result::<Text>(conn)
        .unwrap()
        .value
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_url_form_opens_and_creates_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b/docnum.db");
    let forms = [
        format!("sqlite://{}", dir.path().join("one.db").display()),
        format!("sqlite:{}", dir.path().join("two.db").display()),
        dir.path().join("three.db").display().to_string(),
        format!("sqlite://{}", nested.display()),
    ];
    for url in &forms {
        let store = connect_store(url).await.unwrap();
        store.ping().await.unwrap();
    }
    for name in ["one.db", "two.db", "three.db"] {
        assert!(dir.path().join(name).exists(), "{name}");
    }
    assert!(nested.exists());
    let err = SqliteStore::connect("postgres://localhost/docnum", 2)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Invalid { .. }), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reopening_keeps_data_and_migrations_run_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docnum.db");
    let url = path.display().to_string();
    let token = {
        let store: Store = Arc::new(SqliteStore::connect(&url, 2).await.unwrap());
        let series = cor(&store).await;
        reserve(&store, &series, t0()).await.token
    };
    let store = SqliteStore::connect(&url, 2).await.unwrap();
    store.migrate().await.unwrap();
    assert!(store.find_by_token(token).await.unwrap().is_some());
    let mut conn = raw(&path);
    let applied = diesel::sql_query("SELECT COUNT(*) AS n FROM __diesel_schema_migrations")
        .get_result::<Count>(&mut conn)
        .unwrap();
    assert_eq!(
        applied.n, 3,
        "init, schema_compat and number_keys, once each"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_use_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docnum.db");
    let store: Store = Arc::new(
        SqliteStore::connect(&path.display().to_string(), 2)
            .await
            .unwrap(),
    );
    let mut conn = raw(&path);
    assert_eq!(
        pragma(
            &mut conn,
            "SELECT journal_mode AS value FROM pragma_journal_mode()"
        ),
        "wal"
    );
    // A series that was never stored: its counter row violates the foreign key.
    let ghost =
        docnum_application::SeriesRecord::from_stored(store_contract::cor_config(), 1, t0(), t0())
            .unwrap();
    let err = store
        .allocate(batch(&Arc::new(ghost), vec![draft("alice", t0())]))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Internal(m) if m.contains("FOREIGN KEY")),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrupted_rows_are_internal_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docnum.db");
    let store: Store = Arc::new(
        SqliteStore::connect(&path.display().to_string(), 2)
            .await
            .unwrap(),
    );
    let series = cor(&store).await;
    let n = reserve(&store, &series, t0()).await;
    let mut conn = raw(&path);
    diesel::sql_query("UPDATE issued_numbers SET state = 'LOST'")
        .execute(&mut conn)
        .unwrap();
    let err = store.find_by_token(n.token).await.unwrap_err();
    assert!(
        matches!(&err, AppError::Internal(m) if m.contains("LOST")),
        "{err:?}"
    );
    diesel::sql_query("UPDATE issued_numbers SET state = 'RESERVED', context_json = '{oops'")
        .execute(&mut conn)
        .unwrap();
    let err = store.find_by_token(n.token).await.unwrap_err();
    assert!(matches!(err, AppError::Internal(_)), "{err:?}");
    diesel::sql_query("UPDATE series SET scope_json = '42'")
        .execute(&mut conn)
        .unwrap();
    let err = store.list_series().await.unwrap_err();
    assert!(matches!(err, AppError::Internal(_)), "{err:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_in_another_process_makes_writes_wait_then_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docnum.db");
    let store: Store = Arc::new(
        SqliteStore::connect(&path.display().to_string(), 2)
            .await
            .unwrap(),
    );
    let series = cor(&store).await;
    // Another "process" holds the write lock past the busy timeout.
    let mut other = raw(&path);
    diesel::sql_query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .unwrap();
    let err = store
        .allocate(batch(&series, vec![draft("alice", t0())]))
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Unavailable(_)), "{err:?}");
    // Reads go on meanwhile (WAL).
    assert_eq!(store.list_series().await.unwrap().len(), 1);
    diesel::sql_query("ROLLBACK").execute(&mut other).unwrap();
    // Released within the timeout, the writer waits instead of failing.
    diesel::sql_query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        diesel::sql_query("COMMIT").execute(&mut other).unwrap();
    });
    let row = reserve(&store, &series, t0()).await;
    assert_eq!(row.value, Some(1));
    release.join().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_on_one_file_never_share_a_value() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("docnum.db").display().to_string();
    let one: Store = Arc::new(SqliteStore::connect(&url, 3).await.unwrap());
    let two: Store = Arc::new(SqliteStore::connect(&url, 3).await.unwrap());
    let series = cor(&one).await;
    let tasks: Vec<_> = (0..200)
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
    assert_eq!(values, (1..=200).collect::<Vec<u64>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_request_still_finishes_its_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docnum.db");
    let store: Store = Arc::new(
        SqliteStore::connect(&path.display().to_string(), 2)
            .await
            .unwrap(),
    );
    let series = cor(&store).await;
    let mut other = raw(&path);
    diesel::sql_query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .unwrap();
    // The caller gives up while the write waits for the lock.
    let gave_up = tokio::time::timeout(
        Duration::from_millis(200),
        store.allocate(batch(&series, vec![draft("alice", t0())])),
    )
    .await;
    assert!(gave_up.is_err());
    diesel::sql_query("ROLLBACK").execute(&mut other).unwrap();
    // The abandoned write completes on its own; nothing is left half-open.
    for _ in 0..3 {
        reserve(&store, &series, t0()).await;
    }
    wait::eventually("the abandoned write to complete", async || {
        (store_contract::counter(&store, &series).await >= 4).then_some(())
    })
    .await;
    assert_eq!(store_contract::counter(&store, &series).await, 4);
    assert_eq!(store_contract::audit_of(&store, "RESERVE").await.len(), 4);
}

/// Plain SQL on a test's SQLite file.
struct RawFile(SqliteConnection);

impl store_contract::upgrade::RawSql for RawFile {
    async fn run(&mut self, sql: &str) {
        diesel::sql_query(sql).execute(&mut self.0).unwrap();
    }

    async fn count(&mut self, sql: &str) -> i64 {
        diesel::sql_query(sql)
            .get_result::<Count>(&mut self.0)
            .unwrap()
            .n
    }
}

/// A store on a fresh file and a plain connection to that file.
async fn store_and_raw() -> (Store, RawFile, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docnum.db");
    let store: Store = Arc::new(
        SqliteStore::connect(&format!("sqlite://{}", path.display()), 2)
            .await
            .unwrap(),
    );
    (store, RawFile(raw(&path)), dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrade_merges_look_alike_counters_and_continues() {
    let (store, raw, _dir) = store_and_raw().await;
    store_contract::upgrade::look_alike_counters_are_merged_and_continue(store, raw).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upgrade_stops_on_look_alike_numbers_until_kept() {
    let (store, raw, _dir) = store_and_raw().await;
    store_contract::upgrade::look_alike_numbers_stop_the_upgrade_until_kept(store, raw).await;
}
