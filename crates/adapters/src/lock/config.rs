//! Which Redis nodes to lock on, and how patiently.

use std::time::Duration;

/// The settings of [`super::RedisLocks`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedisLockConfig {
    /// One `redis://` URL per independent node (see [`redis_nodes`]).
    pub nodes: Vec<String>,
    /// Attempts after the first while the key is held (`NUMBERING_RETRY_ATTEMPTS`).
    pub retry_attempts: u32,
    /// Pause between attempts, ± 50 % jitter (`NUMBERING_RETRY_DELAY`).
    pub retry_delay: Duration,
    /// How long Redis is skipped after it was found without a quorum.
    pub recheck_after: Duration,
    /// PEM CA certificates trusted for `rediss://` nodes
    /// (`REDIS_TLS_CA_FILE`); `None`: the system's roots.
    pub tls_ca: Option<std::path::PathBuf>,
}

impl RedisLockConfig {
    /// The spec's defaults (3 retries, 200 ms) on `nodes`.
    pub fn new(nodes: Vec<String>) -> Self {
        Self {
            nodes,
            retry_attempts: 3,
            retry_delay: Duration::from_millis(200),
            recheck_after: Duration::from_secs(1),
            tls_ca: None,
        }
    }

    /// A client for the node `url`: `rediss://` trusts [`Self::tls_ca`]
    /// when set (and checks the certificate's host name either way).
    pub(crate) fn client(&self, url: &str) -> Result<redis::Client, RedisLockError> {
        let invalid = |reason: String| RedisLockError::InvalidNode {
            node: redact(url),
            reason,
        };
        match &self.tls_ca {
            Some(path) if url.starts_with("rediss://") => {
                crate::tls::install_crypto_provider();
                let pem = std::fs::read(path).map_err(|e| {
                    invalid(format!("cannot read the CA file {}: {e}", path.display()))
                })?;
                let certs = redis::TlsCertificates {
                    client_tls: None,
                    root_cert: Some(pem),
                };
                redis::Client::build_with_tls(url, certs).map_err(|e| invalid(e.to_string()))
            }
            _ => redis::Client::open(url).map_err(|e| invalid(e.to_string())),
        }
    }

    /// Nodes that must hold the key for the lock to count.
    pub fn quorum(&self) -> usize {
        self.nodes.len() / 2 + 1
    }
}

/// A Redis configuration that cannot work.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RedisLockError {
    /// A node is not a Redis URL.
    #[error("Redis node '{node}' is not valid: {reason} (expected host:port or redis://host:port)")]
    InvalidNode {
        /// The node as written, password removed.
        node: String,
        /// What is wrong.
        reason: String,
    },
    /// The same node twice would count twice towards the quorum.
    #[error("Redis node '{0}' is listed twice; each node must be an independent server")]
    DuplicateNode(String),
}

/// The nodes named by `REDIS_CLUSTER_NODES` (`host:port,host:port,…`, or full
/// `redis://` URLs) or else by `REDIS_URL`; empty when neither is set, which
/// means database-only locking.
pub fn redis_nodes(
    redis_url: Option<&str>,
    cluster_nodes: Option<&str>,
) -> Result<Vec<String>, RedisLockError> {
    let listed: Vec<&str> = cluster_nodes
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let raw = if listed.is_empty() {
        redis_url
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .into_iter()
            .collect()
    } else {
        listed
    };
    let mut nodes: Vec<String> = Vec::with_capacity(raw.len());
    for entry in raw {
        let url = if entry.contains("://") {
            entry.to_owned()
        } else {
            format!("redis://{entry}")
        };
        let info = redis::IntoConnectionInfo::into_connection_info(url.as_str()).map_err(|e| {
            RedisLockError::InvalidNode {
                node: redact(entry),
                reason: e.to_string(),
            }
        })?;
        let address = info.addr().to_string();
        if nodes.iter().any(|n| same_node(n, &address)) {
            return Err(RedisLockError::DuplicateNode(redact(entry)));
        }
        nodes.push(url);
    }
    Ok(nodes)
}

fn same_node(url: &str, address: &str) -> bool {
    redis::IntoConnectionInfo::into_connection_info(url)
        .is_ok_and(|info| info.addr().to_string() == address)
}

/// A node for logs: `redis://user:***@host:port`.
pub(crate) fn redact(node: &str) -> String {
    match (node.find("://"), node.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let user = node[scheme_end + 3..at]
                .split(':')
                .next()
                .unwrap_or_default();
            format!("{}://{user}:***@{}", &node[..scheme_end], &node[at + 1..])
        }
        _ => node.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_nodes_win_over_redis_url() {
        let nodes = redis_nodes(
            Some("redis://10.0.0.9:6379"),
            Some(" 127.0.0.1:7001, 127.0.0.1:7002 ,,redis://127.0.0.1:7003/2"),
        );
        assert_eq!(
            nodes,
            Ok(vec![
                "redis://127.0.0.1:7001".to_owned(),
                "redis://127.0.0.1:7002".to_owned(),
                "redis://127.0.0.1:7003/2".to_owned(),
            ])
        );
    }

    #[test]
    fn redis_url_alone_is_one_node_and_nothing_is_database_only() {
        assert_eq!(
            redis_nodes(Some("redis://127.0.0.1:6379"), Some(" ")),
            Ok(vec!["redis://127.0.0.1:6379".to_owned()])
        );
        assert_eq!(redis_nodes(None, None), Ok(vec![]));
        assert_eq!(redis_nodes(Some(""), Some("")), Ok(vec![]));
    }

    #[test]
    fn duplicates_and_garbage_are_refused() {
        assert_eq!(
            redis_nodes(None, Some("127.0.0.1:7001,redis://127.0.0.1:7001")),
            Err(RedisLockError::DuplicateNode(
                "redis://127.0.0.1:7001".to_owned()
            ))
        );
        assert!(matches!(
            redis_nodes(None, Some("127.0.0.1:notaport")),
            Err(RedisLockError::InvalidNode { .. })
        ));
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("redis://user:secret@host:6379"),
            "redis://user:***@host:6379"
        );
        assert_eq!(redact("host:6379"), "host:6379");
    }

    #[test]
    fn quorum_is_a_majority() {
        let config = |n: usize| RedisLockConfig::new(vec![String::new(); n]);
        assert_eq!(config(1).quorum(), 1);
        assert_eq!(config(2).quorum(), 2);
        assert_eq!(config(3).quorum(), 2);
        assert_eq!(config(5).quorum(), 3);
    }
}
