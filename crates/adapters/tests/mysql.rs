//! The store contract on MariaDB/MySQL (`DOCNUM_TEST_MYSQL_URL`), each test
//! on a database of its own, and MariaDB/MySQL's own behaviour. Without the
//! variable there is nothing to run on; with it set and the server
//! unreachable, every test fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod server;
mod store_contract;

use docnum_adapters::testing::{TestDatabase, server_url};
use docnum_adapters::{MysqlStore, PoolOptions};
use store_contract::Fresh;

const VAR: &str = "DOCNUM_TEST_MYSQL_URL";

/// A database created for the test on the server `VAR` names.
async fn fresh_db() -> Option<TestDatabase> {
    let server = server_url(VAR)?;
    Some(
        TestDatabase::create(&server)
            .await
            .unwrap_or_else(|e| panic!("{VAR} is set but MariaDB/MySQL cannot be used: {e}")),
    )
}

async fn connect(url: &str, options: PoolOptions) -> store_contract::Store {
    std::sync::Arc::new(MysqlStore::connect(url, options).await.unwrap())
}

async fn fresh_store() -> Option<Fresh> {
    let db = fresh_db().await?;
    let store = connect(db.url(), PoolOptions::default()).await;
    Some(Fresh {
        store,
        keep: Box::new(db),
    })
}

store_contract_tests!(fresh_store);
server_tests!("mysql://root@127.0.0.1:1/docnum");

/// `mariadb://` names the same server as `mysql://`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mariadb_urls_open_the_same_store() {
    let Some(db) = fresh_db().await else { return };
    let url = db.url().replacen("mysql://", "mariadb://", 1);
    let store = docnum_adapters::connect(&url, PoolOptions::default())
        .await
        .unwrap();
    store.ping().await.unwrap();
}
