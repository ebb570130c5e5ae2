//! Whether a database's schema fits this binary, read without changing it,
//! and the guarded way to bring it up to date.
//!
//! Diesel's migration harness creates its `__diesel_schema_migrations`
//! table "if not exists" before it even lists what was applied, which needs
//! the right to create tables. A service running as a user with only
//! SELECT/INSERT/UPDATE/DELETE must not need that right when the schema is
//! already current, so the state is read here with plain SELECTs (the
//! tables' existence from the catalogue first), and the harness runs only
//! when something is pending.
//!
//! # Compatibility levels
//!
//! Every migration writes a row into `docnum_schema_compat`: its version
//! and the oldest docnum version that can run against the schema once it
//! is applied. A migration that only adds what older binaries never look at
//! keeps the level where it was, so during a rolling upgrade the old and
//! the new binary run side by side; a binary older than the highest level
//! refuses to start and names the version it needs. Migrations applied by
//! a newer binary that this one does not know are fine as long as their
//! level allows it.

use std::cmp::Ordering;
use std::path::Path;

use diesel::QueryableByName;
use diesel::migration::MigrationSource;
use diesel::query_builder::SqlQuery;
use diesel::sql_types::Text;
use diesel_async::methods::LoadQuery;
use diesel_async::{AsyncConnectionCore, RunQueryDsl};
use docnum_application::{AppError, InvalidReason};

use crate::db::options::{Dialect, PoolOptions};
use crate::db::server::{self, ServerStore};
use crate::db::{MysqlStore, PgStore, mysql, sqlite};

/// This binary's version, compared with the schema's compatibility level.
pub const BINARY_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Diesel's table of applied migrations.
const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";
/// The table of compatibility levels, one row per migration.
const COMPAT_TABLE: &str = "docnum_schema_compat";

/// The state of a database's schema as this binary sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaStatus {
    /// This binary's migrations already applied (names, oldest first).
    pub applied: Vec<String>,
    /// This binary's migrations not applied yet (names, oldest first).
    pub pending: Vec<String>,
    /// Applied migrations this binary does not know (versions): a newer
    /// binary applied them.
    pub unknown: Vec<String>,
    /// Compatibility levels: (migration version, oldest docnum version
    /// that runs against it).
    pub levels: Vec<(String, String)>,
}

impl SchemaStatus {
    /// Whether nothing is pending.
    pub fn is_current(&self) -> bool {
        self.pending.is_empty()
    }

    /// The highest compatibility level and the migration that set it.
    pub fn required(&self) -> Option<(&str, &str)> {
        self.levels
            .iter()
            .max_by(|a, b| compare_versions(&a.1, &b.1))
            .map(|(migration, version)| (version.as_str(), migration.as_str()))
    }

    /// Refuses a schema this binary cannot run against: one whose level is
    /// above [`BINARY_VERSION`], or one with migrations this binary does
    /// not know that state no level.
    pub fn check_compatible(&self) -> Result<(), AppError> {
        check_level(self, BINARY_VERSION)
    }

    /// The migrations that would be applied, for an error message.
    fn pending_list(&self) -> String {
        self.pending.join(", ")
    }
}

/// [`SchemaStatus::check_compatible`] for a given binary version.
fn check_level(status: &SchemaStatus, binary: &str) -> Result<(), AppError> {
    if let Some((needed, migration)) = status.required()
        && compare_versions(needed, binary) == Ordering::Greater
    {
        return Err(AppError::invalid(
            "database schema",
            InvalidReason::SchemaTooNew {
                migration: migration.to_owned(),
                needed: needed.to_owned(),
                binary: binary.to_owned(),
            },
        ));
    }
    let unlevelled: Vec<&str> = status
        .unknown
        .iter()
        .filter(|v| !status.levels.iter().any(|(m, _)| m == *v))
        .map(String::as_str)
        .collect();
    if !unlevelled.is_empty() {
        return Err(AppError::invalid(
            "database schema",
            InvalidReason::SchemaUnlevelled {
                migrations: unlevelled.join(", "),
                binary: binary.to_owned(),
            },
        ));
    }
    Ok(())
}

/// Compares `major.minor.patch` versions numerically (a missing or
/// non-numeric part counts as 0; a pre-release suffix is ignored).
fn compare_versions(a: &str, b: &str) -> Ordering {
    fn parts(v: &str) -> [u64; 3] {
        let mut out = [0; 3];
        let core = v.trim().split(['-', '+']).next().unwrap_or_default();
        for (slot, part) in out.iter_mut().zip(core.split('.')) {
            *slot = part.parse().unwrap_or(0);
        }
        out
    }
    parts(a).cmp(&parts(b))
}

/// The schema's state, read with SELECTs only (nothing is created).
pub async fn schema_status(url: &str, options: PoolOptions) -> Result<SchemaStatus, AppError> {
    let dialect = Dialect::of_url(url)?;
    let raw = read_raw(dialect, url, options).await?;
    Ok(classify(known(dialect)?, raw))
}

/// Brings the schema up to date if it is behind, under the dialect's
/// migration lock; returns the names of the migrations applied (none when
/// the schema was current: then nothing needing a DDL right is run).
/// Refuses a schema above this binary's compatibility level, and says to
/// run `docnum migrate` as the schema owner when this user may not apply
/// what is pending.
pub(crate) async fn ensure_current(
    dialect: Dialect,
    url: &str,
    options: PoolOptions,
) -> Result<Vec<String>, AppError> {
    let status = classify(known(dialect)?, read_raw(dialect, url, options).await?);
    status.check_compatible()?;
    if !status.unknown.is_empty() {
        tracing::info!(
            migrations = %status.unknown.join(", "),
            "the schema has migrations of a newer docnum; their compatibility level allows this one"
        );
    }
    if status.is_current() {
        return Ok(Vec::new());
    }
    let applied = match dialect {
        Dialect::Postgres => server::migrate::<PgStore>(url, options).await,
        Dialect::Mysql => server::migrate::<MysqlStore>(&mysql::driver_url(url), options).await,
        Dialect::Sqlite => sqlite::run_migrations(sqlite::sqlite_path(url)?).await,
    };
    let versions = match applied {
        Ok(versions) => versions,
        Err(e) if is_permission_error(&e.to_string()) => {
            return Err(AppError::invalid(
                "database schema",
                InvalidReason::SchemaBehind {
                    pending: status.pending_list(),
                    detail: e.to_string(),
                },
            ));
        }
        Err(e) => return Err(e),
    };
    let names = names_of(dialect, &versions)?;
    if !names.is_empty() {
        tracing::info!(migrations = %names.join(", "), "applied migrations");
    }
    Ok(names)
}

/// Whether a migration failed for want of a privilege (PostgreSQL,
/// MariaDB/MySQL, a read-only SQLite file).
fn is_permission_error(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "permission denied",
        "must be owner",
        "command denied",
        "access denied",
        "readonly database",
    ]
    .iter()
    .any(|needle| m.contains(needle))
}

/// This binary's migrations for `dialect`: (version, name), oldest first.
fn known(dialect: Dialect) -> Result<Vec<(String, String)>, AppError> {
    fn list<DB: diesel::backend::Backend>(
        source: &impl MigrationSource<DB>,
    ) -> Result<Vec<(String, String)>, AppError> {
        let mut all: Vec<(String, String)> = source
            .migrations()
            .map_err(|e| AppError::Internal(format!("cannot list the migrations: {e}")))?
            .iter()
            .map(|m| (m.name().version().to_string(), m.name().to_string()))
            .collect();
        all.sort();
        Ok(all)
    }
    match dialect {
        Dialect::Postgres => list::<diesel::pg::Pg>(&<PgStore as ServerStore>::MIGRATIONS),
        Dialect::Mysql => list::<diesel::mysql::Mysql>(&<MysqlStore as ServerStore>::MIGRATIONS),
        Dialect::Sqlite => list::<diesel::sqlite::Sqlite>(&sqlite::MIGRATIONS),
    }
}

/// The names of the migrations with these versions.
fn names_of(dialect: Dialect, versions: &[String]) -> Result<Vec<String>, AppError> {
    let known = known(dialect)?;
    Ok(versions
        .iter()
        .map(|v| {
            known
                .iter()
                .find(|(k, _)| k == v)
                .map_or_else(|| v.clone(), |(_, name)| name.clone())
        })
        .collect())
}

/// What the database holds: applied versions (`None`: no migrations table
/// yet) and compatibility levels.
#[derive(Debug, Default)]
struct Raw {
    applied: Option<Vec<String>>,
    levels: Vec<(String, String)>,
}

/// Sorts the database's applied versions against this binary's list.
fn classify(known: Vec<(String, String)>, raw: Raw) -> SchemaStatus {
    let applied_versions = raw.applied.unwrap_or_default();
    let unknown = applied_versions
        .iter()
        .filter(|v| !known.iter().any(|(k, _)| k == *v))
        .cloned()
        .collect();
    let (applied, pending): (Vec<_>, Vec<_>) = known
        .into_iter()
        .partition(|(v, _)| applied_versions.contains(v));
    SchemaStatus {
        applied: applied.into_iter().map(|(_, n)| n).collect(),
        pending: pending.into_iter().map(|(_, n)| n).collect(),
        unknown,
        levels: raw.levels,
    }
}

/// One row of two text columns (`a`, `b`).
#[derive(Debug, QueryableByName)]
struct Pair {
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Text)]
    b: String,
}

/// Reads the migrations table and the compatibility levels on one
/// connection of the dialect.
async fn read_raw(dialect: Dialect, url: &str, options: PoolOptions) -> Result<Raw, AppError> {
    let unreachable = |e: &dyn std::fmt::Display| {
        let message = e.to_string();
        // Waiting would not mend a certificate or a TLS setting.
        if message.contains(crate::tls::TLS_FAILED) {
            AppError::invalid(
                "database connection",
                InvalidReason::ConnectionTls { detail: message },
            )
        } else {
            AppError::Unavailable(format!("cannot connect to the database: {message}"))
        }
    };
    let within = options.connect_timeout;
    let read = match dialect {
        Dialect::Postgres => {
            let mut conn = tokio::time::timeout(
                within,
                <PgStore as ServerStore>::open(url.to_owned(), options),
            )
            .await
            .map_err(|_| unreachable(&"connect timeout"))?
            .map_err(|e| unreachable(&e))?;
            read_with(
                &mut conn,
                "SELECT CAST(table_name AS TEXT) AS a, CAST(table_name AS TEXT) AS b \
                 FROM information_schema.tables WHERE table_schema = current_schema()",
            )
            .await
        }
        Dialect::Mysql => {
            let url = mysql::driver_url(url);
            let mut conn =
                tokio::time::timeout(within, <MysqlStore as ServerStore>::open(url, options))
                    .await
                    .map_err(|_| unreachable(&"connect timeout"))?
                    .map_err(|e| unreachable(&e))?;
            read_with(
                &mut conn,
                "SELECT CAST(table_name AS CHAR) AS a, CAST(table_name AS CHAR) AS b \
                 FROM information_schema.tables WHERE table_schema = DATABASE()",
            )
            .await
        }
        Dialect::Sqlite => {
            let path = sqlite::sqlite_path(url)?;
            // A file not there yet has no schema; opening it would create it.
            if !path.starts_with("file:") && !Path::new(&path).exists() {
                return Ok(Raw::default());
            }
            let mut conn = sqlite::open(path).await.map_err(|e| unreachable(&e))?;
            read_with(
                &mut conn,
                "SELECT name AS a, name AS b FROM sqlite_master WHERE type = 'table'",
            )
            .await
        }
    };
    read.map_err(|e| crate::db::errors::StoreError::from(e).into_app())
}

/// The tables `tables_sql` lists, then the two tables' rows when present.
async fn read_with<C>(conn: &mut C, tables_sql: &str) -> diesel::QueryResult<Raw>
where
    C: AsyncConnectionCore,
    for<'q> SqlQuery: LoadQuery<'q, C, Pair>,
{
    let tables: Vec<Pair> = diesel::sql_query(tables_sql).load(conn).await?;
    let has = |name: &str| tables.iter().any(|t| t.a.eq_ignore_ascii_case(name));
    let mut raw = Raw::default();
    if has(MIGRATIONS_TABLE) {
        let rows: Vec<Pair> = diesel::sql_query(format!(
            "SELECT version AS a, version AS b FROM {MIGRATIONS_TABLE}"
        ))
        .load(conn)
        .await?;
        raw.applied = Some(rows.into_iter().map(|r| r.a).collect());
    }
    if has(COMPAT_TABLE) {
        let rows: Vec<Pair> = diesel::sql_query(format!(
            "SELECT migration AS a, min_version AS b FROM {COMPAT_TABLE}"
        ))
        .load(conn)
        .await?;
        raw.levels = rows.into_iter().map(|r| (r.a, r.b)).collect();
    }
    Ok(raw)
}

#[cfg(test)]
mod tests;
