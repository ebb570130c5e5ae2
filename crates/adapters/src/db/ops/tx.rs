//! A pooled connection inside a write transaction.

use diesel_async::pooled_connection::bb8::PooledConnection;
use diesel_async::{AsyncConnection, TransactionManager};

use super::Conn;
use crate::db::errors::StoreError;

/// A connection on which the dialect has begun a write transaction.
/// [`WriteTx::finish`] commits or rolls back. (SQLite's in-process write
/// gate is held around the whole transaction by its `spawn_tx`.)
///
/// Everything here is owned (`'static`) because a write transaction runs on
/// its own task (see `store_impl`): a caller that goes away (an HTTP client
/// that disconnects) cannot cut it short. Were it dropped unfinished all
/// the same, the connection would still count as inside a transaction, so
/// the pool would discard it and the database roll back.
pub(crate) struct WriteTx {
    conn: PooledConnection<'static, Conn>,
}

impl WriteTx {
    /// Wraps a connection on which a transaction has just begun.
    pub(crate) fn new(conn: PooledConnection<'static, Conn>) -> Self {
        Self { conn }
    }

    /// The connection, to run the operation's statements on.
    pub(crate) fn conn(&mut self) -> &mut Conn {
        &mut self.conn
    }

    /// Commits when the operation succeeded, rolls back otherwise.
    pub(crate) async fn finish<R>(
        mut self,
        result: Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        type Tm = <Conn as AsyncConnection>::TransactionManager;
        match result {
            Ok(value) => {
                Tm::commit_transaction(&mut *self.conn).await?;
                Ok(value)
            }
            Err(e) => {
                if let Err(rollback) = Tm::rollback_transaction(&mut *self.conn).await {
                    tracing::warn!(error = %rollback, "rollback failed; the connection is dropped");
                }
                Err(e)
            }
        }
    }
}
