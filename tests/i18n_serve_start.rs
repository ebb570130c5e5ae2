//! `docnum serve` refuses a bad start-up setting in the reader's language:
//! under `LANG=th_TH.UTF-8` a value clap cannot parse, a trusted proxy that
//! is no network, a token lifetime that is no lifetime and a secret file
//! others may read are told in Thai (and in English under `LANG=C`), on the
//! real binary.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::binary;

/// Environment variables set for one start.
type Env = [(&'static str, &'static str)];

fn is_thai(text: &str) -> bool {
    text.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

/// `docnum serve` in `dir` with `env` under `lang`: its exit code and
/// standard error. A start that does not fail within 60 s is killed and
/// fails the test.
fn serve(dir: &Path, lang: &str, env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut command = Command::new(binary());
    command
        .arg("serve")
        .env("DOCNUM_PORT", "0")
        .current_dir(dir)
        .env("DATABASE_URL", "sqlite://start.db")
        .env("LANG", lang)
        .env("DOCNUM_DB_WAIT", "0")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("DOCNUM_JWT_SECRET")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_mins(1) {
            let _ = child.kill();
            panic!("docnum serve {env:?} did not stop on a bad setting");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // The service's own log lines (tracing) stay English; the error is the
    // last line.
    let last = stderr.lines().last().unwrap_or_default().to_owned();
    (out.status.code(), last)
}

#[test]
fn serve_start_up_errors_are_in_thai_under_a_thai_lang() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("start.db.jwt-secret");
    std::fs::write(&secret, "s".repeat(40)).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let cases: [(&Env, &str, &str); 3] = [
        (
            &[("DOCNUM_PORT", "http")],
            "ข้อผิดพลาด: ค่า 'http' ของ --port <PORT> ไม่ถูกต้อง",
            "error: invalid value 'http' for --port <PORT>",
        ),
        (
            &[("DOCNUM_TRUSTED_PROXIES", "10.0.0.0/99")],
            "ข้อผิดพลาด: DOCNUM_TRUSTED_PROXIES: `10.0.0.0/99` ไม่ใช่ทั้งที่อยู่ IP และเครือข่าย (เช่น 10.0.0.0/8)",
            "error: DOCNUM_TRUSTED_PROXIES: `10.0.0.0/99` is neither an address nor a network (10.0.0.0/8)",
        ),
        (
            &[("DOCNUM_JWT_MAX_LIFETIME", "forever")],
            "ข้อผิดพลาด: ค่า DOCNUM_JWT_MAX_LIFETIME `forever` ไม่ใช่อายุโทเคน",
            "error: DOCNUM_JWT_MAX_LIFETIME `forever` is not a lifetime",
        ),
    ];
    for (env, thai, english) in cases {
        let (code, th) = serve(dir.path(), "th_TH.UTF-8", env);
        assert_ne!(code, Some(0), "{env:?}");
        assert!(th.starts_with(thai), "{env:?}: {th}");
        let (_, en) = serve(dir.path(), "C", env);
        assert!(en.starts_with(english), "{env:?}: {en}");
        assert!(!is_thai(&en), "{en}");
    }

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
        let (code, th) = serve(dir.path(), "th_TH.UTF-8", &[]);
        assert_eq!(code, Some(1), "{th}");
        assert!(
            th.starts_with("ข้อผิดพลาด: ผู้อื่นอาจอ่านไฟล์ความลับสำหรับลงนามโทเคน start.db.jwt-secret ได้ (สิทธิ์ 644) กรุณารัน `chmod 600 start.db.jwt-secret`"),
            "{th}"
        );
    }
}
