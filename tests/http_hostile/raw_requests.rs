//! Requests no well-behaved client sends: a header that never ends, and a
//! request id unfit to be logged.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::Duration;

use crate::support::TestServer;

#[test]
fn a_half_sent_header_is_cut_off() {
    let server = TestServer::start(&[("DOCNUM_HTTP_HEADER_TIMEOUT", "1")]);
    let mut stream = TcpStream::connect(server.base.trim_start_matches("http://")).unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: docnum\r\nX-Slow: ")
        .unwrap();
    // A bound on a hang, not a measure of speed: the server closes the
    // connection by itself (end of stream or reset), long before this.
    stream
        .set_read_timeout(Some(Duration::from_mins(1)))
        .unwrap();
    let mut answer = Vec::new();
    match stream.read_to_end(&mut answer) {
        Ok(_) => {}
        Err(e) => assert!(
            !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
            "the server kept the half-sent request open: {e}"
        ),
    }
    // Nothing but (at most) an error status came back.
    assert!(!String::from_utf8_lossy(&answer).contains("200 OK"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unfit_request_id_is_replaced() {
    let server = TestServer::start(&[]);
    let echoed = async |id: &[u8]| {
        let resp = server
            .client
            .get(format!("{}/healthz", server.base))
            .header(
                "x-request-id",
                reqwest::header::HeaderValue::from_bytes(id).unwrap(),
            )
            .send()
            .await
            .unwrap();
        resp.headers()["x-request-id"].as_bytes().to_vec()
    };
    assert_eq!(echoed(b"client-id-42").await, b"client-id-42");
    for unfit in [
        vec![b'x'; 129],
        b"has space".to_vec(),
        b"tab\there".to_vec(),
    ] {
        let got = echoed(&unfit).await;
        assert_ne!(got, unfit);
        let got = String::from_utf8(got).unwrap();
        assert!(uuid::Uuid::parse_str(&got).is_ok(), "{got}");
    }
}
