//! Secrets stay secret: `--help` prints no password, and a secret file
//! others can read is refused.

use crate::support::binary;

#[test]
fn help_never_prints_a_password() {
    for args in [&["--help"][..], &["serve", "--help"][..]] {
        let out = std::process::Command::new(binary())
            .args(args)
            .env(
                "DATABASE_URL",
                "postgres://docnum:hunter2@db.internal/docnum",
            )
            .env("REDIS_URL", "redis://:hunter3@cache/0")
            .env("DOCNUM_METRICS_TOKEN", "hunter4")
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("DATABASE_URL"), "{text}");
        for secret in ["hunter2", "hunter3", "hunter4"] {
            assert!(!text.contains(secret), "{args:?} printed {secret}");
        }
    }
}

#[test]
fn a_secret_file_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jwt-secret");
    std::fs::write(&file, "x".repeat(48)).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let token = |file: &std::path::Path| {
        std::process::Command::new(binary())
            .args([
                "token",
                "--user",
                "alice",
                "--permission",
                "numbering:reserve",
                "--secret-file",
            ])
            .arg(file)
            .env_remove("DOCNUM_JWT_SECRET")
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/db", dir.path().display()),
            )
            .output()
            .unwrap()
    };
    let out = token(&file);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("chmod 600"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = token(&file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
