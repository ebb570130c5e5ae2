//! The least-privilege setup docs/deployment.md gives, run as written: its
//! `CREATE ROLE`/`GRANT`/`ALTER DEFAULT PRIVILEGES` SQL (PostgreSQL, through
//! `psql`) and `CREATE USER`/`GRANT` SQL (MariaDB, through `mariadb`), then
//! `docnum serve` as the DML-only user — refused with a clear message while
//! the schema is behind, serving once the owner ran `docnum migrate`.
//!
//! Each test creates its own database and users (names unique to the run)
//! and drops them afterwards. Runs on the servers `DOCNUM_TEST_POSTGRES_URL`
//! and `DOCNUM_TEST_MYSQL_URL` name; without a variable there is nothing to
//! run on, with it set and the server unreachable the test fails.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::support::{SECRET, TestServer, binary};
use docnum_adapters::testing::server_url;
use serde_json::json;

/// The SQL block that follows `<!-- sql: NAME -->` in docs/deployment.md.
fn documented_sql(name: &str) -> String {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/deployment.md"),
    )
    .unwrap();
    let marker = format!("<!-- sql: {name} -->");
    let after = &doc[doc.find(&marker).unwrap_or_else(|| panic!("no {marker}")) + marker.len()..];
    let start = after.find("```sql\n").unwrap() + "```sql\n".len();
    let end = after[start..].find("```").unwrap();
    after[start..start + end].to_owned()
}

/// Unique names for one run: the database (in the harness's
/// `docnum_test_<secs>_` form, so a later run sweeps it if this one was
/// killed), the owner and the application user.
struct Names {
    db: String,
    owner: String,
    app: String,
}

impl Names {
    fn new() -> Self {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let random = &uuid::Uuid::new_v4().simple().to_string()[..10];
        Self {
            db: format!("docnum_test_{secs}_{random}"),
            owner: format!("dn_owner_{random}"),
            app: format!("dn_app_{random}"),
        }
    }

    /// The documented SQL with this run's names.
    fn apply(&self, sql: &str) -> String {
        sql.replace("docnum_owner", &self.owner)
            .replace("docnum_app", &self.app)
            .replace("DATABASE docnum", &format!("DATABASE {}", self.db))
            .replace("\\connect docnum", &format!("\\connect {}", self.db))
            .replace("docnum.*", &format!("{}.*", self.db))
    }
}

/// `server` (a test server URL) with other credentials and database.
fn url_as(server: &str, user: &str, password: &str, db: &str) -> String {
    let (scheme, rest) = server.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let host = host.split('/').next().unwrap();
    format!("{scheme}://{user}:{password}@{host}/{db}")
}

/// Runs a client program with `sql` on its standard input; panics with its
/// output when it fails.
fn run_sql(mut cmd: Command, sql: &str) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(sql.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{sql}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn psql(server: &str) -> Command {
    let mut cmd = Command::new("psql");
    cmd.args([server, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"]);
    cmd
}

fn mariadb(server: &str) -> Command {
    let (_, rest) = server.split_once("://").unwrap();
    let (creds, host) = rest.rsplit_once('@').unwrap_or(("root", rest));
    let (user, password) = creds.split_once(':').unwrap_or((creds, ""));
    let host = host.split('/').next().unwrap();
    let (host, port) = host.split_once(':').unwrap_or((host, "3306"));
    let mut cmd = Command::new("mariadb");
    cmd.args(["-h", host, "-P", port, "-u", user, "--batch"]);
    if !password.is_empty() {
        cmd.arg(format!("-p{password}"));
    }
    cmd
}

/// Drops the run's database and users, whatever the test's outcome.
struct Cleanup {
    cmd: Box<dyn Fn() -> Command>,
    sql: String,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let mut cmd = (self.cmd)();
        if let Ok(mut child) = cmd.stdin(Stdio::piped()).stdout(Stdio::null()).spawn() {
            if let Some(mut stdin) = child.stdin.take() {
                let _ = stdin.write_all(self.sql.as_bytes());
            }
            let _ = child.wait();
        }
    }
}

fn docnum(database_url: &str, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(binary())
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("DOCNUM_JWT_SECRET", SECRET)
        .env("DOCNUM_DB_WAIT", "0")
        .current_dir(dir.path())
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

/// The walk a new operator takes: the DML-only user is refused while the
/// schema is behind, the owner migrates (and is told what was applied),
/// then the DML-only user serves and runs an admin command.
async fn dml_only_user_serves(owner_url: &str, app_url: &str) {
    let refused = docnum(app_url, &["serve", "--port", "0"]);
    assert!(!refused.status.success(), "{}", text(&refused));
    assert!(
        text(&refused).contains("run `docnum migrate` as the schema owner"),
        "{}",
        text(&refused)
    );

    let migrated = docnum(owner_url, &["migrate"]);
    assert!(migrated.status.success(), "{}", text(&migrated));
    let out = String::from_utf8_lossy(&migrated.stdout);
    assert!(out.contains("applied 2025-01-01-000000_init"), "{out}");
    assert!(
        out.contains("applied 2026-12-03-000000_schema_compat"),
        "{out}"
    );

    // Nothing pending: no DDL right needed.
    let status = docnum(app_url, &["migrate", "status"]);
    assert!(status.status.success(), "{}", text(&status));
    assert!(text(&status).contains("up to date"), "{}", text(&status));

    let server = TestServer::start_on(tempfile::tempdir().unwrap(), app_url.to_owned(), &[]);
    server.create_cor().await;
    let token = server.admin();
    let reserved = server
        .reserve(&token, json!({"document_type": "COR"}))
        .await;
    let (status, body) = server
        .post(&token, "/confirm", json!({"token": reserved["token"]}))
        .await;
    assert_eq!(status, 200, "{body}");
    drop(server);

    let admin = docnum(app_url, &["status"]);
    assert!(admin.status.success(), "{}", text(&admin));
    assert!(text(&admin).contains("COR"), "{}", text(&admin));
}

async fn postgres_dml_only_user_from_the_documented_sql() {
    let server = server_url("DOCNUM_TEST_POSTGRES_URL");
    let names = Names::new();
    let _cleanup = Cleanup {
        cmd: {
            let server = server.clone();
            Box::new(move || psql(&server))
        },
        sql: format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE);\nDROP ROLE IF EXISTS {};\nDROP ROLE IF EXISTS {};\n",
            names.db, names.app, names.owner
        ),
    };
    run_sql(
        psql(&server),
        &names.apply(&documented_sql("postgres-roles")),
    );
    let owner = url_as(&server, &names.owner, "owner-password", &names.db);
    let app = url_as(&server, &names.app, "app-password", &names.db);
    dml_only_user_serves(&owner, &app).await;
}

async fn mariadb_dml_only_user_from_the_documented_sql() {
    let server = server_url("DOCNUM_TEST_MYSQL_URL");
    let names = Names::new();
    let _cleanup = Cleanup {
        cmd: {
            let server = server.clone();
            Box::new(move || mariadb(&server))
        },
        sql: format!(
            "DROP DATABASE IF EXISTS {};\nDROP USER IF EXISTS '{}'@'%';\nDROP USER IF EXISTS '{}'@'%';\n",
            names.db, names.app, names.owner
        ),
    };
    run_sql(
        mariadb(&server),
        &names.apply(&documented_sql("mariadb-users")),
    );
    let owner = url_as(&server, &names.owner, "owner-password", &names.db);
    let app = url_as(&server, &names.app, "app-password", &names.db);
    dml_only_user_serves(&owner, &app).await;
}

/// Needs the server `DOCNUM_TEST_POSTGRES_URL` names.
mod needs_postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_dml_only_user_from_the_documented_sql() {
        super::postgres_dml_only_user_from_the_documented_sql().await;
    }
}

/// Needs the server `DOCNUM_TEST_MYSQL_URL` names.
mod needs_mysql {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn mariadb_dml_only_user_from_the_documented_sql() {
        super::mariadb_dml_only_user_from_the_documented_sql().await;
    }
}
