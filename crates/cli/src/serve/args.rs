//! `docnum serve`'s flags, and the service settings read from them.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use docnum_application::Settings;

/// `docnum serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to bind.
    #[arg(long, env = "DOCNUM_BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Port to listen on (0 picks a free one and prints it).
    #[arg(long, env = "DOCNUM_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Seconds a reservation stays open.
    #[arg(long, env = "NUMBERING_RESERVATION_TTL", default_value_t = 300)]
    pub reservation_ttl: u64,
    /// Lock TTL in milliseconds.
    #[arg(long, env = "NUMBERING_LOCK_TIMEOUT", default_value_t = 5000)]
    pub lock_timeout: u64,
    /// Most reservations of one counter per transaction (1: no coalescing).
    #[arg(long, env = "NUMBERING_BATCH_MAX", default_value_t = 256)]
    pub batch_max: usize,
    /// Most reservations waiting for one counter before NB017 (503).
    #[arg(long, env = "NUMBERING_QUEUE_MAX", default_value_t = 10_000)]
    pub queue_max: usize,
    /// Reservations per minute per user.
    #[arg(long, env = "NUMBERING_RATE_LIMIT", default_value_t = 100)]
    pub rate_limit: u32,
    /// Seconds between runs of the expiry job.
    #[arg(long, env = "DOCNUM_EXPIRY_INTERVAL", default_value_t = 10)]
    pub expiry_interval: u64,
    /// Redis for the counter lock (one node); unset: database-only locking.
    #[arg(long, env = "REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<String>,
    /// Independent Redis nodes for Redlock: host:port,host:port,… (wins over REDIS_URL).
    #[arg(long, env = "REDIS_CLUSTER_NODES", hide_env_values = true)]
    pub redis_cluster_nodes: Option<String>,
    /// Lock attempts after the first while another request holds the counter.
    #[arg(long, env = "NUMBERING_RETRY_ATTEMPTS", default_value_t = 3)]
    pub retry_attempts: u32,
    /// Milliseconds between lock attempts (± 50 % jitter).
    #[arg(long, env = "NUMBERING_RETRY_DELAY", default_value_t = 200)]
    pub retry_delay: u64,
    /// Seconds between refreshes of the counter gauges from the database.
    #[arg(long, env = "DOCNUM_METRICS_INTERVAL", default_value_t = 15)]
    pub metrics_interval: u64,
    /// JWT secret file (used when DOCNUM_JWT_SECRET is unset).
    #[arg(long, env = "DOCNUM_JWT_SECRET_FILE")]
    pub secret_file: Option<PathBuf>,
    /// PEM CA certificates trusted for `rediss://` Redis nodes (default: the system's roots).
    #[arg(long, env = "REDIS_TLS_CA_FILE")]
    pub redis_tls_ca_file: Option<PathBuf>,
    /// Seconds to wait at start for a database that cannot be reached yet
    /// (retrying with backoff, 0.25 s doubling to 5 s; /readyz says so
    /// meanwhile); 0: give up at once.
    #[arg(long, env = "DOCNUM_DB_WAIT", default_value_t = 60)]
    pub db_wait: u64,
    // Timeouts, limits, metrics listener, token rules. (A plain comment:
    // clap would read a doc comment as help text.)
    #[command(flatten)]
    pub hardening: Box<super::hardening::HardeningArgs>,
    /// Language of error messages when a request's Accept-Language names
    /// none docnum speaks: en or th.
    #[arg(long, env = "DOCNUM_DEFAULT_LOCALE", default_value = "en")]
    pub default_locale: docnum_i18n::Locale,
}

/// The service settings from `docnum serve`'s flags.
pub(crate) fn settings(args: &ServeArgs) -> Settings {
    Settings {
        reservation_ttl: Duration::from_secs(args.reservation_ttl.max(1)),
        lock_timeout: Duration::from_millis(args.lock_timeout.max(1)),
        batch_max: args.batch_max.max(1),
        queue_max: args.queue_max.max(1),
    }
}
