//! The load generator's HTTP client: one keep-alive HTTP/1.1 connection
//! per simulated client, opened again after any failure.
//!
//! The generator shares the machine with the server it measures, so every
//! microsecond it spends is taken from the server. A general-purpose client
//! (reqwest) parses a URL, consults proxy rules, follows redirects and looks
//! its pooled connection up per request; a closed-loop client needs none of
//! that, so each one owns its connection and talks hyper directly.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context as _;
use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Request, StatusCode, Uri};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::commands::UsageError;

/// How long one request may take before it counts as `TIMEOUT`.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the requests go and the headers every one carries, prepared once.
pub(crate) struct Endpoint {
    address: SocketAddr,
    host: HeaderValue,
    authorization: HeaderValue,
    json: HeaderValue,
    base_path: String,
}

impl Endpoint {
    /// Checks `url` (plain `http://` only) and resolves its host once.
    pub(crate) async fn resolve(url: &str, token: &str) -> anyhow::Result<Self> {
        let uri: Uri = url
            .parse()
            .map_err(|e| UsageError(format!("--url {url} is not a valid URL: {e}")))?;
        if uri.scheme_str() != Some("http") {
            return Err(UsageError(format!(
                "--url {url}: load-test speaks plain http://; point it at the service itself, not at a TLS proxy"
            ))
            .into());
        }
        let authority = uri
            .authority()
            .ok_or_else(|| UsageError(format!("--url {url} has no host")))?;
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let port = authority.port_u16().unwrap_or(80);
        let address = tokio::net::lookup_host((host, port))
            .await
            .with_context(|| format!("cannot resolve the host of --url {url}"))?
            .next()
            .with_context(|| format!("the host of --url {url} has no address"))?;
        let authorization = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
            UsageError("the token contains characters a header cannot carry".into())
        })?;
        Ok(Self {
            address,
            host: HeaderValue::from_str(authority.as_str())
                .map_err(|_| UsageError(format!("--url {url}: the host cannot be a header")))?,
            authorization,
            json: HeaderValue::from_static("application/json"),
            base_path: format!(
                "{}/api/v1/document-numbering/",
                uri.path().trim_end_matches('/')
            ),
        })
    }

    /// The path of an endpoint under the numbering API, e.g. `reserve`.
    pub(crate) fn path(&self, name: &str) -> anyhow::Result<Uri> {
        format!("{}{name}", self.base_path)
            .parse()
            .with_context(|| format!("--url gives no valid path for {name}"))
    }
}

/// One simulated client's connection; `None` until first used and after a
/// failure, so the next request opens a fresh one.
#[derive(Default)]
pub(crate) struct Connection {
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Connection {
    /// POSTs `body` as JSON to `path`: the body of a 2xx answer, or the
    /// status and body of another. `Err` carries `TIMEOUT` or `CONNECTION`.
    pub(crate) async fn post(
        &mut self,
        endpoint: &Endpoint,
        path: &Uri,
        body: Bytes,
    ) -> Result<(StatusCode, Bytes), &'static str> {
        match tokio::time::timeout(REQUEST_TIMEOUT, self.exchange(endpoint, path, body)).await {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(())) => {
                self.sender = None;
                Err("CONNECTION")
            }
            Err(_) => {
                // The answer may still arrive on this connection; a new
                // request must not read it.
                self.sender = None;
                Err("TIMEOUT")
            }
        }
    }

    async fn exchange(
        &mut self,
        endpoint: &Endpoint,
        path: &Uri,
        body: Bytes,
    ) -> Result<(StatusCode, Bytes), ()> {
        let sender = match &mut self.sender {
            Some(sender) => sender,
            None => self.sender.insert(open(endpoint.address).await?),
        };
        sender.ready().await.map_err(|_| ())?;
        let mut request = Request::new(Full::new(body));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = path.clone();
        let headers = request.headers_mut();
        headers.insert(HOST, endpoint.host.clone());
        headers.insert(AUTHORIZATION, endpoint.authorization.clone());
        headers.insert(CONTENT_TYPE, endpoint.json.clone());
        let response = sender.send_request(request).await.map_err(|_| ())?;
        let status = response.status();
        let body = response.into_body().collect().await.map_err(|_| ())?;
        Ok((status, body.to_bytes()))
    }
}

/// Opens a connection and drives it on its own task until either side
/// closes it.
async fn open(address: SocketAddr) -> Result<SendRequest<Full<Bytes>>, ()> {
    let stream = TcpStream::connect(address).await.map_err(|_| ())?;
    // Requests are small and answered one at a time: Nagle would hold them.
    stream.set_nodelay(true).map_err(|_| ())?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|_| ())?;
    tokio::spawn(async move {
        // Its end is seen by the next request's `ready` or `send_request`.
        let _ = connection.await;
    });
    Ok(sender)
}
