//! How full a store's connection pool is, for the pool gauge
//! ([`NumberStore::pool_usage`](docnum_application::ports::NumberStore::pool_usage)).

use bb8::{ManageConnection, Pool};
use docnum_application::ports::PoolUsage;

/// A pool that can say how many connections it has lent out.
pub(crate) trait PoolUsageOf {
    /// Connections open, idle and allowed, now.
    fn usage(&self) -> PoolUsage;
}

impl<M: ManageConnection> PoolUsageOf for Pool<M> {
    fn usage(&self) -> PoolUsage {
        let state = self.state();
        PoolUsage {
            connections: state.connections,
            idle: state.idle_connections,
            max: self.config().max_size,
        }
    }
}
