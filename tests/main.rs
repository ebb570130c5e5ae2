//! The end-to-end tests: the real `docnum` binary over real HTTP and as an
//! admin command, one test binary (`e2e`) with one module per file of this
//! folder and one harness (`support`).
//!
//! A file here runs only when it is declared below; the test
//! `every_file_here_is_a_module` fails when one is not, so a new file
//! cannot be silently left out.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::needless_pass_by_value,
    missing_docs
)]

mod support;

mod cli_admin;
mod cli_import;
mod cli_load_test;
mod cli_series;
mod cli_validate;
mod deploy_assets;
mod http_auth;
mod http_bad_input;
mod http_collisions;
mod http_concurrency;
mod http_crash;
mod http_db_outage;
mod http_flow;
mod http_hostile;
mod http_instances;
mod http_lifecycle;
mod http_shared_limits;
mod i18n_languages;
mod i18n_serve_start;
mod metrics;
mod ops_least_privilege;
mod ops_schema;
mod ops_start;
mod ops_tls;
mod redis_lock;

/// Every `.rs` file and every folder of `tests/` is a `mod` of this file.
#[test]
fn every_file_here_is_a_module() {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests");
    let main = std::fs::read_to_string(here.join("main.rs")).unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&here).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let module = match name.strip_suffix(".rs") {
            Some("main") => continue,
            Some(stem) => stem.to_owned(),
            None if path.is_dir() => name,
            None => continue,
        };
        if !main.lines().any(|l| l.trim() == format!("mod {module};")) {
            missing.push(module);
        }
    }
    assert!(
        missing.is_empty(),
        "tests/ files not declared as `mod …;` in tests/main.rs (they would never run): {missing:?}"
    );
}
