//! TLS to PostgreSQL and Redis, against real TLS servers the test starts
//! with a CA it makes (rcgen): a private PostgreSQL with `ssl = on` whose
//! `pg_hba.conf` rejects plain connections, and `redis-server --tls-port`.
//!
//! Reservations over `sslmode=verify-full`; `verify-full` refuses a
//! certificate for another host name where `verify-ca` accepts it; an
//! unknown CA ends the start at once with a message saying TLS failed;
//! `rediss://` with `REDIS_TLS_CA_FILE` locks through Redis, and without the
//! CA Redis is reported down (nothing panics).
//!
//! Runs when `DOCNUM_TEST_POSTGRES_URL` is set (PostgreSQL is part of the
//! test setup) with the server binaries (`initdb`, `pg_ctl`: the newest
//! `/usr/lib/postgresql/*/bin`, or `DOCNUM_TEST_PG_BINDIR`), and
//! `redis-server` when `DOCNUM_TEST_REDIS_URL` is set, and a private
//! `mariadbd` (Debian's build has TLS, OpenSSL) with
//! `require_secure_transport` when `DOCNUM_TEST_MYSQL_URL` is set.

mod mariadb;
mod pki;
mod postgres;
mod redis;

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{SECRET, binary};

fn output(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(out.status.success(), "{program} {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn docnum(dir: &Path, database_url: &str, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("DOCNUM_JWT_SECRET", SECRET)
        .env("DOCNUM_DB_WAIT", "600")
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Needs the server `DOCNUM_TEST_POSTGRES_URL` names.
mod needs_postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_over_verified_tls() {
        super::postgres::postgres_over_verified_tls().await;
    }
}

/// Needs the server `DOCNUM_TEST_REDIS_URL` names.
mod needs_redis {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn redis_over_verified_tls() {
        super::redis::redis_over_verified_tls().await;
    }
}

/// Needs the server `DOCNUM_TEST_MYSQL_URL` names.
mod needs_mysql {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn mariadb_over_verified_tls() {
        super::mariadb::mariadb_over_verified_tls().await;
    }
}
