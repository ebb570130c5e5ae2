//! The admin CLI on a fresh SQLite file without a server, and raw SQL on
//! that file (to corrupt it on purpose).

use std::path::PathBuf;
use std::process::{Command, Output};

use diesel::{Connection, RunQueryDsl, SqliteConnection};
use serde_json::Value;

/// A temporary directory with one SQLite database the CLI works on.
pub struct Db {
    /// Kept alive as long as the test.
    pub dir: tempfile::TempDir,
    /// `sqlite://…/docnum.db`.
    pub url: String,
    /// The file.
    pub path: PathBuf,
}

/// What a command printed and how it ended.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Standard output as JSON (panics with both streams if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): stdout {:?} stderr {:?}",
                self.stdout, self.stderr
            )
        })
    }

    /// Asserts exit code 0 and returns self.
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "stdout {} stderr {}",
            self.stdout, self.stderr
        );
        self
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Self {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Db {
    /// A fresh, migrated database.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("docnum.db");
        let url = format!("sqlite://{}", path.display());
        let db = Self { dir, url, path };
        db.run(&["migrate"]).ok();
        db
    }

    /// Runs `docnum ARGS` on this database as user `ops`.
    pub fn run(&self, args: &[&str]) -> Run {
        Command::new(super::binary())
            .args(args)
            .env("DATABASE_URL", &self.url)
            .env("USER", "ops")
            .env_remove("DOCNUM_TOKEN")
            .env_remove("NUMBERING_RESERVATION_TTL")
            .current_dir(self.dir.path())
            .output()
            .unwrap()
            .into()
    }

    /// Runs a command that must succeed and print JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        self.run(&all).ok().json()
    }

    /// Runs a command with `--json` that must end with `code`; its JSON.
    pub fn json_code(&self, args: &[&str], code: i32) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.run(&all);
        assert_eq!(
            out.code, code,
            "stdout {} stderr {}",
            out.stdout, out.stderr
        );
        out.json()
    }

    /// Creates a series (`--allow-manual-override` when `manual`).
    pub fn series(&self, document_type: &str, template: &str, scope: &str, manual: bool) {
        let mut args = vec![
            "series",
            "create",
            document_type,
            "--template",
            template,
            "--scope",
            scope,
        ];
        if manual {
            args.push("--allow-manual-override");
        }
        self.run(&args).ok();
    }

    /// Reserves a number with the CLI; returns (number, token).
    pub fn reserve(&self, args: &[&str]) -> (String, String) {
        let mut all = vec!["reserve"];
        all.extend_from_slice(args);
        let out = self.run(&all).ok();
        let (number, token) = out.stdout.trim().split_once('\t').unwrap();
        (number.to_owned(), token.to_owned())
    }

    /// Runs raw SQL statements on the file (outside docnum).
    pub fn sql(&self, statements: &[&str]) {
        let mut conn = SqliteConnection::establish(self.path.to_str().unwrap()).unwrap();
        for s in statements {
            diesel::sql_query(*s)
                .execute(&mut conn)
                .unwrap_or_else(|e| panic!("{s}: {e}"));
        }
    }

    /// One integer from a raw SQL query (`SELECT … AS n`).
    pub fn count(&self, query: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = SqliteConnection::establish(self.path.to_str().unwrap()).unwrap();
        diesel::sql_query(query)
            .get_result::<N>(&mut conn)
            .unwrap_or_else(|e| panic!("{query}: {e}"))
            .n
    }
}
