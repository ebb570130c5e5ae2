//! The store contract on PostgreSQL (`DOCNUM_TEST_POSTGRES_URL`), each test
//! on a database of its own, and PostgreSQL's own behaviour. Everything
//! that needs the server is in `needs_postgres`: left out of nextest's
//! default run, and failing (never passing) when run without the variable
//! or with the server unreachable.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod server;
mod store_contract;

use docnum_adapters::testing::TestDatabase;
use docnum_adapters::{PgStore, PoolOptions};
use store_contract::Fresh;

/// A database created for the test on the server `DOCNUM_TEST_POSTGRES_URL` names.
async fn fresh_db() -> TestDatabase {
    TestDatabase::on_server_in("DOCNUM_TEST_POSTGRES_URL").await
}

async fn connect(url: &str, options: PoolOptions) -> store_contract::Store {
    std::sync::Arc::new(PgStore::connect(url, options).await.unwrap())
}

async fn fresh_store() -> Fresh {
    let db = fresh_db().await;
    let store = connect(db.url(), PoolOptions::default()).await;
    Fresh {
        store,
        keep: Box::new(db),
    }
}

mod needs_postgres {
    use super::{connect, fresh_db, fresh_store, server, store_contract};

    crate::store_contract_tests!(fresh_store);
    crate::server_tests!();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_is_unavailable_quickly() {
    server::an_unreachable_server_is_unavailable("postgres://postgres@127.0.0.1:1/docnum").await;
}
