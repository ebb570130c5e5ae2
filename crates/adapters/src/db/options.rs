//! How a store connects: pool size and timeouts, and which dialect a
//! `DATABASE_URL` names.

use std::time::Duration;

use docnum_application::{AppError, InvalidReason};

/// Connection pool settings of a store (`DOCNUM_DB_POOL_SIZE`,
/// `DOCNUM_DB_CONNECT_TIMEOUT`, `DOCNUM_DB_STATEMENT_TIMEOUT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolOptions {
    /// Connections per process.
    pub max_size: u32,
    /// Longest wait to open one connection; a request fails (503 NB014) as
    /// soon as opening a connection fails while it waits for one.
    pub connect_timeout: Duration,
    /// Longest run of one statement (enforced by the server) and of a lock
    /// wait; PostgreSQL and MariaDB/MySQL only.
    pub statement_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 8,
            connect_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(10),
        }
    }
}

impl PoolOptions {
    /// How long a request waits for a pooled connection while all are busy.
    pub fn pool_wait(&self) -> Duration {
        self.connect_timeout + self.statement_timeout
    }

    /// The statement timeout in whole milliseconds (at least 1).
    pub(crate) fn statement_ms(&self) -> u128 {
        self.statement_timeout.as_millis().max(1)
    }

    /// The statement timeout in whole seconds, rounded up (at least 1), for
    /// settings that only take seconds.
    pub(crate) fn statement_secs(&self) -> u64 {
        u64::try_from(self.statement_timeout.as_millis().div_ceil(1000).max(1)).unwrap_or(u64::MAX)
    }
}

/// The database families docnum stores its data in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `sqlite://FILE`, `sqlite:FILE` or a bare file path.
    Sqlite,
    /// `postgres://…` or `postgresql://…`.
    Postgres,
    /// `mysql://…` or `mariadb://…` (MariaDB and MySQL 8).
    Mysql,
}

impl Dialect {
    /// The dialect a `DATABASE_URL` names, by its scheme.
    pub fn of_url(url: &str) -> Result<Self, AppError> {
        let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("postgres" | "postgresql") => Ok(Self::Postgres),
            Some("mysql" | "mariadb") => Ok(Self::Mysql),
            Some("sqlite") | None => Ok(Self::Sqlite),
            Some(other) => Err(AppError::invalid(
                "DATABASE_URL",
                InvalidReason::UnknownScheme {
                    scheme: other.to_owned(),
                },
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_name_the_dialect() {
        for (url, dialect) in [
            ("sqlite://docnum.db", Dialect::Sqlite),
            ("sqlite:docnum.db", Dialect::Sqlite),
            ("docnum.db", Dialect::Sqlite),
            ("postgres://u@h/db", Dialect::Postgres),
            ("postgresql://u@h/db", Dialect::Postgres),
            ("POSTGRES://u@h/db", Dialect::Postgres),
            ("mysql://root@h/db", Dialect::Mysql),
            ("mariadb://root@h/db", Dialect::Mysql),
        ] {
            assert_eq!(Dialect::of_url(url).unwrap(), dialect, "{url}");
        }
        assert!(Dialect::of_url("oracle://h/db").is_err());
    }

    #[test]
    fn timeouts_round_up() {
        let o = PoolOptions {
            statement_timeout: Duration::from_millis(1500),
            ..PoolOptions::default()
        };
        assert_eq!(o.statement_secs(), 2);
        assert_eq!(o.statement_ms(), 1500);
        assert_eq!(o.pool_wait(), Duration::from_millis(6500));
    }
}
