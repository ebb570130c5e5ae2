//! How database failures become [`AppError`]s (shared by every dialect).
//!
//! Inside the store, operations return [`StoreError`]: a Diesel error, a
//! pool failure, or an [`AppError`] already decided by the operation (a
//! guarded update that found nothing, a unique violation translated at the
//! insert that knows which number it was inserting). At the port boundary
//! [`StoreError::into_app`] turns the rest into the application's vocabulary:
//!
//! * a busy/locked database, a pool timeout, a lost connection →
//!   [`AppError::Unavailable`] (transient: the caller may retry);
//! * anything else, including a unique violation nobody expected and a row
//!   that does not decode (unknown state, bad JSON) → [`AppError::Internal`],
//!   logged once here with `tracing::error!`; its text never reaches clients.
//!
//! Unique violations are recognised by [`unique_violation`], which knows the
//! index names the migrations give (PostgreSQL reports the constraint name,
//! MySQL names the key in its message) and the column lists SQLite reports
//! (`UNIQUE constraint failed: issued_numbers.namespace, …`).

use std::fmt::Display;

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use docnum_application::AppError;
use docnum_domain::DomainError;

/// A failure inside the store, before it is translated for the application.
#[derive(Debug)]
pub(crate) enum StoreError {
    /// The database (driver) said no.
    Db(DieselError),
    /// No connection could be had from the pool (timeout, connect failure).
    Pool(String),
    /// The operation has already decided what to tell the application.
    App(AppError),
    /// A number being inserted already exists in its namespace (the
    /// `(namespace, document_number)` unique index said so). A draw is
    /// then rolled back and redone past the collision; anywhere else it is
    /// the NB005 it carries.
    Collided(AppError),
}

impl From<DieselError> for StoreError {
    fn from(e: DieselError) -> Self {
        Self::Db(e)
    }
}

impl From<AppError> for StoreError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl From<DomainError> for StoreError {
    fn from(e: DomainError) -> Self {
        Self::App(AppError::Domain(e))
    }
}

impl StoreError {
    /// A stored value that does not decode: a bug or tampering.
    pub(crate) fn corrupt(what: impl Display) -> Self {
        Self::App(AppError::Internal(format!("corrupted data: {what}")))
    }

    /// The application's error for this failure; unexpected ones are logged.
    pub(crate) fn into_app(self) -> AppError {
        let app = match self {
            Self::App(e) | Self::Collided(e) => e,
            Self::Pool(msg) => AppError::Unavailable(msg),
            Self::Db(e) => from_diesel(&e),
        };
        if let AppError::Internal(msg) = &app {
            tracing::error!(error = %msg, "database store failure");
        }
        app
    }
}

fn from_diesel(e: &DieselError) -> AppError {
    match e {
        DieselError::DatabaseError(kind, info) => {
            let msg = info.message();
            if is_busy(msg) {
                return AppError::Unavailable("the database is locked by another writer".into());
            }
            if is_timeout(msg) {
                return AppError::Unavailable(format!(
                    "the database did not answer in time: {msg}"
                ));
            }
            if is_connection_lost(msg) {
                return AppError::Unavailable(format!("lost the database connection: {msg}"));
            }
            match kind {
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand => {
                    AppError::Unavailable(format!("lost the database connection: {msg}"))
                }
                DatabaseErrorKind::SerializationFailure => {
                    AppError::Unavailable("concurrent update conflict".into())
                }
                _ => AppError::Internal(format!("database error ({kind:?}): {msg}")),
            }
        }
        DieselError::BrokenTransactionManager => {
            AppError::Unavailable("the database connection is in a broken state".into())
        }
        other => AppError::Internal(format!("database error: {other}")),
    }
}

/// SQLite's SQLITE_BUSY / SQLITE_LOCKED, MySQL's lock wait timeout and
/// deadlock, PostgreSQL's lock timeout: the caller may retry.
fn is_busy(msg: &str) -> bool {
    let m = msg.to_ascii_lowercase();
    m.contains("database is locked")
        || m.contains("database table is locked")
        || m.contains("database is busy")
        || m.contains("lock wait timeout")
        || m.contains("deadlock")
        || m.contains("lock timeout")
}

/// A statement the server cut short: PostgreSQL's `statement_timeout`,
/// MariaDB's `max_statement_time`, MySQL's `max_execution_time`.
fn is_timeout(msg: &str) -> bool {
    let m = msg.to_ascii_lowercase();
    m.contains("statement timeout")
        || m.contains("max_statement_time")
        || m.contains("maximum statement execution time exceeded")
        || m.contains("query execution was interrupted")
}

/// The connection broke or the server is going away: the driver's I/O
/// errors (mysql_async reports them as "Input/output error" or "Driver
/// error"; tokio-postgres errors without SQLSTATE are already
/// `UnableToSendCommand`) and the server's own shutdown notices.
fn is_connection_lost(msg: &str) -> bool {
    let m = msg.to_ascii_lowercase();
    [
        "input/output error",
        "driver error",
        "connection closed",
        "connection reset",
        "connection refused",
        "broken pipe",
        "server has gone away",
        "lost connection",
        "terminating connection",
        "the database system is shutting down",
        "the database system is starting up",
        "the database system is in recovery mode",
        "server shutdown in progress",
        "unexpected eof",
    ]
    .iter()
    .any(|needle| m.contains(needle))
}

/// The unique indexes of `issued_numbers` (named alike on every dialect).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UniqueIndex {
    /// `ux_issued_numbers_token`.
    Token,
    /// `ux_issued_numbers_namespace_number`: the rendered number is taken.
    NamespaceNumber,
    /// `ux_issued_numbers_counter_value`: the sequence value is taken.
    CounterValue,
    /// `ux_issued_numbers_idempotency`: the key was claimed before.
    Idempotency,
    /// Another unique constraint (a primary key).
    Other,
}

/// Which unique index `e` violated, when it is a unique violation.
pub(crate) fn unique_violation(e: &StoreError) -> Option<UniqueIndex> {
    let StoreError::Db(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info)) = e
    else {
        return None;
    };
    let named = [
        ("ux_issued_numbers_idempotency", UniqueIndex::Idempotency),
        (
            "ux_issued_numbers_namespace_number",
            UniqueIndex::NamespaceNumber,
        ),
        // A number that looks the same as one issued: taken all the same.
        (
            "ux_issued_numbers_namespace_key",
            UniqueIndex::NamespaceNumber,
        ),
        ("ux_issued_numbers_counter_value", UniqueIndex::CounterValue),
        ("ux_issued_numbers_token", UniqueIndex::Token),
    ];
    let constraint = info.constraint_name().unwrap_or_default();
    let message = info.message();
    for (name, index) in named {
        if constraint == name || message.contains(name) {
            return Some(index);
        }
    }
    // SQLite: "UNIQUE constraint failed: issued_numbers.namespace, issued_numbers.document_number"
    let columns = [
        ("issued_numbers.idempotency_user", UniqueIndex::Idempotency),
        ("issued_numbers.namespace", UniqueIndex::NamespaceNumber),
        ("issued_numbers.counter_key", UniqueIndex::CounterValue),
        ("issued_numbers.token", UniqueIndex::Token),
    ];
    for (column, index) in columns {
        if message.contains(column) {
            return Some(index);
        }
    }
    Some(UniqueIndex::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Info(&'static str, Option<&'static str>);

    impl diesel::result::DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.0
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            self.1
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    fn db(
        kind: DatabaseErrorKind,
        msg: &'static str,
        constraint: Option<&'static str>,
    ) -> StoreError {
        StoreError::Db(DieselError::DatabaseError(
            kind,
            Box::new(Info(msg, constraint)),
        ))
    }

    fn unique(msg: &'static str, constraint: Option<&'static str>) -> Option<UniqueIndex> {
        unique_violation(&db(DatabaseErrorKind::UniqueViolation, msg, constraint))
    }

    #[test]
    fn sqlite_unique_messages_name_the_index_by_columns() {
        assert_eq!(
            unique(
                "UNIQUE constraint failed: issued_numbers.namespace, issued_numbers.document_number",
                None
            ),
            Some(UniqueIndex::NamespaceNumber)
        );
        assert_eq!(
            unique(
                "UNIQUE constraint failed: issued_numbers.idempotency_user, issued_numbers.idempotency_key",
                None
            ),
            Some(UniqueIndex::Idempotency)
        );
        assert_eq!(
            unique(
                "UNIQUE constraint failed: issued_numbers.counter_key, issued_numbers.seq_value",
                None
            ),
            Some(UniqueIndex::CounterValue)
        );
        assert_eq!(
            unique("UNIQUE constraint failed: series.document_type", None),
            Some(UniqueIndex::Other)
        );
    }

    #[test]
    fn postgres_and_mysql_name_the_index() {
        assert_eq!(
            unique("duplicate key", Some("ux_issued_numbers_counter_value")),
            Some(UniqueIndex::CounterValue)
        );
        assert_eq!(
            unique(
                "Duplicate entry 'a-b' for key 'issued_numbers.ux_issued_numbers_namespace_number'",
                None
            ),
            Some(UniqueIndex::NamespaceNumber)
        );
    }

    #[test]
    fn busy_is_unavailable_and_the_rest_internal() {
        let busy = db(DatabaseErrorKind::Unknown, "database is locked", None);
        assert!(matches!(busy.into_app(), AppError::Unavailable(_)));
        assert!(unique_violation(&db(DatabaseErrorKind::Unknown, "x", None)).is_none());
        let other = db(DatabaseErrorKind::CheckViolation, "CHECK failed", None);
        assert!(matches!(other.into_app(), AppError::Internal(_)));
        let pool = StoreError::Pool("timed out".into());
        assert!(matches!(pool.into_app(), AppError::Unavailable(_)));
    }

    #[test]
    fn server_outages_and_timeouts_are_unavailable() {
        for msg in [
            "Input/output error: Connection reset by peer (os error 104)",
            "Driver error: `Connection to the server is closed.'",
            "terminating connection due to administrator command",
            "the database system is shutting down",
            "canceling statement due to statement timeout",
            "Query execution was interrupted (max_statement_time exceeded)",
            "Lock wait timeout exceeded; try restarting transaction",
            "Deadlock found when trying to get lock; try restarting transaction",
        ] {
            let e = db(DatabaseErrorKind::Unknown, msg, None);
            assert!(matches!(e.into_app(), AppError::Unavailable(_)), "{msg}");
        }
        let lost = db(
            DatabaseErrorKind::UnableToSendCommand,
            "connection closed",
            None,
        );
        assert!(matches!(lost.into_app(), AppError::Unavailable(_)));
    }
}
