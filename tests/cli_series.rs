//! The CLI's series, token and migrate commands, on the real binary.

use std::process::Command;

use crate::support::{TestServer, binary};
use serde_json::json;

fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(binary())
        .args(args)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("cli.db").display()),
        )
        .env_remove("DOCNUM_JWT_SECRET")
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn series_lifecycle_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(run(d, &["migrate"]).status.success());
    let out = run(
        d,
        &[
            "series",
            "create",
            "COR",
            "--template",
            "COR-{YYYY}-{SEQ:5}",
            "--scope",
            "YEARLY",
            "--user",
            "ops",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(created["config"]["template"], "COR-{YYYY}-{SEQ:5}");

    let bad = run(d, &["series", "create", "BAD", "--template", "BAD-{YEARS}"]);
    // A refused request is bad input: exit 2, the message starts with its NB code.
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("NB006"));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("YEARS"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );

    let out = run(
        d,
        &[
            "series",
            "update",
            "COR",
            "--template",
            "COR/{YYYY}/{SEQ:5}",
            "--reason",
            "new format",
            "--user",
            "ops",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(d, &["series", "show", "COR", "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown["config"]["template"], "COR/{YYYY}/{SEQ:5}");
    assert_eq!(shown["history"].as_array().unwrap().len(), 2);
    assert_eq!(shown["history"][1]["reason"], "new format");
    assert_eq!(
        shown["history"][1]["before"]["template"],
        "COR-{YYYY}-{SEQ:5}"
    );

    let out = run(d, &["series", "list"]);
    assert!(stdout(&out).contains("COR/{YYYY}/{SEQ:5}"));
    let usage = run(d, &["series", "create"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread")]
async fn token_command_signs_with_the_servers_secret_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("docnum.db").display());
    // The server creates the secret file (no DOCNUM_JWT_SECRET); the CLI reuses it.
    let mut cmd = Command::new(binary());
    cmd.args([
        "token",
        "--user",
        "ops",
        "--permission",
        "numbering:admin",
        "--ttl",
        "10m",
    ])
    .env("DATABASE_URL", &db)
    .env_remove("DOCNUM_JWT_SECRET")
    .current_dir(dir.path());
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = stdout(&out).trim().to_owned();
    let secret_file = dir.path().join("docnum.db.jwt-secret");
    let meta = std::fs::metadata(&secret_file).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    let secret = std::fs::read_to_string(&secret_file).unwrap();
    let server = TestServer::start_on(
        tempfile::tempdir().unwrap(),
        db.clone(),
        &[("DOCNUM_JWT_SECRET", secret.trim())],
    );
    let (status, body) = server
        .post(
            &token,
            "/series",
            json!({"document_type": "COR", "template": "C-{SEQ}", "scope": "GLOBAL"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    let bad = Command::new(binary())
        .args([
            "token",
            "--user",
            "ops",
            "--permission",
            "numbering:everything",
        ])
        .env("DATABASE_URL", &db)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// A reader that closes the pipe early (`docnum token … | head -c0`) ends
/// the command with the shell's SIGPIPE status, not a panic.
#[test]
fn a_closed_standard_output_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // The read end is gone before the command starts, so its first write
    // fails whatever the timing.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(binary())
        .args([
            "token",
            "--user",
            "ops",
            "--permission",
            "numbering:reserve",
        ])
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("docnum.db").display()),
        )
        .env_remove("DOCNUM_JWT_SECRET")
        .current_dir(dir.path())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The server keeps the series it reserves with in memory; an update made
/// by another process (here the CLI, as another instance would) is picked
/// up by the server's very next reserve, never drawn with the old template.
#[tokio::test]
async fn a_series_update_from_another_process_reaches_the_running_server() {
    let server = TestServer::start(&[]);
    server.create_cor().await;
    let token = server.admin();
    let first = server
        .reserve(&token, json!({"document_type": "COR"}))
        .await;
    assert!(
        first["document_number"]
            .as_str()
            .unwrap()
            .starts_with("COR-"),
        "{first}"
    );

    let out = server.cli(&[
        "series",
        "update",
        "COR",
        "--template",
        "COR/{YYYY}/{SEQ:5}",
        "--reason",
        "new format",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    for expected in [2, 3] {
        let next = server
            .reserve(&token, json!({"document_type": "COR"}))
            .await;
        let number = next["document_number"].as_str().unwrap();
        assert!(number.starts_with("COR/"), "{number}");
        assert!(number.ends_with(&format!("/{expected:05}")), "{number}");
    }
}

/// `--codes` and `--pattern` declare what a dimension may hold; `update`
/// replaces the lists it names; a value outside them is NB009.
#[test]
fn code_lists_are_declared_and_managed_on_the_command_line() {
    let db = crate::support::Db::new();
    db.run(&[
        "series",
        "create",
        "LTR",
        "--template",
        "{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:BE}",
        "--scope",
        "ORIGINATOR,RECIPIENT",
        "--codes",
        "ORIGINATOR=คคง.,สคฉ.3",
        "--pattern",
        "RECIPIENT=[ก-ฮ.0-9]{2,8}",
    ])
    .ok();
    let shown = db.json(&["series", "show", "LTR"]);
    let text = shown.to_string();
    assert!(
        text.contains("คคง.") && text.contains("[ก-ฮ.0-9]{2,8}"),
        "{text}"
    );
    let (number, _) = db.reserve(&[
        "LTR",
        "--context",
        "ORIGINATOR=คคง.",
        "--context",
        "RECIPIENT=สคฉ.3",
    ]);
    assert!(number.starts_with("คคง.-สคฉ.3-0001-"), "{number}");
    let refused = db.run(&[
        "reserve",
        "LTR",
        "--context",
        "ORIGINATOR=กทพ.",
        "--context",
        "RECIPIENT=สคฉ.3",
    ]);
    assert_ne!(refused.code, 0);
    assert!(
        refused.stderr.contains("NB009") && refused.stderr.contains("กทพ."),
        "{}",
        refused.stderr
    );
    db.run(&[
        "series",
        "update",
        "LTR",
        "--codes",
        "ORIGINATOR=คคง.,สคฉ.3,กทพ.",
        "--reason",
        "กทพ. joins the project",
    ])
    .ok();
    let (number, _) = db.reserve(&[
        "LTR",
        "--context",
        "ORIGINATOR=กทพ.",
        "--context",
        "RECIPIENT=สคฉ.3",
    ]);
    assert!(number.starts_with("กทพ.-สคฉ.3-0001-"), "{number}");
}

#[test]
fn overlapping_series_are_refused_or_warned_on_the_command_line() {
    let db = crate::support::Db::new();
    db.run(&[
        "series",
        "create",
        "LTR",
        "--template",
        "{ORIGINATOR}-{SEQ:4}",
        "--scope",
        "GLOBAL",
        "--codes",
        "ORIGINATOR=HR,IT",
    ])
    .ok();
    let memo = [
        "series",
        "create",
        "MEMO",
        "--template",
        "{RECIPIENT}-{SEQ:4}",
        "--scope",
        "GLOBAL",
        "--pattern",
        "RECIPIENT=[A-Z]+",
    ];
    let refused = db.run(&memo);
    assert_ne!(refused.code, 0);
    assert!(
        refused.stderr.contains("NB009")
            && refused.stderr.contains("LTR")
            && refused.stderr.contains("HR-0001"),
        "{}",
        refused.stderr
    );
    let mut thai = memo.to_vec();
    thai.extend(["--lang", "th"]);
    let refused = db.run(&thai);
    assert!(
        refused.stderr.contains("เลขที่ของชุดนี้กับของชุด LTR"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        db.json(&["series", "list"]).as_array().map(Vec::len),
        Some(1)
    );

    // Declaring nothing: created, warned on standard error, and the JSON
    // on standard output carries the overlap.
    let free = db
        .run(&[
            "series",
            "create",
            "FREE",
            "--template",
            "{RECIPIENT}-{SEQ:4}",
            "--scope",
            "GLOBAL",
            "--json",
        ])
        .ok();
    assert_eq!(
        free.json()["overlaps"],
        json!([{"document_type": "LTR", "version": null,
                "example": "HR-0001", "kind": "undeclared"}])
    );
    assert!(
        free.stderr.contains("warning") && free.stderr.contains("HR-0001"),
        "{}",
        free.stderr
    );
    // {RECIPIENT}-{SEQ:4} reads one way only: no ambiguity warning.
    assert!(
        !free.stderr.contains("more than one way"),
        "{}",
        free.stderr
    );
    let plain = db.run(&[
        "series",
        "create",
        "PLAIN",
        "--template",
        "{PROJECT}-{RECIPIENT}-{SEQ:4}",
        "--scope",
        "GLOBAL",
        "--namespace",
        "plain",
    ]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(
        plain.stderr.contains("more than one way") && plain.stderr.contains("PROJECT"),
        "{}",
        plain.stderr
    );

    // A wider sequence can re-render what version 1 issued: said with the
    // dry run, in Thai too.
    let dry = db
        .run(&[
            "series",
            "update",
            "FREE",
            "--template",
            "{RECIPIENT}-{SEQ:5}",
            "--reason",
            "five digits from now on",
            "--dry-run",
            "--lang",
            "th",
        ])
        .ok();
    assert!(
        dry.stderr.contains("รุ่น 1") && dry.stderr.contains("-10000"),
        "{}",
        dry.stderr
    );
}
