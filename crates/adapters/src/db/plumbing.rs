//! The contract between the shared operations (`ops/`) and a dialect's
//! store: [`StorePlumbing`] (how a write transaction begins, on which task
//! it runs, how long a caller waits for it, where a read gets its
//! connection) and [`WriteTx`], the transaction the operations run in.
//!
//! SQLite implements it in `sqlite.rs` (write gate, `BEGIN IMMEDIATE`, the
//! transaction whole on one blocking thread); PostgreSQL and MariaDB/MySQL
//! share one implementation over their pool in `server.rs`. The
//! operations are compiled once per dialect against its concrete store
//! type, so calling through the trait costs nothing: no boxing, no dynamic
//! dispatch.

use std::future::Future;
use std::ops::DerefMut;
use std::time::Duration;

use diesel_async::{AsyncConnection, TransactionManager};
use docnum_application::AppError;
use docnum_application::ports::PoolUsage;
use tokio::task::JoinHandle;

use crate::db::errors::StoreError;

/// What the shared operations need from a dialect's store.
pub(crate) trait StorePlumbing: Send + Sync {
    /// The async connection the operations run on.
    type Conn: AsyncConnection + Send + 'static;
    /// A pooled connection, owned (a write transaction holds one on its
    /// own task).
    type Pooled: DerefMut<Target = Self::Conn> + Send + 'static;
    /// What a write transaction needs, owned, to begin on its own task.
    type Writer: Clone + Send + 'static;

    /// A handle to begin a write transaction with.
    fn writer(&self) -> Self::Writer;

    /// A pooled connection inside the dialect's `BEGIN`.
    fn begin(
        writer: Self::Writer,
    ) -> impl Future<Output = Result<WriteTx<Self::Pooled>, StoreError>> + Send;

    /// Runs a write transaction's future on a task of its own, so that a
    /// caller that goes away cannot cut it short.
    fn spawn_tx<F, T>(&self, tx: F) -> JoinHandle<Result<T, StoreError>>
    where
        F: Future<Output = Result<T, StoreError>> + Send + 'static,
        T: Send + 'static;

    /// A pooled connection for reading, outside any explicit transaction.
    fn read_conn(&self) -> impl Future<Output = Result<Self::Pooled, StoreError>> + Send;

    /// How long a caller waits for a write transaction; `None` for as long
    /// as it takes.
    fn deadline(&self) -> Option<Duration>;

    /// How full the connection pool is, for the pool gauge.
    fn connections(&self) -> PoolUsage;
}

/// A pooled connection on which the dialect has begun a write transaction.
/// [`WriteTx::finish`] commits or rolls back.
///
/// Everything here is owned (`'static`) because a write transaction runs on
/// its own task (see [`StorePlumbing::spawn_tx`]). Were it dropped
/// unfinished all the same, the connection would still count as inside a
/// transaction, so the pool would discard it and the database roll back.
pub(crate) struct WriteTx<P> {
    conn: P,
}

impl<P> WriteTx<P>
where
    P: DerefMut,
    P::Target: AsyncConnection,
{
    /// Wraps a connection on which a transaction has just begun.
    pub(crate) fn new(conn: P) -> Self {
        Self { conn }
    }

    /// The connection, to run the operation's statements on.
    pub(crate) fn conn(&mut self) -> &mut P::Target {
        &mut self.conn
    }

    /// Commits when the operation succeeded, rolls back otherwise.
    pub(crate) async fn finish<R>(
        mut self,
        result: Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        type Tm<C> = <C as AsyncConnection>::TransactionManager;
        match result {
            Ok(value) => {
                Tm::<P::Target>::commit_transaction(&mut *self.conn).await?;
                Ok(value)
            }
            Err(e) => {
                if let Err(rollback) = Tm::<P::Target>::rollback_transaction(&mut *self.conn).await
                {
                    tracing::warn!(error = %rollback, "rollback failed; the connection is dropped");
                }
                Err(e)
            }
        }
    }
}

/// The outcome of a write transaction's task. With a deadline (server
/// dialects), the caller stops waiting after it and is told the database
/// is unavailable; the task still ends in COMMIT or ROLLBACK by itself, so
/// nothing is half-written, and a number is only ever reported to a caller
/// after its COMMIT.
pub(crate) async fn join<T>(
    task: JoinHandle<Result<T, StoreError>>,
    deadline: Option<Duration>,
) -> Result<T, AppError> {
    let joined = match deadline {
        Some(limit) => match tokio::time::timeout(limit, task).await {
            Ok(joined) => joined,
            Err(_) => {
                return Err(AppError::Unavailable(format!(
                    "the database did not answer within {} ms",
                    limit.as_millis()
                )));
            }
        },
        None => task.await,
    };
    match joined {
        Ok(result) => result.map_err(StoreError::into_app),
        Err(e) => {
            Err(StoreError::from(AppError::Internal(format!("store task failed: {e}"))).into_app())
        }
    }
}
