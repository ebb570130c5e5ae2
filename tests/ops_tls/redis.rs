//! `redis-server --tls-port`, and docnum locking through it over `rediss://`.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::redis::free_port;
use crate::support::{TestServer, read};
use serde_json::json;

use super::pki::{Pki, write};

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

pub(super) async fn redis_over_verified_tls() {
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
