//! The admin CLI on the real binary: status, set, reserve/confirm/cancel,
//! audit-export — output and database state.

use crate::support::Db;

fn year_of(number: &str) -> &str {
    number.split('-').nth(1).unwrap()
}

#[test]
fn reserve_confirm_cancel_for_scripts() {
    let db = Db::new();
    db.series("COR", "COR-{YYYY}-{SEQ:5}", "YEARLY", false);
    let (first, token) = db.reserve(&["COR", "--user", "alice"]);
    assert!(
        first.starts_with("COR-") && first.ends_with("-00001"),
        "{first}"
    );
    let confirmed = db.run(&["confirm", &token, "--document-ref", "DOC-7"]).ok();
    assert!(
        confirmed.stdout.starts_with(&format!("{first}\t")),
        "{}",
        confirmed.stdout
    );
    // Confirming again is idempotent.
    let again = db.json(&["confirm", &token]);
    assert_eq!(again["document_number"], first.as_str());
    assert_eq!(again["document_ref"], "DOC-7");

    let reserved = db.json(&["reserve", "COR", "--metadata", r#"{"by":"script"}"#]);
    assert_eq!(reserved["metadata"]["by"], "script");
    let second_token = reserved["token"].as_str().unwrap();
    let cancelled = db
        .run(&["cancel", second_token, "--reason", "not needed"])
        .ok();
    assert!(
        cancelled.stdout.trim().ends_with("\tCANCELLED"),
        "{}",
        cancelled.stdout
    );
    // A cancelled reservation cannot be confirmed (NB004) — refused input: exit 2.
    let refused = db.run(&["confirm", second_token]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("NB004"), "{}", refused.stderr);
    // Unknown series: exit 2 with the code.
    let unknown = db.run(&["reserve", "NOPE"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("NB001"), "{}", unknown.stderr);
    let bad_token = db.run(&["confirm", "not-a-uuid"]);
    assert_eq!(bad_token.code, 2);

    let states = db.count(
        "SELECT COUNT(*) AS n FROM issued_numbers WHERE state = 'CONFIRMED' AND issued_by = 'alice' AND document_ref = 'DOC-7'",
    );
    assert_eq!(states, 1);
    assert_eq!(
        db.count("SELECT COUNT(*) AS n FROM issued_numbers WHERE state = 'CANCELLED'"),
        1
    );
    // Audited as the CLI user (the OS user when --user is not given).
    assert_eq!(
        db.count(
            "SELECT COUNT(*) AS n FROM audit_log WHERE operation = 'CANCEL' AND user_id = 'ops'"
        ),
        1
    );
}

#[test]
fn status_shows_every_series_and_counter() {
    let db = Db::new();
    db.series("COR", "COR-{YYYY}-{SEQ:5}", "YEARLY", false);
    db.series("RFA", "RFA-{PROJECT}-{SEQ:4}", "PROJECT", true);
    for _ in 0..3 {
        db.reserve(&["COR"]);
    }
    db.reserve(&["RFA", "--context", "PROJECT=P1"]);
    db.reserve(&["RFA", "--scope-value", "P2"]);

    let table = db.run(&["status"]).ok().stdout;
    for needle in [
        "type",
        "used %",
        "last used",
        "manual override",
        "COR-{YYYY}-{SEQ:5}",
        "YEARLY",
        "PROJECT",
    ] {
        assert!(table.contains(needle), "{needle} in\n{table}");
    }
    // Not a terminal: no colour codes.
    assert!(!table.contains('\u{1b}'), "{table}");
    let counters = db.run(&["status", "--counters"]).ok().stdout;
    assert!(
        counters.contains("PROJECT=P1") && counters.contains("PROJECT=P2"),
        "{counters}"
    );

    let all = db.json(&["status"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["document_type"], "COR");
    assert_eq!(all[0]["current_value"], 3);
    assert_eq!(all[0]["counts_by_state"]["RESERVED"], 3);
    assert_eq!(all[0]["allow_manual_override"], false);
    assert_eq!(all[1]["counters"].as_array().unwrap().len(), 2);
    let one = db.json(&["status", "RFA"]);
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(db.run(&["status", "NOPE"]).code, 2);
}

#[test]
fn set_raises_lowers_and_refuses_below_the_highest_issued_value() {
    let db = Db::new();
    db.series("COR", "COR-{YYYY}-{SEQ:5}", "YEARLY", false);
    let (number, _) = db.reserve(&["COR"]);
    for _ in 0..4 {
        db.reserve(&["COR"]);
    }
    let year = year_of(&number).to_owned();
    let key = format!("COR|YEAR={year}");

    let raised = db.json(&[
        "set",
        "COR",
        "40",
        "--reason",
        "paper register",
        "--user",
        "admin1",
    ]);
    assert_eq!(raised["counter_key"], key.as_str());
    assert_eq!(raised["old_value"], 5);
    assert_eq!(raised["new_value"], 40);
    assert_eq!(raised["skipped"], serde_json::json!([6, 40]));
    let value = |db: &Db| {
        db.count(&format!(
            "SELECT current_value AS n FROM counters WHERE counter_key = '{key}'"
        ))
    };
    assert_eq!(value(&db), 40);
    assert_eq!(
        db.count("SELECT COUNT(*) AS n FROM audit_log WHERE operation = 'SEQUENCE_SET' AND user_id = 'admin1' AND old_value = '5' AND new_value = '40'"),
        1
    );
    let (next, _) = db.reserve(&["COR"]);
    assert!(next.ends_with("-00041"), "{next}");

    let refused = db.run(&["set", "COR", "3", "--reason", "oops"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("NB019"), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("value 41 has already been issued"),
        "{}",
        refused.stderr
    );
    assert_eq!(value(&db), 41);

    let human = db.run(&["set", "COR", "41", "--reason", "again"]).ok();
    assert!(human.stdout.contains("nothing changed"), "{}", human.stdout);
    // Another period's counter, created by the set.
    let past = db.json(&[
        "set", "COR", "7", "--period", "2020", "--reason", "old year",
    ]);
    assert_eq!(past["counter_key"], "COR|YEAR=2020");
    assert_eq!(past["old_value"], 0);
    assert_eq!(
        db.run(&["set", "COR", "7", "--period", "20x0", "--reason", "r"])
            .code,
        2
    );
    assert_eq!(db.run(&["set", "COR", "7"]).code, 2, "a reason is required");
    assert_eq!(db.run(&["set", "COR", "1000000", "--reason", "r"]).code, 2);
    // Every skip is on record: validate is clean.
    assert_eq!(db.run(&["validate"]).code, 0);
}

#[test]
fn audit_export_streams_csv_and_json_with_filters() {
    let db = Db::new();
    db.series("COR", "COR-{YYYY}-{SEQ:5}", "YEARLY", false);
    for _ in 0..3 {
        let (_, token) = db.reserve(&["COR", "--user", "alice"]);
        db.run(&["confirm", &token, "--user", "bob"]).ok();
    }
    let csv_path = db.dir.path().join("audit.csv");
    let out = db
        .run(&[
            "audit-export",
            "--format",
            "csv",
            "--output",
            csv_path.to_str().unwrap(),
        ])
        .ok();
    assert!(
        out.stderr.contains("exported 7 audit entries"),
        "{}",
        out.stderr
    );
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert_eq!(&headers[2], "operation");
    assert_eq!(headers.len(), 15);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(&rows[0][2], "CONFIG_CHANGE");
    let meta: serde_json::Value = serde_json::from_str(&rows[1][14]).unwrap();
    assert!(meta["token"].is_string(), "{meta}");
    assert!(!db.dir.path().join("audit.csv.partial").exists());

    let confirms = db
        .run(&[
            "audit-export",
            "--format",
            "json",
            "--operation",
            "confirm",
            "--user",
            "bob",
        ])
        .ok();
    let list = confirms.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert!(
        list.iter()
            .all(|e| e["operation"] == "CONFIRM" && e["user_id"] == "bob")
    );

    let lines = db
        .run(&[
            "audit-export",
            "--format",
            "jsonl",
            "--type",
            "COR",
            "--user",
            "alice",
        ])
        .ok();
    assert_eq!(lines.stdout.lines().count(), 3);
    for line in lines.stdout.lines() {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(e["operation"], "RESERVE");
    }
    // A range before any entry is empty; an inverted range is bad usage.
    let empty = db
        .run(&[
            "audit-export",
            "--format",
            "json",
            "--start",
            "2000-01-01",
            "--end",
            "2000-12-31",
        ])
        .ok();
    assert_eq!(empty.json(), serde_json::json!([]));
    assert_eq!(
        db.run(&[
            "audit-export",
            "--start",
            "2025-02-01",
            "--end",
            "2025-01-01"
        ])
        .code,
        2
    );
    assert_eq!(db.run(&["audit-export", "--operation", "DELETE"]).code, 2);
    assert_eq!(db.run(&["audit-export", "--format", "xml"]).code, 2);
}

/// `docnum audit-export | head` ends quietly with the shell's SIGPIPE
/// status, in every format, instead of reporting a write error.
#[test]
fn audit_export_into_a_closed_pipe_ends_quietly() {
    let db = Db::new();
    db.series("COR", "COR-{YYYY}-{SEQ:5}", "YEARLY", false);
    for _ in 0..3 {
        db.reserve(&["COR", "--user", "alice"]);
    }
    for format in ["csv", "json", "jsonl"] {
        // The read end is gone before the command starts.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(crate::support::binary())
            .args(["audit-export", "--format", format])
            .env("DATABASE_URL", &db.url)
            .current_dir(db.dir.path())
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{format}: {stderr}");
        assert!(!stderr.contains("error"), "{format}: {stderr}");
    }
}
