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

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use crate::support::redis::free_port;
use crate::support::{SECRET, TestServer, binary, read};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, SanType};
use serde_json::json;

/// A CA and the PEM files of a server certificate it signed.
#[allow(clippy::struct_field_names)]
struct Pki {
    ca_pem: String,
    cert_pem: String,
    key_pem: String,
}

impl Pki {
    /// A new CA and a certificate for `names` (DNS names or IP addresses).
    fn new(names: &[&str]) -> Self {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "docnum test CA");
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.subject_alt_names = names
            .iter()
            .map(|n| match n.parse() {
                Ok(ip) => SanType::IpAddress(ip),
                Err(_) => SanType::DnsName((*n).try_into().unwrap()),
            })
            .collect();
        let cert = params.signed_by(&key, &issuer).unwrap();
        Self {
            ca_pem: ca_cert.pem(),
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        }
    }
}

/// A PostgreSQL server of the test's own with TLS on and plain
/// connections rejected.
struct TlsPostgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    run_as_postgres: bool,
}

impl TlsPostgres {
    fn start(pki: &Pki) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let run_as_postgres = output("id", &["-u"]).trim() == "0";
        let owner = run_as_postgres.then(|| {
            let uid: u32 = output("id", &["-u", "postgres"]).trim().parse().unwrap();
            let gid: u32 = output("id", &["-g", "postgres"]).trim().parse().unwrap();
            (uid, gid)
        });
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).unwrap();
        }
        let pg = Self {
            dir,
            bin: pg_bindir(),
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
        let data = Path::new(&data);
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all trust\n\
             hostssl all all 127.0.0.1/32 trust\n\
             hostnossl all all 127.0.0.1/32 reject\n",
        )
        .unwrap();
        for (file, pem) in [("server.crt", &pki.cert_pem), ("server.key", &pki.key_pem)] {
            let path = data.join(file);
            std::fs::write(&path, pem).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            if let Some((uid, gid)) = owner {
                std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
            }
        }
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on",
            pg.port,
            pg.dir.path().display()
        );
        let log = pg.dir.path().join("postgres.log").display().to_string();
        pg.run(
            "pg_ctl",
            &[
                "-D",
                &pg.data(),
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
        pg
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// A URL naming the server as `host` (connecting to 127.0.0.1).
    fn url(&self, host: &str, query: &str) -> String {
        format!(
            "postgres://postgres@{host}:{}/postgres?hostaddr=127.0.0.1&{query}",
            self.port
        )
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

impl Drop for TlsPostgres {
    fn drop(&mut self) {
        let stop = ["-D", &self.data(), "-m", "immediate", "stop"].map(str::to_owned);
        let _ = if self.run_as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(self.bin.join("pg_ctl"))
                .args(&stop)
                .output()
        } else {
            Command::new(self.bin.join("pg_ctl")).args(&stop).output()
        };
    }
}

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
    found
        .pop()
        .unwrap_or_else(|| {
            panic!(
                "DOCNUM_TEST_POSTGRES_URL is set but no PostgreSQL server binaries were found \
                 (install postgresql or set DOCNUM_TEST_PG_BINDIR)"
            )
        })
        .1
}

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

fn write(dir: &Path, name: &str, pem: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, pem).unwrap();
    path.display().to_string()
}

async fn postgres_over_verified_tls() {
    docnum_adapters::testing::server_url("DOCNUM_TEST_POSTGRES_URL");
    // The certificate names `localhost` only.
    let pki = Pki::new(&["localhost"]);
    let pg = TlsPostgres::start(&pki);
    let files = tempfile::tempdir().unwrap();
    let ca = write(files.path(), "ca.pem", &pki.ca_pem);
    let other_ca = write(
        files.path(),
        "other-ca.pem",
        &Pki::new(&["localhost"]).ca_pem,
    );

    // The server takes no plain connection, and that failure is not a TLS one.
    let plain = docnum(
        files.path(),
        &pg.url("localhost", "sslmode=disable"),
        &["migrate", "--dry-run"],
    );
    assert!(!plain.status.success());
    assert!(!text(&plain).contains("TLS handshake"), "{}", text(&plain));

    // An unknown CA: refused at once (no waiting), saying TLS failed.
    let url = pg.url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={other_ca}"),
    );
    let refused = docnum(files.path(), &url, &["serve", "--port", "0"]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    let message = text(&refused);
    assert!(
        message.contains("TLS handshake with the database failed"),
        "{message}"
    );
    assert!(message.contains("invalid peer certificate"), "{message}");
    assert!(!message.contains("retry in a moment"), "{message}");

    // Another host name than the certificate's: verify-full refuses,
    // verify-ca accepts; require without a CA encrypts without checking.
    let wrong_name = pg.url(
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    let refused = docnum(files.path(), &wrong_name, &["migrate", "--dry-run"]);
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("TLS handshake with the database failed"),
        "{}",
        text(&refused)
    );
    assert!(
        text(&refused).contains("certificate not valid for name"),
        "{}",
        text(&refused)
    );
    for query in [
        format!("sslmode=verify-ca&sslrootcert={ca}"),
        "sslmode=require".to_owned(),
    ] {
        let ok = docnum(
            files.path(),
            &pg.url("127.0.0.1", &query),
            &["migrate", "--dry-run"],
        );
        assert!(ok.status.success(), "{query}: {}", text(&ok));
    }

    // verify-full: migrate, serve, reserve and confirm.
    let url = pg.url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    let migrated = docnum(files.path(), &url, &["migrate"]);
    assert!(migrated.status.success(), "{}", text(&migrated));
    let server = TestServer::start_on(tempfile::tempdir().unwrap(), url, &[]);
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
    drop(pg);
}

/// `redis-server` serving TLS only, on a port of its own.
struct TlsRedis {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for TlsRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TlsRedis {
    fn start(pki: &Pki) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let cert = write(dir.path(), "redis.crt", &pki.cert_pem);
        let key = write(dir.path(), "redis.key", &pki.key_pem);
        let ca = write(dir.path(), "ca.pem", &pki.ca_pem);
        let port = free_port();
        let child = Command::new("redis-server")
            .args([
                "--port",
                "0",
                "--tls-port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
            ])
            .args([
                "--tls-cert-file",
                &cert,
                "--tls-key-file",
                &key,
                "--tls-ca-cert-file",
                &ca,
            ])
            .args([
                "--tls-auth-clients",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Ready once it accepts TCP connections.
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "redis-server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Self {
            child,
            port,
            _dir: dir,
        }
    }
}

async fn redis_over_verified_tls() {
    docnum_adapters::testing::server_url("DOCNUM_TEST_REDIS_URL");
    let pki = Pki::new(&["127.0.0.1"]);
    let redis = TlsRedis::start(&pki);
    let files = tempfile::tempdir().unwrap();
    let ca = write(files.path(), "ca.pem", &pki.ca_pem);
    let url = format!("rediss://127.0.0.1:{}", redis.port);

    let server = TestServer::start(&[("REDIS_URL", &url), ("REDIS_TLS_CA_FILE", &ca)]);
    let (status, body) = read(
        server
            .client
            .get(format!("{}/readyz", server.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["redis"]["status"], "up", "{body}");
    server.create_cor().await;
    let token = server.admin();
    let reserved = server
        .reserve(&token, json!({"document_type": "COR"}))
        .await;
    // Locked through Redis, not the database fallback.
    let number = reserved["document_number"].as_str().unwrap();
    let (status, body) = server
        .get(
            &token,
            &format!("/audit?document_number={number}&operation=RESERVE"),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let entries = body["data"]["entries"]
        .as_array()
        .or_else(|| body["data"].as_array())
        .unwrap_or_else(|| panic!("no audit entries in {body}"))
        .clone();
    assert_eq!(entries.len(), 1, "{body}");
    assert_eq!(entries[0]["fallback_used"], false, "{body}");

    // Without the CA the certificate is not trusted: Redis is reported
    // down and numbering goes on through the database.
    let untrusted = TestServer::start(&[("REDIS_URL", &url)]);
    let (status, body) = read(
        untrusted
            .client
            .get(format!("{}/readyz", untrusted.base))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["redis"]["status"], "down", "{body}");
    untrusted.create_cor().await;
    untrusted
        .reserve(&untrusted.admin(), json!({"document_type": "COR"}))
        .await;
}

/// A MariaDB server of the test's own that takes TLS connections only
/// (`require_secure_transport`).
struct TlsMariadb {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for TlsMariadb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TlsMariadb {
    fn start(pki: &Pki) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data").display().to_string();
        let cert = write(dir.path(), "server.crt", &pki.cert_pem);
        let key = write(dir.path(), "server.key", &pki.key_pem);
        let ca = write(dir.path(), "ca.pem", &pki.ca_pem);
        let install = Command::new("mariadb-install-db")
            .args(["--no-defaults", &format!("--datadir={data}"), "--user=root"])
            .args(["--auth-root-authentication-method=normal", "--skip-test-db"])
            .output()
            .unwrap();
        assert!(install.status.success(), "{}", text(&install));
        let port = free_port();
        let child = Command::new("mariadbd")
            .args(["--no-defaults", &format!("--datadir={data}"), "--user=root"])
            .arg(format!("--port={port}"))
            .arg(format!("--socket={}", dir.path().join("s.sock").display()))
            .args(["--bind-address=127.0.0.1", "--skip-log-bin"])
            .args([
                format!("--ssl-cert={cert}"),
                format!("--ssl-key={key}"),
                format!("--ssl-ca={ca}"),
            ])
            .arg("--require-secure-transport=ON")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + Duration::from_mins(1);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "mariadbd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // Over the socket (which needs no TLS).
        let created = Command::new("mariadb")
            .arg(format!("--socket={}", dir.path().join("s.sock").display()))
            .args([
                "-u",
                "root",
                "-e",
                "CREATE DATABASE docnum CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
            ])
            .output()
            .unwrap();
        assert!(created.status.success(), "{}", text(&created));
        Self {
            child,
            port,
            _dir: dir,
        }
    }

    fn url(&self, query: &str) -> String {
        format!("mysql://root@127.0.0.1:{}/docnum?{query}", self.port)
    }
}

async fn mariadb_over_verified_tls() {
    docnum_adapters::testing::server_url("DOCNUM_TEST_MYSQL_URL");
    let pki = Pki::new(&["127.0.0.1"]);
    let db = TlsMariadb::start(&pki);
    let files = tempfile::tempdir().unwrap();
    let ca = write(files.path(), "ca.pem", &pki.ca_pem);
    let other_ca = write(
        files.path(),
        "other-ca.pem",
        &Pki::new(&["127.0.0.1"]).ca_pem,
    );

    // Plain text is refused by the server, and not reported as a TLS failure.
    let plain = docnum(
        files.path(),
        &db.url("ssl-mode=DISABLED"),
        &["migrate", "--dry-run"],
    );
    assert!(!plain.status.success());
    assert!(!text(&plain).contains("TLS handshake"), "{}", text(&plain));

    let url = db.url(&format!("ssl-mode=VERIFY_IDENTITY&ssl-ca={other_ca}"));
    let refused = docnum(files.path(), &url, &["serve", "--port", "0"]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(
        text(&refused).contains("TLS handshake with the database failed"),
        "{}",
        text(&refused)
    );

    let url = db.url(&format!("ssl-mode=VERIFY_IDENTITY&ssl-ca={ca}"));
    let migrated = docnum(files.path(), &url, &["migrate"]);
    assert!(migrated.status.success(), "{}", text(&migrated));
    let server = TestServer::start_on(tempfile::tempdir().unwrap(), url, &[]);
    server.create_cor().await;
    let token = server.admin();
    let reserved = server
        .reserve(&token, json!({"document_type": "COR"}))
        .await;
    let (status, body) = server
        .post(&token, "/confirm", json!({"token": reserved["token"]}))
        .await;
    assert_eq!(status, 200, "{body}");
}

/// Needs the server `DOCNUM_TEST_POSTGRES_URL` names.
mod needs_postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_over_verified_tls() {
        super::postgres_over_verified_tls().await;
    }
}

/// Needs the server `DOCNUM_TEST_REDIS_URL` names.
mod needs_redis {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn redis_over_verified_tls() {
        super::redis_over_verified_tls().await;
    }
}

/// Needs the server `DOCNUM_TEST_MYSQL_URL` names.
mod needs_mysql {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn mariadb_over_verified_tls() {
        super::mariadb_over_verified_tls().await;
    }
}
