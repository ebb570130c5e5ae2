//! A patient start and `docnum token`'s secret, with the real binary.
//!
//! `serve` started before its database can be opened waits (bounded,
//! logged backoff), answers `/readyz` with what it waits for, and comes up
//! by itself once the database can be opened; `token` never invents a secret
//! for a server database.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::support::{SECRET, binary, read};
use serde_json::json;

/// Longest wait for a line the server is expected to print.
const LINE_WAIT: Duration = Duration::from_mins(1);

/// A `docnum serve` whose standard output lines arrive on a channel.
struct Serve {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn start(database_url: &str, env: &[(&str, &str)]) -> Self {
        let mut cmd = Command::new(binary());
        cmd.args(["serve", "--port", "0"])
            .env("DATABASE_URL", database_url)
            .env("DOCNUM_JWT_SECRET", SECRET)
            .env("DOCNUM_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Self { child, lines }
    }

    /// The rest of the first line starting with `prefix`.
    fn line_after(&self, prefix: &str) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(LINE_WAIT)
                .unwrap_or_else(|e| panic!("no line '{prefix}…' ({e})"));
            if let Some(rest) = line.strip_prefix(prefix) {
                return rest.trim().to_owned();
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_waits_for_its_database_and_comes_up_when_it_can_be_opened() {
    let dir = tempfile::tempdir().unwrap();
    // The database's directory cannot be created while a file has its name.
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, "not a directory").unwrap();
    let url = format!("sqlite://{}", blocker.join("docnum.db").display());
    let serve = Serve::start(&url, &[("DOCNUM_DB_WAIT", "600")]);

    let readyz = serve.line_after("docnum waiting for the database; readiness at ");
    let client = reqwest::Client::new();
    let (status, body) = read(client.get(&readyz).send().await.unwrap()).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["waiting_for"], "database", "{body}");
    assert_eq!(body["error"]["code"], "NB014", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("cannot create directory"), "{message}");
    // In the language asked for, like every API answer.
    let thai = client
        .get(&readyz)
        .header("accept-language", "th")
        .send()
        .await
        .unwrap();
    assert_eq!(thai.headers()["content-language"], "th");
    let (status, body) = read(thai).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (503, &serde_json::json!("NB014"))
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("กำลังเริ่มระบบ: รอฐานข้อมูลอยู่"), "{message}");
    let base = readyz.strip_suffix("/readyz").unwrap().to_owned();
    let health = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);

    std::fs::remove_file(&blocker).unwrap();
    let listening = serve.line_after("docnum listening on ");
    assert_eq!(listening, base, "the same socket serves");
    let (status, body) = read(client.get(&readyz).send().await.unwrap()).await;
    assert_eq!(status, 200, "{body}");
    let admin = docnum_api::issue_token(
        SECRET.as_bytes(),
        "admin",
        &["numbering:admin".to_owned()],
        Duration::from_hours(1),
    )
    .unwrap();
    let resp = client
        .post(format!("{base}/api/v1/document-numbering/series"))
        .bearer_auth(&admin)
        .json(&json!({"document_type": "COR", "template": "COR-{SEQ:4}", "scope": "GLOBAL"}))
        .send()
        .await
        .unwrap();
    let (status, body) = read(resp).await;
    assert_eq!(status, 201, "{body}");
}

#[test]
fn serve_gives_up_after_its_wait() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, "not a directory").unwrap();
    let out = Command::new(binary())
        .args(["serve", "--port", "0"])
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", blocker.join("docnum.db").display()),
        )
        .env("DOCNUM_JWT_SECRET", SECRET)
        .env("DOCNUM_DB_WAIT", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("gave up waiting for the database after 0 s"),
        "{stderr}"
    );
    assert!(stderr.contains("cannot create directory"), "{stderr}");
}

fn token(database_url: &str, dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    Command::new(binary())
        .args([
            "token",
            "--user",
            "ops",
            "--permission",
            "numbering:reserve",
        ])
        .args(extra)
        .env("DATABASE_URL", database_url)
        .env_remove("DOCNUM_JWT_SECRET")
        .env_remove("DOCNUM_JWT_SECRET_FILE")
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn token_refuses_to_invent_a_secret_for_a_server_database() {
    for url in [
        "postgres://docnum@db.example:5432/docnum",
        "mysql://docnum@db.example:3306/docnum",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = token(url, dir.path(), &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{url}: {stderr}");
        assert!(out.stdout.is_empty(), "{url}: printed a token");
        assert!(stderr.contains("DOCNUM_JWT_SECRET"), "{stderr}");
        assert!(stderr.contains("--secret-file"), "{stderr}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "{url}: a secret file was created"
        );

        // Given the instances' secret file, it signs with it.
        let file = dir.path().join("shared.jwt-secret");
        std::fs::write(&file, SECRET).unwrap();
        // Private, as a secret file must be (one others may read is refused).
        std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
        let out = token(url, dir.path(), &["--secret-file", file.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let jwt = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        assert_eq!(jwt.split('.').count(), 3, "{jwt}");
    }
}

#[test]
fn token_says_when_it_creates_a_secret_for_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("docnum.db").display());
    let out = token(&url, dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let file = dir.path().join("docnum.db.jwt-secret");
    assert!(file.exists());
    assert!(
        stderr.contains("created a new random JWT secret there (mode 0600)")
            && stderr.contains(&file.display().to_string()),
        "{stderr}"
    );
    // The second time it reads the file and says nothing.
    let again = token(&url, dir.path(), &[]);
    assert!(again.status.success());
    assert!(!String::from_utf8_lossy(&again.stderr).contains("created"));
}
