//! Tests of `sqlite`.

use diesel::sqlite::Sqlite;

use diesel_async::sync_connection_wrapper::SpawnBlocking;

use super::{InTransactionThread, OneHop, audit_log, sqlite_path};
use crate::db::rows::NewAudit;

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn calls_run_inline_only_on_a_transaction_thread() {
    let thread = || std::thread::current().id();
    let caller = thread();
    let elsewhere = OneHop.spawn_blocking(thread).await.unwrap();
    assert_ne!(
        elsewhere, caller,
        "outside a transaction: the blocking pool"
    );

    let runtime = tokio::runtime::Handle::current();
    let (tx_thread, ran_on, after) = tokio::task::spawn_blocking(move || {
        let ran_on = {
            let _inline = InTransactionThread::enter();
            runtime.block_on(OneHop.spawn_blocking(thread)).unwrap()
        };
        let after = runtime.block_on(OneHop.spawn_blocking(thread)).unwrap();
        (thread(), ran_on, after)
    })
    .await
    .unwrap();
    assert_eq!(ran_on, tx_thread, "inside a transaction: inline");
    assert_ne!(after, tx_thread, "the mark ends with its guard");
}

#[test]
fn urls_and_paths_name_the_file() {
    assert_eq!(
        sqlite_path("sqlite://data/docnum.db").unwrap(),
        "data/docnum.db"
    );
    assert_eq!(
        sqlite_path("sqlite:///var/lib/docnum.db").unwrap(),
        "/var/lib/docnum.db"
    );
    assert_eq!(sqlite_path("sqlite:docnum.db").unwrap(), "docnum.db");
    assert_eq!(sqlite_path("docnum.db").unwrap(), "docnum.db");
    assert_eq!(
        sqlite_path("sqlite://docnum.db?mode=rwc").unwrap(),
        "docnum.db"
    );
    assert_eq!(
        sqlite_path("file:docnum.db?cache=shared").unwrap(),
        "file:docnum.db?cache=shared"
    );
}

#[test]
fn other_databases_and_memory_are_refused() {
    for bad in [
        "postgres://u@h/db",
        "mysql://h/db",
        "sqlite::memory:",
        ":memory:",
        "sqlite://",
        "",
    ] {
        assert!(sqlite_path(bad).is_err(), "{bad}");
    }
}

#[test]
fn batches_are_one_multi_row_insert() {
    let op = docnum_application::ports::OpContext {
        actor: docnum_application::Actor::user("u"),
        now: chrono::Utc::now(),
        started: std::time::Instant::now(),
        fallback_used: false,
    };
    let rows = vec![NewAudit::new(docnum_domain::AuditOperation::Reserve, "COR", &op); 3];
    let insert = diesel::insert_into(audit_log::table).values(&rows);
    let sql = diesel::debug_query::<Sqlite, _>(&insert).to_string();
    assert_eq!(sql.matches("INSERT").count(), 1, "{sql}");
    assert_eq!(sql.matches("), (").count(), 2, "{sql}");
}
