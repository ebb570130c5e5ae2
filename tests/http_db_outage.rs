//! A database outage under load: a private PostgreSQL server, started by
//! the test on a port of its own, is stopped while clients reserve numbers
//! through the real `docnum serve`, then started again.
//!
//! While it is down every request fails cleanly with 503 NB014 and
//! `readyz` fails; when it is back the service recovers by itself (no
//! restart); no number was handed out twice, every number a client was
//! given was committed (it confirms afterwards), and every value the
//! counter passed is in the registry.
//!
//! In `needs_postgres` (PostgreSQL is part of the test setup; left out of
//! nextest's default run): it needs the server binaries (`initdb`,
//! `pg_ctl`: the newest `/usr/lib/postgresql/*/bin`, or
//! `DOCNUM_TEST_PG_BINDIR`) and fails without them.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::support::{TestServer, code, eventually, seq_of};

/// A PostgreSQL server of the test's own, in a temporary directory.
struct PrivatePostgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    /// Run the server as `postgres` (initdb refuses root).
    run_as_postgres: bool,
}

impl PrivatePostgres {
    fn init() -> Self {
        let bin = pg_bindir();
        let dir = tempfile::tempdir().unwrap();
        let run_as_postgres = output("id", &["-u"]).trim() == "0";
        if run_as_postgres {
            let uid = output("id", &["-u", "postgres"]).trim().parse().unwrap();
            let gid = output("id", &["-g", "postgres"]).trim().parse().unwrap();
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).unwrap();
        }
        let pg = Self {
            dir,
            bin,
            port: free_port(),
            run_as_postgres,
        };
        let data = pg.data();
        pg.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        pg
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("postgres.log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-l",
                &log,
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
    }

    fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let program = self.bin.join(tool);
        let mut cmd = if self.run_as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        let out = cmd
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{} {args:?} failed: {}{}",
            program.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let _ = Command::new(self.bin.join("pg_ctl"))
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
        if self.run_as_postgres {
            let _ = Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(self.bin.join("pg_ctl"))
                .args(["-D", &self.data(), "-m", "immediate", "stop"])
                .output();
        }
    }
}

/// The newest PostgreSQL server binaries on this machine.
fn pg_bindir() -> PathBuf {
    if let Ok(dir) = std::env::var("DOCNUM_TEST_PG_BINDIR") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    let Some((_, bin)) = found.pop() else {
        panic!(
            "no PostgreSQL server binaries were found \
             (install postgresql or set DOCNUM_TEST_PG_BINDIR)"
        )
    };
    bin
}

fn output(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(out.status.success(), "{program} {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// What the clients see, phase by phase.
const UP: u8 = 0;
const DOWN: u8 = 1;
/// Starting again: either answer is right.
const RESTARTING: u8 = 2;
const BACK: u8 = 3;
const DONE: u8 = 4;

/// One answer to a reserve.
struct Answer {
    phase: u8,
    status: u16,
    body: Value,
}

/// Every answer so far, in the order they came.
type Answers = Arc<Mutex<Vec<Answer>>>;

mod needs_postgres {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU8, Ordering};
    use std::time::Duration;

    use serde_json::json;

    use super::{Answer, Answers, BACK, DONE, DOWN, PrivatePostgres, RESTARTING, UP};
    use super::{answered, judge, readiness};
    use crate::support::{TestServer, code, eventually};

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn service_survives_a_database_outage() {
        let pg = PrivatePostgres::init();
        pg.start();
        let server = Arc::new(TestServer::start_on(
            tempfile::tempdir().unwrap(),
            pg.url(),
            &[
                ("DOCNUM_DB_POOL_SIZE", "4"),
                ("DOCNUM_DB_CONNECT_TIMEOUT", "1000"),
                ("DOCNUM_DB_STATEMENT_TIMEOUT", "5000"),
            ],
        ));
        server.create_cor().await;
        let token = server.token("load", &["numbering:reserve"]);
        let phase = Arc::new(AtomicU8::new(UP));
        let answers = Answers::default();

        // Four clients reserve without pause through the whole run.
        let clients: Vec<_> = (0..4)
            .map(|_| {
                let (server, token) = (server.clone(), token.clone());
                let (phase, answers) = (phase.clone(), answers.clone());
                tokio::spawn(async move {
                    loop {
                        let now = phase.load(Ordering::SeqCst);
                        if now == DONE {
                            return;
                        }
                        let (status, body) = server
                            .post(&token, "/reserve", json!({"document_type": "COR"}))
                            .await;
                        answers.lock().unwrap().push(Answer {
                            phase: now,
                            status,
                            body,
                        });
                        if status != 201 {
                            // Not a busy loop against a failing service.
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                    }
                })
            })
            .collect();

        answered(
            &answers,
            UP,
            |status| status == 201,
            "a reservation while up",
        )
        .await;
        pg.stop();
        phase.store(DOWN, Ordering::SeqCst);
        answered(
            &answers,
            DOWN,
            |status| status != 201,
            "a request while down",
        )
        .await;
        let body = eventually("readyz to fail while down", async || {
            let (status, body) = readiness(&server).await;
            (status == 503).then_some(body)
        })
        .await;
        assert_eq!(code(&body), "NB014", "readyz while down: {body}");

        phase.store(RESTARTING, Ordering::SeqCst);
        pg.start();
        eventually("readyz to recover once the database is back", async || {
            (readiness(&server).await.0 == 200).then_some(())
        })
        .await;
        phase.store(BACK, Ordering::SeqCst);
        answered(
            &answers,
            BACK,
            |status| status == 201,
            "a reservation once back",
        )
        .await;
        phase.store(DONE, Ordering::SeqCst);

        for c in clients {
            c.await.unwrap();
        }
        let answers = std::mem::take(&mut *answers.lock().unwrap());
        judge(&server, &token, &answers).await;
        drop(server);
    }
}

/// Waits until a client got an answer in `phase` whose status `fits`.
async fn answered(answers: &Answers, phase: u8, fits: impl Fn(u16) -> bool, what: &str) {
    eventually(what, async || {
        answers
            .lock()
            .unwrap()
            .iter()
            .any(|a| a.phase == phase && fits(a.status))
            .then_some(())
    })
    .await;
}

async fn judge(server: &TestServer, token: &str, answers: &[Answer]) {
    let mut numbers = BTreeSet::new();
    let mut tokens = Vec::new();
    let mut failed_while_down = 0;
    for a in answers {
        match a.status {
            201 => {
                let number = a.body["data"]["document_number"].as_str().unwrap();
                assert!(
                    numbers.insert(number.to_owned()),
                    "{number} handed out twice"
                );
                tokens.push(a.body["data"]["token"].as_str().unwrap().to_owned());
            }
            503 => {
                assert_eq!(code(&a.body), "NB014", "{}", a.body);
                failed_while_down += u32::from(a.phase == DOWN);
            }
            other => panic!("unexpected {other}: {}", a.body),
        }
    }
    for phase in [UP, DOWN, BACK] {
        let ok = answers
            .iter()
            .filter(|a| a.phase == phase && a.status == 201);
        match phase {
            UP | BACK => assert!(ok.count() > 0, "no reservation in phase {phase}"),
            _ => assert_eq!(
                ok.count(),
                0,
                "a reservation succeeded while the database was down"
            ),
        }
    }
    assert!(
        failed_while_down > 0,
        "no request was made while the database was down"
    );
    // Every number a client was given was committed: it confirms now.
    for t in &tokens {
        let (status, body) = server.post(token, "/confirm", json!({"token": t})).await;
        assert_eq!(status, 200, "confirm {t}: {body}");
    }
    // Every value the counter passed is in the registry (a reservation whose
    // answer was lost in the outage is there too, RESERVED), none twice.
    let (status, body) = server.get(&server.admin(), "/status/COR").await;
    assert_eq!(status, 200, "{body}");
    let current = body["data"]["current_value"].as_u64().unwrap();
    let rows: u64 = body["data"]["counts_by_state"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(rows, current, "{body}");
    let values: BTreeSet<u64> = numbers.iter().map(|n| seq_of(n)).collect();
    assert_eq!(values.len(), numbers.len());
    assert!(values.iter().all(|v| (1..=current).contains(v)));
}

async fn readiness(server: &TestServer) -> (u16, Value) {
    let resp = server
        .client
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .unwrap();
    crate::support::read(resp).await
}
