//! A private `mariadbd` with `require_secure_transport`, and docnum over TLS
//! to it.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::TestServer;
use crate::support::redis::free_port;
use serde_json::json;

use super::pki::{Pki, write};
use super::{docnum, text};

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

pub(super) async fn mariadb_over_verified_tls() {
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
