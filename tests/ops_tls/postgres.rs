//! A private PostgreSQL with `ssl = on` that rejects plain connections, and
//! docnum over `sslmode=verify-full` / `verify-ca` against it.

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::TestServer;
use crate::support::redis::free_port;
use serde_json::json;

use super::pki::{Pki, write};
use super::{docnum, output, text};

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

pub(super) async fn postgres_over_verified_tls() {
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
