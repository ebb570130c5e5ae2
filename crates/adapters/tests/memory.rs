//! The store contract on the in-memory reference store: the model the SQL
//! stores are compared against passes the same checks they do.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod store_contract;

use std::sync::Arc;

use docnum_application::memory::MemoryStore;
use store_contract::Fresh;

async fn fresh_store() -> Fresh {
    Fresh {
        store: Arc::new(MemoryStore::new()),
        keep: Box::new(()),
    }
}

store_contract_tests!(fresh_store);
