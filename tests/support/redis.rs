//! Private `redis-server` processes on free ports, for tests that kill and
//! restart Redis nodes. Also mounted by crates/adapters/tests/redlock.rs
//! (with `wait.rs`).
//!
//! Nothing here skips: without a `redis-server` binary the tests fail.

#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::wait::wait_until;

/// A `redis-server` of the test's own, keeping nothing on disk.
pub struct RedisNode {
    /// Its port on 127.0.0.1 (kept across restarts).
    pub port: u16,
    child: Option<Child>,
    dir: tempfile::TempDir,
}

impl RedisNode {
    /// Starts a node on a free port and waits until it answers PING.
    pub fn start() -> Self {
        for _ in 0..5 {
            let mut node = Self {
                port: free_port(),
                child: None,
                dir: tempfile::tempdir().unwrap(),
            };
            if node.spawn() {
                return node;
            }
        }
        panic!("could not start redis-server on a free port (is redis-server installed?)");
    }

    /// `n` independent nodes (a Redlock quorum needs a majority of them).
    pub fn cluster(n: usize) -> Vec<Self> {
        (0..n).map(|_| Self::start()).collect()
    }

    /// `redis://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// `127.0.0.1:PORT`, as listed in `REDIS_CLUSTER_NODES`.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Stops the node (SIGKILL: no goodbye to connected clients).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        wait_until(|| !answers_ping(self.port), "redis node to stop");
    }

    /// Starts the node again on its port.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "node is running");
        assert!(
            self.spawn(),
            "redis-server did not restart on port {}",
            self.port
        );
    }

    /// Whether the node answers PING now.
    pub fn is_up(&self) -> bool {
        answers_ping(self.port)
    }

    /// Runs one command (inline protocol) and returns the raw reply.
    pub fn command(&self, line: &str) -> String {
        command(self.port, line).unwrap_or_default()
    }

    fn spawn(&mut self) -> bool {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1"])
            .args(["--save", ""])
            .args(["--appendonly", "no"])
            .args(["--daemonize", "no"])
            .arg("--dir")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn redis-server (install the Debian package redis-server)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if answers_ping(self.port) {
                return true;
            }
            if let Some(Ok(Some(_))) = self.child.as_mut().map(Child::try_wait) {
                break; // exited: the port was taken meanwhile
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        false
    }
}

impl Drop for RedisNode {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn command(port: u16, line: &str) -> Option<String> {
    command_at(&format!("127.0.0.1:{port}"), line)
}

fn command_at(address: &str, line: &str) -> Option<String> {
    let socket = address.to_socket_addrs().ok()?.next()?;
    let mut stream = TcpStream::connect_timeout(&socket, Duration::from_millis(500)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .ok()?;
    stream.write_all(format!("{line}\r\n").as_bytes()).ok()?;
    let mut buf = [0u8; 512];
    let n = stream.read(&mut buf).ok()?;
    Some(String::from_utf8_lossy(&buf[..n]).into_owned())
}

fn answers_ping(port: u16) -> bool {
    command(port, "PING").is_some_and(|r| r.starts_with("+PONG"))
}

/// `DOCNUM_TEST_REDIS_URL` (the CI's shared Redis), checked to answer; the
/// test fails, never skips, when it is unset or the server is not there.
/// (A server without a password: the PING is sent unauthenticated.)
pub fn shared_redis_url() -> String {
    let url = std::env::var("DOCNUM_TEST_REDIS_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| {
            panic!(
                "DOCNUM_TEST_REDIS_URL is not set: this test needs that server \
                 (`--profile servers` runs the needs_* tests)"
            )
        });
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let host_port = rest.rsplit('@').next().unwrap_or(rest);
    let host_port = host_port.split('/').next().unwrap_or(host_port);
    let address = if host_port.contains(':') {
        host_port.to_owned()
    } else {
        format!("{host_port}:6379")
    };
    let pong = command_at(&address, "PING");
    assert!(
        pong.as_deref().is_some_and(|r| r.starts_with("+PONG")),
        "DOCNUM_TEST_REDIS_URL={url} is set but Redis does not answer PING (got {pong:?})"
    );
    url
}
