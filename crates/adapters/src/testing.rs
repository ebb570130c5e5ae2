//! Helpers for tests on database servers: each test gets a database of its
//! own, created on the server a test URL names and dropped afterwards.
//!
//! ```ignore
//! let db = TestDatabase::on_server_in("DOCNUM_TEST_POSTGRES_URL").await;
//! let store = docnum_adapters::connect(db.url(), PoolOptions::default()).await?;
//! // … the database is dropped when `db` goes out of scope
//! ```
//!
//! A test that needs a server sits in a module named `needs_postgres`,
//! `needs_mysql` or `needs_redis`: nextest's default profile
//! (`.config/nextest.toml`) leaves those out and counts them as skipped,
//! `--profile servers` runs them, and there a missing or unreachable server
//! fails the test — it never passes having tested nothing.
//!
//! Databases are named `docnum_test_<unix seconds>_<random>`; creating one
//! also drops those of earlier runs older than an hour (a test that was
//! killed never dropped its own).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::sql_types::Text;
use diesel_async::SimpleAsyncConnection;
use diesel_async::{AsyncConnection, AsyncMysqlConnection, AsyncPgConnection, RunQueryDsl};
use docnum_application::AppError;

use crate::db::Dialect;

/// Prefix of every test database's name.
const PREFIX: &str = "docnum_test_";
/// Age after which a test database is a leftover.
const LEFTOVER_AGE: Duration = Duration::from_hours(1);
/// Longest wait for the server.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The server URL in the environment variable `var`.
///
/// # Panics
/// When `var` is unset or empty: the calling test needs that server.
#[expect(
    clippy::panic,
    reason = "a test without its server must fail, not pass"
)]
pub fn server_url(var: &str) -> String {
    match std::env::var(var) {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "{var} is not set: this test needs that server (the default nextest profile \
             leaves needs_* tests out; `--profile servers` runs them and needs \
             DOCNUM_TEST_POSTGRES_URL, DOCNUM_TEST_MYSQL_URL and DOCNUM_TEST_REDIS_URL)"
        ),
    }
}

/// A database created for one test, dropped (with everything in it) when
/// this value is dropped.
#[derive(Debug)]
pub struct TestDatabase {
    server_url: String,
    url: String,
    name: String,
    dialect: Dialect,
}

impl TestDatabase {
    /// Creates an empty database on the server `server_url` names
    /// (`postgres://…` or `mysql://…`, connecting as given), after
    /// sweeping leftovers of earlier runs.
    pub async fn create(server_url: &str) -> Result<Self, AppError> {
        let dialect = Dialect::of_url(server_url)?;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|e| AppError::Internal(e.to_string()))?
            .as_secs();
        let random = uuid::Uuid::new_v4().simple().to_string();
        let name = format!("{PREFIX}{now}_{}", &random[..12]);
        let mut admin = Admin::open(dialect, server_url).await?;
        for old in admin.test_databases().await? {
            if is_leftover(&old, now) {
                // Another run may be sweeping it too.
                let _ = admin.drop_database(&old).await;
            }
        }
        admin
            .run(&format!("CREATE DATABASE {}", admin.quote(&name)))
            .await?;
        Ok(Self {
            server_url: server_url.to_owned(),
            url: with_database(server_url, &name),
            name,
            dialect,
        })
    }

    /// Creates a database on the server the environment variable `var`
    /// names (see [`server_url`]).
    ///
    /// # Panics
    /// When `var` is unset, or the server cannot be used.
    #[expect(
        clippy::panic,
        reason = "a test without its server must fail, not pass"
    )]
    pub async fn on_server_in(var: &str) -> Self {
        let server = server_url(var);
        Self::create(&server)
            .await
            .unwrap_or_else(|e| panic!("{var} is set but the server cannot be used: {e}"))
    }

    /// The URL of the new database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (dialect, server, name) = (self.dialect, self.server_url.clone(), self.name.clone());
        // Drop runs in sync code, often inside a runtime: do the async work
        // on a thread of its own with its own runtime.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| AppError::Internal(e.to_string()))?;
            runtime.block_on(async {
                let mut admin = Admin::open(dialect, &server).await?;
                admin.drop_database(&name).await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            tracing::warn!(database = %self.name, "could not drop the test database; a later run sweeps it");
        }
    }
}

/// Whether `name` is a test database created more than an hour before `now`.
fn is_leftover(name: &str, now: u64) -> bool {
    name.strip_prefix(PREFIX)
        .and_then(|rest| rest.split('_').next())
        .and_then(|secs| secs.parse::<u64>().ok())
        .is_some_and(|created| now.saturating_sub(created) > LEFTOVER_AGE.as_secs())
}

/// `url` with its database (path) replaced by `name`, the query kept.
fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let authority = rest.split_once('/').map_or(rest, |(a, _)| a);
    let mut out = format!("{scheme}://{authority}/{name}");
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

/// A connection to the server's administrative side.
enum Admin {
    Pg(Box<AsyncPgConnection>),
    Mysql(AsyncMysqlConnection),
}

impl Admin {
    async fn open(dialect: Dialect, url: &str) -> Result<Self, AppError> {
        let unreachable =
            |e: &dyn std::fmt::Display| AppError::Unavailable(format!("cannot reach {url}: {e}"));
        let connecting = async {
            match dialect {
                Dialect::Postgres => AsyncPgConnection::establish(url)
                    .await
                    .map(|c| Self::Pg(Box::new(c))),
                Dialect::Mysql => {
                    let url = url.replacen("mariadb://", "mysql://", 1);
                    AsyncMysqlConnection::establish(&url).await.map(Self::Mysql)
                }
                Dialect::Sqlite => Err(diesel::ConnectionError::InvalidConnectionUrl(
                    "a test database needs a server URL".into(),
                )),
            }
        };
        tokio::time::timeout(CONNECT_TIMEOUT, connecting)
            .await
            .map_err(|_| unreachable(&"timed out"))?
            .map_err(|e| unreachable(&e))
    }

    fn quote(&self, name: &str) -> String {
        match self {
            Self::Pg(_) => format!("\"{name}\""),
            Self::Mysql(_) => format!("`{name}`"),
        }
    }

    async fn run(&mut self, sql: &str) -> Result<(), AppError> {
        let result = match self {
            Self::Pg(c) => c.batch_execute(sql).await,
            Self::Mysql(c) => c.batch_execute(sql).await,
        };
        result.map_err(|e| AppError::Internal(format!("{sql}: {e}")))
    }

    async fn drop_database(&mut self, name: &str) -> Result<(), AppError> {
        let sql = match self {
            Self::Pg(_) => format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
            Self::Mysql(_) => format!("DROP DATABASE IF EXISTS `{name}`"),
        };
        self.run(&sql).await
    }

    async fn test_databases(&mut self) -> Result<Vec<String>, AppError> {
        let pattern = format!("{}%", PREFIX.replace('_', "\\_"));
        let names = match self {
            Self::Pg(c) => {
                diesel::sql_query("SELECT datname::text AS name FROM pg_database WHERE datname LIKE $1")
                    .bind::<Text, _>(&pattern)
                    .load::<Name>(c)
                    .await
            }
            Self::Mysql(c) => {
                diesel::sql_query(
                    "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?",
                )
                .bind::<Text, _>(&pattern)
                .load::<Name>(c)
                .await
            }
        };
        names
            .map(|v| v.into_iter().map(|n| n.name).collect())
            .map_err(|e| AppError::Internal(format!("listing test databases: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_get_the_new_database() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("mysql://root@127.0.0.1:3306", "x"),
            "mysql://root@127.0.0.1:3306/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
    }

    #[test]
    fn only_old_test_databases_are_leftovers() {
        let now = 1_800_000_000;
        assert!(is_leftover("docnum_test_1799990000_abc", now));
        assert!(!is_leftover("docnum_test_1799999000_abc", now));
        assert!(!is_leftover("docnum_prod", now));
        assert!(!is_leftover("docnum_test_x_abc", now));
    }
}
