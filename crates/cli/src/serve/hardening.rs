//! `docnum serve`'s settings against hostile clients: timeouts, connection
//! and request caps, per-user and per-address budgets, trusted proxies, the
//! metrics listener, and how tokens are verified. docs/operations.md
//! ("Running on the internet") explains each default.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use docnum_api::{AuthConfig, Limits};
use docnum_domain::Message;
use ipnet::IpNet;

use crate::lang;

use super::server::ServerLimits;

/// The hardening flags of `docnum serve`.
#[derive(Debug, Args)]
pub(crate) struct HardeningArgs {
    /// Seconds a client has to send a request's headers; also how long an
    /// idle kept-alive connection stays open.
    #[arg(long, env = "DOCNUM_HTTP_HEADER_TIMEOUT", default_value_t = 10)]
    pub http_header_timeout: u64,
    /// Seconds a request may take before 503 NB017.
    #[arg(long, env = "DOCNUM_HTTP_REQUEST_TIMEOUT", default_value_t = 30)]
    pub http_request_timeout: u64,
    /// Keep connections alive between requests.
    #[arg(long, env = "DOCNUM_HTTP_KEEP_ALIVE", default_value_t = true, action = clap::ArgAction::Set)]
    pub http_keep_alive: bool,
    /// Connections open at once (more wait in the listen backlog).
    #[arg(long, env = "DOCNUM_HTTP_MAX_CONNECTIONS", default_value_t = 1024)]
    pub http_max_connections: usize,
    /// Requests handled at once (more get 503 NB017; probes never do).
    #[arg(long, env = "DOCNUM_HTTP_MAX_IN_FLIGHT", default_value_t = 1024)]
    pub http_max_in_flight: usize,
    /// Seconds shutdown waits for requests in flight.
    #[arg(long, env = "DOCNUM_SHUTDOWN_GRACE", default_value_t = 30)]
    pub shutdown_grace: u64,
    /// Read requests (GET) per user per minute, on every authenticated route; 0: no limit.
    #[arg(long, env = "DOCNUM_RATE_LIMIT_READS", default_value_t = 1200)]
    pub rate_limit_reads: u32,
    /// Other requests per user per minute, on every authenticated route; 0: no limit.
    #[arg(long, env = "DOCNUM_RATE_LIMIT_MUTATIONS", default_value_t = 600)]
    pub rate_limit_mutations: u32,
    /// Failed authentications per client address per minute before it is refused; 0: no limit.
    #[arg(long, env = "DOCNUM_RATE_LIMIT_FAILED_AUTH", default_value_t = 30)]
    pub rate_limit_failed_auth: u32,
    /// Proxies (addresses or CIDR, comma-separated) whose X-Forwarded-For / Forwarded is believed.
    #[arg(long, env = "DOCNUM_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
    /// Serve /metrics on this address:port instead of the API port.
    #[arg(long, env = "DOCNUM_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,
    /// Serve /metrics on this port (of the API's bind address) instead of the API port.
    #[arg(long, env = "PROMETHEUS_PORT")]
    pub prometheus_port: Option<u16>,
    /// A bearer token /metrics requires.
    #[arg(long, env = "DOCNUM_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Per-counter gauges exported (the fullest; the rest summed up per series).
    #[arg(long, env = "DOCNUM_METRICS_GAUGE_LIMIT", default_value_t = docnum_adapters::prometheus::DEFAULT_GAUGE_LIMIT)]
    pub metrics_gauge_limit: usize,
    /// The audience (aud) tokens must carry.
    #[arg(long, env = "DOCNUM_JWT_AUDIENCE")]
    pub jwt_audience: Option<String>,
    /// The issuer (iss) tokens must carry.
    #[arg(long, env = "DOCNUM_JWT_ISSUER")]
    pub jwt_issuer: Option<String>,
    /// Longest token lifetime (exp - iat): 90s, 15m, 12h, 365d; 0: any.
    #[arg(long, env = "DOCNUM_JWT_MAX_LIFETIME", default_value = "365d")]
    pub jwt_max_lifetime: String,
    /// PEM public key (RSA or EC) of an identity provider.
    #[arg(long, env = "DOCNUM_JWT_PUBLIC_KEY")]
    pub jwt_public_key: Option<PathBuf>,
    /// JWKS file of an identity provider (keys chosen by kid).
    #[arg(long, env = "DOCNUM_JWT_JWKS_FILE")]
    pub jwt_jwks_file: Option<PathBuf>,
}

impl HardeningArgs {
    /// The API's limits.
    pub(crate) fn limits(&self) -> anyhow::Result<Limits> {
        Ok(Limits {
            request_timeout: Duration::from_secs(self.http_request_timeout.max(1)),
            reads_per_minute: self.rate_limit_reads,
            mutations_per_minute: self.rate_limit_mutations,
            failed_auth_per_minute: self.rate_limit_failed_auth,
            trusted_proxies: self.proxies()?,
            metrics_token: self.metrics_token.clone().filter(|t| !t.is_empty()),
            ..Limits::default()
        })
    }

    /// The listener's limits.
    pub(crate) fn server(&self) -> ServerLimits {
        ServerLimits {
            header_timeout: Duration::from_secs(self.http_header_timeout.max(1)),
            keep_alive: self.http_keep_alive,
            max_connections: self.http_max_connections.max(1),
            max_in_flight: self.http_max_in_flight.max(1),
            shutdown_grace: Duration::from_secs(self.shutdown_grace),
        }
    }

    /// Where `/metrics` is served apart from the API, if anywhere.
    pub(crate) fn metrics_addr(&self, api_bind: IpAddr) -> Option<SocketAddr> {
        self.metrics_bind
            .or_else(|| self.prometheus_port.map(|p| SocketAddr::new(api_bind, p)))
    }

    /// Token verification: the HS256 `secret`, plus the identity
    /// provider's keys, audience, issuer and the lifetime bound.
    pub(crate) fn auth(&self, secret: &[u8]) -> anyhow::Result<AuthConfig> {
        let max_lifetime = match self.jwt_max_lifetime.trim() {
            "0" => Duration::ZERO,
            raw => crate::config::parse_duration(raw).ok_or_else(|| {
                lang::error(&Message::new("serve-jwt-max-lifetime").with("value", raw))
            })?,
        };
        let mut auth = AuthConfig::hs256(secret).with_max_lifetime(max_lifetime);
        if let Some(path) = &self.jwt_public_key {
            let setting = "DOCNUM_JWT_PUBLIC_KEY";
            let pem = std::fs::read(path).map_err(|e| key_unreadable(setting, path, &e))?;
            auth = auth
                .with_public_key_pem(&pem)
                .map_err(|e| key_invalid(setting, path, &e))?;
        }
        if let Some(path) = &self.jwt_jwks_file {
            let setting = "DOCNUM_JWT_JWKS_FILE";
            let json =
                std::fs::read_to_string(path).map_err(|e| key_unreadable(setting, path, &e))?;
            auth = auth
                .with_jwks(&json)
                .map_err(|e| key_invalid(setting, path, &e))?;
        }
        if let Some(aud) = self.jwt_audience.as_deref().filter(|a| !a.is_empty()) {
            auth = auth.with_audience(aud);
        }
        if let Some(iss) = self.jwt_issuer.as_deref().filter(|i| !i.is_empty()) {
            auth = auth.with_issuer(iss);
        }
        Ok(auth)
    }

    fn proxies(&self) -> anyhow::Result<Vec<IpNet>> {
        let mut nets = Vec::new();
        for raw in self
            .trusted_proxies
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            let net = match raw.parse::<IpNet>() {
                Ok(net) => net,
                Err(_) => match raw.parse::<IpAddr>() {
                    Ok(ip) => IpNet::from(ip),
                    Err(_) => {
                        return Err(lang::error(
                            &Message::new("serve-trusted-proxy").with("value", raw),
                        ));
                    }
                },
            };
            nets.push(net);
        }
        Ok(nets)
    }
}

/// The key file named by `setting` cannot be read.
fn key_unreadable(setting: &str, path: &std::path::Path, e: &std::io::Error) -> anyhow::Error {
    lang::error(
        &Message::new("serve-key-unreadable")
            .with("setting", setting)
            .with("path", path.display().to_string())
            .with("detail", e.to_string()),
    )
}

/// The key file named by `setting` holds no key docnum can use.
fn key_invalid(setting: &str, path: &std::path::Path, e: &impl std::fmt::Display) -> anyhow::Error {
    lang::error(
        &Message::new("serve-key-invalid")
            .with("setting", setting)
            .with("path", path.display().to_string())
            .with("detail", e.to_string()),
    )
}
