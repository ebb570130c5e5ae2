//! The end-to-end harness: the real `docnum` binary on a fresh SQLite file,
//! listening on an ephemeral port and driven over real HTTP
//! ([`TestServer`]), or run as an admin command ([`Db`]); Prometheus
//! scrapes, private Redis nodes, and waiting for a condition.

#![allow(dead_code, clippy::unused_self, unreachable_pub)]

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

pub mod db;
pub mod idp_keys;
pub mod prom;
pub mod redis;
pub mod wait;

pub use db::Db;
pub use wait::eventually;

/// The JWT secret every test server uses.
pub const SECRET: &str = "docnum-end-to-end-test-secret-0123456789";

/// Every permission.
pub const ALL: &[&str] = &[
    "numbering:reserve",
    "numbering:manual_override",
    "numbering:skip_validation",
    "numbering:void",
    "numbering:admin",
];

/// A running `docnum serve` on its own database.
pub struct TestServer {
    pub base: String,
    /// `/metrics` on its own listener, when the server was given one.
    pub metrics_url: Option<String>,
    pub client: reqwest::Client,
    pub database_url: String,
    pub dir: tempfile::TempDir,
    child: Child,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The path of the binary under test.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_docnum"))
}

impl TestServer {
    /// Starts a server with default settings plus `env`.
    pub fn start(env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database_url = format!("sqlite://{}", dir.path().join("docnum.db").display());
        Self::start_on(dir, database_url, env)
    }

    /// Starts a server on an existing database.
    pub fn start_on(dir: tempfile::TempDir, database_url: String, env: &[(&str, &str)]) -> Self {
        Self::start_at(dir, database_url, 0, env)
    }

    /// Starts a server on an existing database and a given port (`0`: any).
    pub fn start_at(
        dir: tempfile::TempDir,
        database_url: String,
        port: u16,
        env: &[(&str, &str)],
    ) -> Self {
        let mut cmd = Command::new(binary());
        cmd.args(["serve", "--port", &port.to_string()])
            .env("DATABASE_URL", &database_url)
            .env("DOCNUM_JWT_SECRET", SECRET)
            .env("NUMBERING_RATE_LIMIT", "100000")
            .env("DOCNUM_RATE_LIMIT_READS", "0")
            .env("DOCNUM_RATE_LIMIT_MUTATIONS", "0")
            .env("DOCNUM_RATE_LIMIT_FAILED_AUTH", "0")
            .env("DOCNUM_LOG", "warn")
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn docnum serve");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let mut metrics_url = None;
        let base = loop {
            let line = lines
                .next()
                .expect("docnum serve exited before listening")
                .unwrap();
            if let Some(url) = line.strip_prefix("docnum metrics on ") {
                metrics_url = Some(url.trim().to_owned());
            }
            if let Some(addr) = line.strip_prefix("docnum listening on ") {
                break addr.trim().to_owned();
            }
        };
        // Keep draining stdout so the child never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let client = reqwest::Client::builder()
            .timeout(Duration::from_mins(1))
            .build()
            .unwrap();
        Self {
            base,
            metrics_url,
            client,
            database_url,
            dir,
            child,
        }
    }

    /// Kills the server with SIGKILL (no graceful shutdown) and gives back
    /// its directory and database URL, to start again on the same database.
    pub fn crash(mut self) -> (tempfile::TempDir, String) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap());
        (dir, self.database_url.clone())
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.base.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// A token for `user` with `permissions`.
    pub fn token(&self, user: &str, permissions: &[&str]) -> String {
        let perms: Vec<String> = permissions.iter().map(|p| (*p).to_owned()).collect();
        docnum_api::issue_token(SECRET.as_bytes(), user, &perms, Duration::from_hours(1)).unwrap()
    }

    /// An admin token.
    pub fn admin(&self) -> String {
        self.token("admin", ALL)
    }

    /// The full URL of an API path (`/reserve` → `…/api/v1/document-numbering/reserve`).
    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1/document-numbering{path}", self.base)
    }

    /// POSTs JSON with a token; returns status and body.
    pub async fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, token, path, body).await
    }

    /// PUTs JSON with a token; returns status and body.
    pub async fn put(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::PUT, token, path, body).await
    }

    async fn send(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Value,
    ) -> (u16, Value) {
        let resp = self
            .client
            .request(method, self.api(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        read(resp).await
    }

    /// GETs with a token.
    pub async fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let resp = self
            .client
            .get(self.api(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        read(resp).await
    }

    /// Creates a series as admin and checks it worked.
    pub async fn create_series(&self, body: Value) {
        let (status, resp) = self.post(&self.admin(), "/series", body).await;
        assert_eq!(status, 201, "create series: {resp}");
    }

    /// The seed's COR series.
    pub async fn create_cor(&self) {
        self.create_series(json!({
            "document_type": "COR",
            "template": "COR-{YYYY}-{SEQ:5}",
            "scope": "YEARLY",
            "allow_manual_override": true
        }))
        .await;
    }

    /// Reserves and returns the `data` object.
    pub async fn reserve(&self, token: &str, body: Value) -> Value {
        let (status, resp) = self.post(token, "/reserve", body).await;
        assert_eq!(status, 201, "reserve: {resp}");
        resp["data"].clone()
    }

    /// Runs the CLI on this server's database.
    pub fn cli(&self, args: &[&str]) -> Output {
        Command::new(binary())
            .args(args)
            .env("DATABASE_URL", &self.database_url)
            .env("DOCNUM_JWT_SECRET", SECRET)
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }
}

/// Status and JSON body of a response (Null when the body is not JSON).
pub async fn read(resp: reqwest::Response) -> (u16, Value) {
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The error code of an error envelope.
pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("<no code>")
}

/// The sequence value at the end of `COR-YYYY-NNNNN`.
pub fn seq_of(number: &str) -> u64 {
    number.rsplit('-').next().unwrap().parse().unwrap()
}
