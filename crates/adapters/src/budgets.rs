//! Request budgets shared by every instance through Redis
//! ([`SharedBudgets`]).
//!
//! A GCRA kept in one small Lua script rather than a crate: the script
//! reads the key's "theoretical arrival time", decides and writes it back
//! in one atomic step on the server, on stock Redis (no module such as
//! redis-cell to install) and over the connection the locks already
//! configure (`REDIS_URL`, TLS). The clock is Redis's `TIME`, so instances
//! whose clocks drift still share one budget.
//!
//! The budgets live on the first configured node. A node that does not
//! answer within [`RESPONSE_TIMEOUT`] is skipped for [`RECHECK_AFTER`]; the
//! caller then enforces its own per-instance budget (a warning says so at
//! most once a minute).

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use docnum_application::ports::{BudgetUnavailable, SharedBudgets};
use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, Script};

use crate::lock::{RedisLockConfig, RedisLockError};

/// The longest a budget check may wait for Redis before the request goes
/// on with the instance's own budget.
const RESPONSE_TIMEOUT: Duration = Duration::from_millis(100);
/// The longest a (re)connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(250);
/// How long a node that failed is left alone.
const RECHECK_AFTER: Duration = Duration::from_secs(1);
/// At most one "budgets unavailable" warning per this interval.
const WARN_EVERY: Duration = Duration::from_mins(1);
/// Every budget key starts with this.
const KEY_PREFIX: &str = "docnum:budget:";

/// KEYS[1]: the budget; ARGV[1]: the emission interval (µs); ARGV[2]: the
/// burst (requests); ARGV[3]: 1 to spend, -1 to refund. Returns 0 when
/// admitted (or refunded), else the µs to wait. Times are µs since the
/// epoch (< 2^53, exact in Lua's doubles) and stored with `%.0f` because
/// `tostring` would round them to 14 digits.
const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local new_tat = tat + cost * interval
if cost > 0 and new_tat - burst * interval > now then
  return math.max(1, math.ceil(new_tat - burst * interval - now))
end
if new_tat <= now then
  redis.call('DEL', KEYS[1])
  return 0
end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX',
  math.ceil((new_tat - now) / 1000))
return 0
";

/// Budgets shared through the first node of a [`RedisLockConfig`].
#[derive(Debug)]
pub struct RedisBudgets {
    client: redis::Client,
    script: Script,
    connection: Mutex<Option<MultiplexedConnection>>,
    reconnect: tokio::sync::Mutex<()>,
    health: Mutex<Health>,
}

#[derive(Debug, Default)]
struct Health {
    skip_until: Option<Instant>,
    warned_at: Option<Instant>,
    unreported: u64,
    /// Every check answered without Redis since start (never reset).
    fallbacks: u64,
}

impl RedisBudgets {
    /// Budgets on the first node of `config`; `None` without nodes.
    /// Nothing is connected until the first request.
    pub fn new(config: &RedisLockConfig) -> Result<Option<Self>, RedisLockError> {
        let Some(first) = config.nodes.first() else {
            return Ok(None);
        };
        Ok(Some(Self {
            client: config.client(first)?,
            script: Script::new(GCRA),
            connection: Mutex::new(None),
            reconnect: tokio::sync::Mutex::new(()),
            health: Mutex::new(Health::default()),
        }))
    }

    fn health(&self) -> std::sync::MutexGuard<'_, Health> {
        // A few timestamps: a panic elsewhere cannot leave them broken.
        self.health.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn cached(&self) -> Option<MultiplexedConnection> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The shared connection, (re)connected at most once at a time.
    async fn connection(&self) -> Result<MultiplexedConnection, BudgetUnavailable> {
        if let Some(c) = self.cached() {
            return Ok(c);
        }
        let _one_at_a_time = self.reconnect.lock().await;
        if let Some(c) = self.cached() {
            return Ok(c);
        }
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(CONNECT_TIMEOUT))
            .set_response_timeout(Some(RESPONSE_TIMEOUT));
        let c = self
            .client
            .get_multiplexed_async_connection_with_config(&config)
            .await
            .map_err(|e| self.failed(&e))?;
        *self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(c.clone());
        Ok(c)
    }

    /// Runs the script unless the node was found down a moment ago.
    async fn run(&self, key: &str, per_minute: u32, cost: i8) -> Result<u64, BudgetUnavailable> {
        if self.health().skip_until.is_some_and(|t| Instant::now() < t) {
            let mut health = self.health();
            health.unreported += 1;
            health.fallbacks += 1;
            return Err(BudgetUnavailable);
        }
        let mut connection = self.connection().await?;
        let interval_us = 60_000_000 / u64::from(per_minute.max(1));
        let waited = self
            .script
            .key(format!("{KEY_PREFIX}{key}"))
            .arg(interval_us)
            .arg(per_minute)
            .arg(cost)
            .invoke_async::<u64>(&mut connection)
            .await;
        match waited {
            Ok(wait_us) => {
                self.recovered();
                Ok(wait_us)
            }
            Err(e) => {
                // A broken connection is replaced on the next attempt.
                *self
                    .connection
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = None;
                Err(self.failed(&e))
            }
        }
    }

    fn failed(&self, error: &redis::RedisError) -> BudgetUnavailable {
        let mut health = self.health();
        let now = Instant::now();
        health.skip_until = Some(now + RECHECK_AFTER);
        health.unreported += 1;
        health.fallbacks += 1;
        if health
            .warned_at
            .is_none_or(|at| now.duration_since(at) >= WARN_EVERY)
        {
            tracing::warn!(
                error = %error,
                requests = health.unreported,
                "shared request budgets unavailable (Redis); each instance enforces its own \
                 budget until Redis answers"
            );
            health.warned_at = Some(now);
            health.unreported = 0;
        }
        BudgetUnavailable
    }

    fn recovered(&self) {
        let mut health = self.health();
        if health.skip_until.take().is_some() {
            tracing::info!("shared request budgets (Redis) answer again");
            health.unreported = 0;
        }
    }
}

#[async_trait]
impl SharedBudgets for RedisBudgets {
    async fn spend(
        &self,
        key: &str,
        per_minute: u32,
    ) -> Result<Option<Duration>, BudgetUnavailable> {
        let wait_us = self.run(key, per_minute, 1).await?;
        Ok((wait_us > 0).then(|| Duration::from_micros(wait_us)))
    }

    async fn refund(&self, key: &str, per_minute: u32) -> Result<(), BudgetUnavailable> {
        self.run(key, per_minute, -1).await.map(|_| ())
    }

    fn fallbacks(&self) -> u64 {
        self.health().fallbacks
    }
}
