//! [`OneHop`]: where diesel-async runs a SQLite call. A write transaction
//! runs whole on one blocking thread, and its statements run inline there
//! instead of each hopping to tokio's blocking pool and back.

use std::cell::Cell;
use std::error::Error;
use std::future::Future;
use std::pin::Pin;

use diesel_async::sync_connection_wrapper::SpawnBlocking;

thread_local! {
    /// Set while this (blocking) thread runs a whole write transaction.
    static IN_TRANSACTION_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Marks this thread as running a whole write transaction until dropped
/// (also when the transaction panics).
pub(super) struct InTransactionThread;

impl InTransactionThread {
    pub(super) fn enter() -> Self {
        IN_TRANSACTION_THREAD.set(true);
        Self
    }
}

impl Drop for InTransactionThread {
    fn drop(&mut self) {
        IN_TRANSACTION_THREAD.set(false);
    }
}

/// Where diesel-async runs a SQLite call: inline on a thread that runs a
/// whole write transaction ([`SqliteStore::spawn_tx`](super::SqliteStore::spawn_tx)), on tokio's blocking
/// pool everywhere else.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct OneHop;

/// What [`SpawnBlocking`] hands back.
type Spawned<'a, R> =
    Pin<Box<dyn Future<Output = Result<R, Box<dyn Error + Send + Sync>>> + Send + 'a>>;

impl SpawnBlocking for OneHop {
    fn spawn_blocking<'a, R>(&mut self, task: impl FnOnce() -> R + Send + 'static) -> Spawned<'a, R>
    where
        R: Send + 'static,
    {
        if IN_TRANSACTION_THREAD.get() {
            Box::pin(std::future::ready(Ok(task())))
        } else {
            let handle = tokio::task::spawn_blocking(task);
            Box::pin(async move { handle.await.map_err(Box::from) })
        }
    }

    fn get_runtime() -> Self {
        Self
    }
}
