//! Pooled connections to each node (bb8-redis), for health checks.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use bb8_redis::RedisConnectionManager;
use bb8_redis::bb8::Pool;
use docnum_application::ports::LockHealth;

use super::config::{RedisLockConfig, RedisLockError, redact};

/// How long a node may take to answer a PING (connecting included).
const PING_TIMEOUT: Duration = Duration::from_millis(500);
/// How long the pool tries to replace a dead idle connection.
const REPLACE_TIMEOUT: Duration = Duration::from_millis(200);

/// How old a health answer may be when a lock attempt fails: waiters on a
/// busy counter share one round of PINGs instead of sending one each.
const SHARED_HEALTH_AGE: Duration = Duration::from_millis(250);

/// One small pool per node.
pub(super) struct Nodes {
    pools: Vec<Pool<RedisConnectionManager>>,
    last: Mutex<Option<(Instant, LockHealth)>>,
}

impl Nodes {
    /// Pools for `urls`; nothing is connected until first used.
    pub(super) fn new(config: &RedisLockConfig) -> Result<Self, RedisLockError> {
        let pools = config
            .nodes
            .iter()
            .map(|url| {
                // The client's connection info carries its TLS settings.
                let info = config.client(url)?.get_connection_info().clone();
                let manager =
                    RedisConnectionManager::new(info).map_err(|e| RedisLockError::InvalidNode {
                        node: redact(url),
                        reason: e.to_string(),
                    })?;
                Ok(Pool::builder()
                    .max_size(2)
                    .connection_timeout(REPLACE_TIMEOUT)
                    .retry_connection(false)
                    .build_unchecked(manager))
            })
            .collect::<Result<Vec<_>, RedisLockError>>()?;
        Ok(Self {
            pools,
            last: Mutex::new(None),
        })
    }

    /// The last health answer if it is recent, else a fresh one. A node
    /// that died since is noticed at most [`SHARED_HEALTH_AGE`] late, i.e.
    /// one more retry before the fallback.
    pub(super) async fn recent_health(&self) -> LockHealth {
        let last = *self.last.lock().unwrap_or_else(PoisonError::into_inner);
        match last {
            Some((at, health)) if at.elapsed() < SHARED_HEALTH_AGE => health,
            _ => self.health().await,
        }
    }

    /// PINGs every node at once.
    pub(super) async fn health(&self) -> LockHealth {
        let pings: Vec<_> = self
            .pools
            .iter()
            .map(|pool| tokio::spawn(ping(pool.clone())))
            .collect();
        let mut nodes_up = 0;
        for answer in pings {
            if matches!(answer.await, Ok(true)) {
                nodes_up += 1;
            }
        }
        let nodes = self.pools.len();
        let health = LockHealth {
            nodes,
            nodes_up,
            quorum: nodes / 2 + 1,
        };
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), health));
        health
    }
}

async fn ping(pool: Pool<RedisConnectionManager>) -> bool {
    let answer = tokio::time::timeout(PING_TIMEOUT, async {
        if pool.state().idle_connections == 0 {
            // bb8's `get` would wait out its timeout on a refused connect;
            // connecting directly answers "down" at once, and a connection
            // that works is handed to the pool for the next check.
            let mut conn = pool.dedicated_connection().await.ok()?;
            let pong = query_ping(&mut conn).await;
            let _ = pool.add(conn);
            return pong;
        }
        // Checked out with a PING (test_on_check_out); a dead idle
        // connection is dropped and replaced, or the wait times out.
        let mut conn = pool.get().await.ok()?;
        query_ping(&mut conn).await
    })
    .await;
    matches!(answer, Ok(Some(pong)) if pong == "PONG")
}

async fn query_ping(conn: &mut redis::aio::MultiplexedConnection) -> Option<String> {
    redis::cmd("PING").query_async::<String>(conn).await.ok()
}
