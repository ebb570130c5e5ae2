//! Tests of `tls`.

use super::*;

#[test]
fn libpq_modes_map_to_the_driver_and_a_check() {
    let tls =
        PgTls::parse("postgres://u@h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem").unwrap();
    assert_eq!(tls.url, "postgres://u@h/db?sslmode=require");
    assert_eq!(tls.verify(), Some(Verify::Full));
    assert_eq!(tls.ca.as_deref(), Some(Path::new("/etc/ca.pem")));
    let tls = PgTls::parse("postgres://u@h/db?application_name=x&sslmode=verify-ca").unwrap();
    assert_eq!(
        tls.url,
        "postgres://u@h/db?application_name=x&sslmode=require"
    );
    assert_eq!(tls.verify(), Some(Verify::Chain));
    let plain = PgTls::parse("postgres://u@h/db").unwrap();
    assert_eq!(plain.url, "postgres://u@h/db?sslmode=prefer");
    assert_eq!(plain.verify(), Some(Verify::Nothing));
    let require_ca = PgTls::parse("postgres://u@h/db?sslmode=require&sslrootcert=ca.pem").unwrap();
    assert_eq!(require_ca.verify(), Some(Verify::Chain));
    assert_eq!(
        PgTls::parse("postgres://u@h/db?sslmode=disable")
            .unwrap()
            .verify(),
        None
    );
    assert!(PgTls::parse("postgres://u@h/db?sslmode=always").is_err());
}

#[test]
fn tls_failures_say_so() {
    let e = tls_or_plain(
        "error performing TLS handshake: invalid peer certificate",
        true,
    );
    assert!(e.to_string().starts_with(TLS_FAILED), "{e}");
    let e = tls_or_plain("connection refused", true);
    assert!(!e.to_string().contains(TLS_FAILED), "{e}");
}
