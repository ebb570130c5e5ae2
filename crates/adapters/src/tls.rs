//! TLS to the database and Redis servers, through the drivers' own TLS
//! support with rustls and one crypto provider (*ring*, which builds
//! without cmake), installed once at start by [`install_crypto_provider`].
//!
//! The URL says what is wanted, in each server's own words: PostgreSQL's
//! `sslmode`/`sslrootcert` (libpq), MariaDB/MySQL's `ssl-mode`/`ssl-ca`
//! (the `mysql` client's). `require` and stronger never fall back to plain
//! text, and a handshake that fails says so ([`TLS_FAILED`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use diesel::ConnectionError;
use diesel_async::{AsyncConnection, AsyncMysqlConnection, AsyncPgConnection};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

/// The words every TLS failure's message starts with.
pub const TLS_FAILED: &str = "TLS handshake with the database failed";

/// Installs *ring* as the process's rustls crypto provider. Call once at
/// start, before any TLS connection (redis-rs and mysql_async build their
/// rustls configurations from the process default); calling it again is
/// harmless.
pub fn install_crypto_provider() {
    // An error means a provider is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// How much of the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verify {
    /// Nothing (libpq's `prefer`/`require` without a CA): encrypted, not
    /// authenticated.
    Nothing,
    /// Signed by a trusted root; any host name (`verify-ca`).
    Chain,
    /// Signed by a trusted root and issued for the host (`verify-full`).
    Full,
}

/// A rustls client configuration checking as `verify` says, trusting the
/// PEM certificates in `ca` (or, without it, the system's roots).
pub(crate) fn client_config(verify: Verify, ca: Option<&Path>) -> Result<ClientConfig, String> {
    install_crypto_provider();
    let provider = rustls::crypto::ring::default_provider();
    let builder = ClientConfig::builder_with_provider(Arc::new(provider.clone()))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    if verify == Verify::Nothing {
        return Ok(builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoCheck(provider)))
            .with_no_client_auth());
    }
    let roots = Arc::new(roots(ca)?);
    if verify == Verify::Full {
        return Ok(builder.with_root_certificates(roots).with_no_client_auth());
    }
    let webpki = WebPkiServerVerifier::builder_with_provider(roots, Arc::new(provider))
        .build()
        .map_err(|e| e.to_string())?;
    Ok(builder
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyName(webpki)))
        .with_no_client_auth())
}

/// The trusted roots: the CA file's certificates, or the system's.
fn roots(ca: Option<&Path>) -> Result<RootCertStore, String> {
    let mut store = RootCertStore::empty();
    let certs: Vec<CertificateDer<'static>> = match ca {
        Some(path) => CertificateDer::pem_file_iter(path)
            .and_then(Iterator::collect)
            .map_err(|e| format!("cannot read the CA file {}: {e}", path.display()))?,
        None => rustls_native_certs::load_native_certs().certs,
    };
    let (added, _) = store.add_parsable_certificates(certs);
    if added == 0 {
        return Err(match ca {
            Some(path) => format!("no certificate in the CA file {}", path.display()),
            None => "no trusted root certificate on this system; name a CA file".to_owned(),
        });
    }
    Ok(store)
}

/// Accepts any certificate but still checks the handshake's signatures
/// (libpq's `require` without a CA: encryption, no authentication).
#[derive(Debug)]
struct NoCheck(CryptoProvider);

impl ServerCertVerifier for NoCheck {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Checks the chain against the roots but not the host name (`verify-ca`).
/// webpki checks the chain before the name, so a name error means the
/// chain was good.
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `url` without the query parameters named in `keys`, and their values.
fn take_params(url: &str, keys: &[&str]) -> (String, Vec<(String, String)>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), Vec::new());
    };
    let (mut kept, mut taken) = (Vec::new(), Vec::new());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if keys.contains(&k) {
            taken.push((k.to_owned(), v.replace("%2F", "/").replace("%2f", "/")));
        } else {
            kept.push(pair);
        }
    }
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, taken)
}

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PgMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// A PostgreSQL URL's TLS settings: the URL for tokio-postgres (whose own
/// `sslmode` knows disable/prefer/require), what to check, and the CA.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PgTls {
    url: String,
    mode: PgMode,
    ca: Option<PathBuf>,
}

impl PgTls {
    fn parse(url: &str) -> Result<Self, String> {
        let (rest, taken) = take_params(url, &["sslmode", "sslrootcert"]);
        let mut mode = PgMode::Prefer;
        let mut ca = None;
        for (k, v) in taken {
            if k == "sslrootcert" {
                ca = Some(PathBuf::from(v));
                continue;
            }
            mode = match v.as_str() {
                "disable" => PgMode::Disable,
                "allow" | "prefer" => PgMode::Prefer,
                "require" => PgMode::Require,
                "verify-ca" => PgMode::VerifyCa,
                "verify-full" => PgMode::VerifyFull,
                other => {
                    return Err(format!(
                        "sslmode={other}: use disable, prefer, require, verify-ca or verify-full"
                    ));
                }
            };
        }
        let driver_mode = match mode {
            PgMode::Disable => "disable",
            PgMode::Prefer => "prefer",
            _ => "require",
        };
        let sep = if rest.contains('?') { '&' } else { '?' };
        Ok(Self {
            url: format!("{rest}{sep}sslmode={driver_mode}"),
            mode,
            ca,
        })
    }

    /// What to check (`None`: no TLS at all).
    fn verify(&self) -> Option<Verify> {
        match (self.mode, &self.ca) {
            (PgMode::Disable, _) => None,
            // libpq: a root certificate given makes `require` check the chain.
            (PgMode::Prefer | PgMode::Require, None) => Some(Verify::Nothing),
            (PgMode::Prefer | PgMode::Require | PgMode::VerifyCa, _) => Some(Verify::Chain),
            (PgMode::VerifyFull, _) => Some(Verify::Full),
        }
    }
}

/// Opens a PostgreSQL connection with the TLS its URL asks for.
pub(crate) async fn connect_pg(url: &str) -> Result<AsyncPgConnection, ConnectionError> {
    let tls = PgTls::parse(url).map_err(ConnectionError::InvalidConnectionUrl)?;
    let failed =
        |e: tokio_postgres::Error| tls_or_plain(&with_causes(&e), tls.mode != PgMode::Disable);
    let Some(verify) = tls.verify() else {
        let (client, conn) = tokio_postgres::connect(&tls.url, tokio_postgres::NoTls)
            .await
            .map_err(failed)?;
        return AsyncPgConnection::try_from_client_and_connection(client, conn).await;
    };
    let config = client_config(verify, tls.ca.as_deref())
        .map_err(|e| ConnectionError::BadConnection(format!("{TLS_FAILED}: {e}")))?;
    let connector = tokio_postgres_rustls::MakeRustlsConnect::new(config);
    let (client, conn) = tokio_postgres::connect(&tls.url, connector)
        .await
        .map_err(failed)?;
    AsyncPgConnection::try_from_client_and_connection(client, conn).await
}

/// An error's message followed by its causes' (the drivers keep the
/// certificate's fault in a cause).
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
        cause = c.source();
    }
    message
}

/// A driver's connect error, saying "TLS" first when TLS is what failed.
fn tls_or_plain(message: &str, tls: bool) -> ConnectionError {
    let lower = message.to_ascii_lowercase();
    let is_tls = tls
        && ["tls", "ssl", "certificate", "handshake"]
            .iter()
            .any(|w| lower.contains(w));
    ConnectionError::BadConnection(if is_tls {
        format!("{TLS_FAILED}: {message}")
    } else {
        message.to_owned()
    })
}

/// The `mysql` client's `ssl-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MysqlMode {
    Disabled,
    Required,
    VerifyCa,
    VerifyIdentity,
}

/// Opens a MariaDB/MySQL connection with the TLS its URL asks for
/// (`ssl-mode=DISABLED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY`, `ssl-ca=FILE`).
pub(crate) async fn connect_mysql(url: &str) -> Result<AsyncMysqlConnection, ConnectionError> {
    let (rest, taken) = take_params(url, &["ssl-mode", "ssl-ca"]);
    let mut mode = MysqlMode::Disabled;
    let mut ca = None;
    for (k, v) in taken {
        if k == "ssl-ca" {
            ca = Some(PathBuf::from(v));
            continue;
        }
        mode = match v.to_ascii_uppercase().as_str() {
            "DISABLED" => MysqlMode::Disabled,
            "REQUIRED" => MysqlMode::Required,
            "VERIFY_CA" => MysqlMode::VerifyCa,
            "VERIFY_IDENTITY" => MysqlMode::VerifyIdentity,
            other => {
                return Err(ConnectionError::InvalidConnectionUrl(format!(
                    "ssl-mode={other}: use DISABLED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY \
                     (PREFERRED is not offered: it would fall back to plain text)"
                )));
            }
        };
    }
    if mode == MysqlMode::Disabled {
        return AsyncMysqlConnection::establish(&rest).await;
    }
    install_crypto_provider();
    let opts = mysql_async::Opts::from_url(&rest)
        .map_err(|e| ConnectionError::InvalidConnectionUrl(e.to_string()))?;
    let mut ssl = mysql_async::SslOpts::default()
        .with_danger_accept_invalid_certs(mode == MysqlMode::Required && ca.is_none())
        .with_danger_skip_domain_validation(mode != MysqlMode::VerifyIdentity);
    if let Some(ca) = ca {
        ssl = ssl
            .with_root_certs(vec![ca.into()])
            .with_disable_built_in_roots(true);
    }
    // As diesel-async's own `establish`, with TLS.
    let builder = mysql_async::OptsBuilder::from_opts(opts)
        .ssl_opts(ssl)
        .stmt_cache_size(0)
        .client_found_rows(true);
    let conn = mysql_async::Conn::new(builder)
        .await
        .map_err(|e| tls_or_plain(&with_causes(&e), true))?;
    AsyncMysqlConnection::try_from(conn).await
}

#[cfg(test)]
mod tests;
