//! Guarded schema changes, on a SQLite file with the real binary:
//! `docnum migrate` says what it applied, `--dry-run` what it would,
//! `migrate status` the state; a schema whose compatibility level is above
//! this binary's version is refused with the version it needs, while a
//! newer migration whose level this binary meets (a rolling upgrade) is
//! served.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{SECRET, TestServer, binary};
use diesel::connection::SimpleConnection as _;
use diesel::{Connection as _, SqliteConnection};
use serde_json::json;

/// A migration a later docnum applied (as diesel records its version).
const FUTURE: &str = "29990101000000";

fn docnum(dir: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .env("DATABASE_URL", database_url(dir))
        .env("DOCNUM_JWT_SECRET", SECRET)
        .env("DOCNUM_DB_WAIT", "0")
        .current_dir(dir)
        .output()
        .unwrap()
}

fn database_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("docnum.db").display())
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs SQL on the file, as a later docnum's migration would.
fn sql(dir: &Path, statements: &str) {
    let mut conn = SqliteConnection::establish(dir.join("docnum.db").to_str().unwrap()).unwrap();
    conn.batch_execute(statements).unwrap();
}

#[test]
fn migrate_says_what_it_applies_and_would_apply() {
    let dir = tempfile::tempdir().unwrap();
    let dry = docnum(dir.path(), &["migrate", "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(
        stdout(&dry),
        "would apply 2025-01-01-000000_init\n\
         would apply 2026-12-03-000000_schema_compat\n\
         would apply 2026-12-05-000000_number_keys\n\
         3 migration(s) would be applied (dry run: nothing changed)\n"
    );
    assert!(
        !dir.path().join("docnum.db").exists(),
        "a dry run created the file"
    );

    let applied = docnum(dir.path(), &["migrate"]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    assert_eq!(
        stdout(&applied),
        "applied 2025-01-01-000000_init\n\
         applied 2026-12-03-000000_schema_compat\n\
         applied 2026-12-05-000000_number_keys\n\
         3 migration(s) applied\n\
         data step number_keys done (0 look-alike group(s) kept, 0 counter(s) merged)\n"
    );
    let again = docnum(dir.path(), &["migrate"]);
    assert_eq!(
        stdout(&again),
        "schema is up to date: no migration applied\n"
    );
    let dry = docnum(dir.path(), &["migrate", "--dry-run"]);
    assert_eq!(stdout(&dry), "schema is up to date: nothing to apply\n");

    let status = docnum(dir.path(), &["migrate", "status"]);
    assert!(status.status.success(), "{}", stderr(&status));
    let text = stdout(&status);
    assert!(text.contains("applied  2025-01-01-000000_init\n"), "{text}");
    assert!(
        text.contains("applied  2026-12-03-000000_schema_compat\n"),
        "{text}"
    );
    assert!(
        text.contains("compatibility level: docnum 0.2.0 or newer"),
        "{text}"
    );
    assert!(text.contains(": up to date"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schema_above_the_binary_s_level_is_refused_naming_the_version() {
    let dir = tempfile::tempdir().unwrap();
    assert!(docnum(dir.path(), &["migrate"]).status.success());

    // A later docnum added a migration that older binaries can run against
    // (it keeps the level): this one still serves, as in a rolling upgrade.
    sql(
        dir.path(),
        &format!(
            "INSERT INTO __diesel_schema_migrations (version) VALUES ('{FUTURE}');
             INSERT INTO docnum_schema_compat (migration, min_version) VALUES ('{FUTURE}', '0.1.0');"
        ),
    );
    let url = database_url(dir.path());
    let server = TestServer::start_on(dir, url, &[]);
    server.create_cor().await;
    server
        .reserve(&server.admin(), json!({"document_type": "COR"}))
        .await;
    let (dir, _) = server.crash();
    let status = docnum(dir.path(), &["migrate", "status"]);
    assert!(
        stdout(&status).contains(&format!("newer    {FUTURE} (applied by a newer docnum)")),
        "{}",
        stdout(&status)
    );

    // The later migration needs docnum 99.0.0: this binary refuses to
    // serve, to run admin commands and to migrate, and says what it needs.
    sql(
        dir.path(),
        &format!(
            "UPDATE docnum_schema_compat SET min_version = '99.0.0' WHERE migration = '{FUTURE}';"
        ),
    );
    for args in [&["serve", "--port", "0"][..], &["status"], &["migrate"]] {
        let refused = docnum(dir.path(), args);
        assert_eq!(
            refused.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&refused)
        );
        let err = stderr(&refused);
        assert!(
            err.contains(&format!(
                "migration {FUTURE} needs docnum 99.0.0 or newer, this is docnum 0.2.0"
            )),
            "{args:?}: {err}"
        );
        assert!(!stdout(&refused).contains("listening"), "{args:?}");
    }
    let status = docnum(dir.path(), &["migrate", "status"]);
    assert!(status.status.success(), "{}", stderr(&status));
    let text = stdout(&status);
    assert!(
        text.contains(&format!(
            "compatibility level: docnum 99.0.0 or newer (set by {FUTURE})"
        )),
        "{text}"
    );
    assert!(text.contains("cannot run against it"), "{text}");

    // A migration of a later docnum that states no level is refused too.
    sql(
        dir.path(),
        &format!("DELETE FROM docnum_schema_compat WHERE migration = '{FUTURE}';"),
    );
    let refused = docnum(dir.path(), &["serve", "--port", "0"]);
    assert!(
        stderr(&refused).contains("state no compatibility level"),
        "{}",
        stderr(&refused)
    );
}
