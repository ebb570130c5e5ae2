//! `docnum validate` and `check-duplicates` on a database corrupted on
//! purpose with raw SQL: every kind of violation is reported, exit code 1.

use crate::support::Db;
use serde_json::Value;

/// Copies registry row `from` as a new row with `number`, `value` (SQL
/// literals) and a fresh token.
fn copy_row(from: &str, number: &str, value: &str) -> String {
    format!(
        "INSERT INTO issued_numbers (token, document_type, namespace, document_number, counter_key, \
         seq_value, state, source, context_json, metadata_json, template, issued_at, issued_by) \
         SELECT lower(hex(randomblob(16))), document_type, namespace, '{number}', counter_key, {value}, \
         state, source, context_json, metadata_json, template, issued_at, issued_by \
         FROM issued_numbers WHERE document_number = '{from}'"
    )
}

fn kinds(report: &Value) -> Vec<String> {
    report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_clean_database_validates() {
    let db = Db::new();
    db.series("COR", "COR-{YYYY}-{SEQ:5}", "YEARLY", true);
    for _ in 0..3 {
        db.reserve(&["COR"]);
    }
    let (_, token) = db.reserve(&["COR"]);
    db.run(&["cancel", &token]).ok();
    let out = db.run(&["validate"]).ok();
    assert!(
        out.stdout
            .starts_with("OK: 1 counters and 4 numbers checked"),
        "{}",
        out.stdout
    );
    let report = db.json(&["validate"]);
    assert_eq!(report["ok"], true);
    assert_eq!(report["violations"], serde_json::json!([]));
    assert_eq!(db.run(&["check-duplicates"]).code, 0);
}

#[test]
fn every_violation_kind_is_reported_and_exits_1() {
    let db = Db::new();
    db.series("COR", "COR-{YYYY}-{SEQ:5}", "YEARLY", false);
    db.series("RFA", "RFA-{SEQ:4}", "GLOBAL", false);
    let numbers: Vec<String> = (0..5).map(|_| db.reserve(&["COR"]).0).collect();
    let year = numbers[0].split('-').nth(1).unwrap().to_owned();
    let key = format!("COR|YEAR={year}");
    for _ in 0..3 {
        db.reserve(&["RFA"]);
    }
    // A raise recorded in the audit is not a gap.
    db.run(&["set", "COR", "8", "--reason", "skip three"]).ok();

    db.sql(&[
        // Without the unique indexes the database can be corrupted at will.
        "DROP INDEX ux_issued_numbers_counter_value",
        "DROP INDEX ux_issued_numbers_namespace_number",
        // Value 2 held by a second number.
        &copy_row(&numbers[1], &format!("COR-{year}-X0002"), "2"),
        // The rendered number of value 4 issued again, outside any counter.
        &copy_row(&numbers[3], &numbers[3], "NULL"),
        // Value 3 lost without a trace: an unexplained gap.
        &format!(
            "DELETE FROM issued_numbers WHERE document_number = '{}'",
            numbers[2]
        ),
        // The RFA counter pushed back below its highest number.
        "UPDATE counters SET current_value = 1 WHERE counter_key = 'RFA'",
        // A counter beyond the registry with no record of why: a gap 9..=12.
        &format!("UPDATE counters SET current_value = 12 WHERE counter_key = '{key}'"),
    ]);

    let out = db.run(&["validate", "--json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    assert_eq!(report["ok"], false);
    assert_eq!(
        kinds(&report),
        [
            "duplicate_value",
            "duplicate_number",
            "unexplained_gap",
            "unexplained_gap",
            "counter_behind"
        ]
    );
    let v = &report["violations"];
    assert_eq!(v[0]["counter_key"], key.as_str());
    assert_eq!(v[0]["value"], 2);
    assert_eq!(
        v[0]["document_numbers"],
        serde_json::json!([numbers[1].clone(), format!("COR-{year}-X0002")])
    );
    assert_eq!(v[1]["document_number"], numbers[3].as_str());
    assert_eq!(v[1]["count"], 2);
    assert_eq!(
        (v[2]["from"].as_u64(), v[2]["to"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(
        (v[3]["from"].as_u64(), v[3]["to"].as_u64()),
        (Some(9), Some(12))
    );
    assert_eq!(v[4]["counter_key"], "RFA");
    assert_eq!(v[4]["current_value"], 1);
    assert_eq!(v[4]["highest_issued"], 3);

    let human = db.run(&["validate"]);
    assert_eq!(human.code, 1);
    for needle in [
        "duplicate_value",
        "duplicate_number",
        "unexplained_gap",
        "counter_behind",
        "5 problem(s) found",
    ] {
        assert!(
            human.stdout.contains(needle),
            "{needle} in\n{}",
            human.stdout
        );
    }
    assert!(human.stdout.contains("values 9..=12"), "{}", human.stdout);

    let dups = db.run(&["check-duplicates", "--json"]);
    assert_eq!(dups.code, 1);
    assert_eq!(kinds(&dups.json()), ["duplicate_number"]);

    // Repairing the counters with `docnum set` leaves only the data problems.
    db.run(&["set", "RFA", "3", "--reason", "repair"]).ok();
    let after = db.run(&["validate", "--json"]);
    assert_eq!(after.code, 1);
    assert!(!kinds(&after.json()).contains(&"counter_behind".to_owned()));
}

/// Two counters whose scope values differ only by full-width letters issue
/// numbers a reader cannot tell apart, through docnum itself: `validate`
/// and `check-duplicates` list them (exit 1), in Thai under `--lang th`.
#[test]
fn twin_counters_of_look_alike_values_are_one_counter() {
    let db = Db::new();
    db.series("PRJ", "{PROJECT}-{SEQ:4}", "PROJECT", false);
    let (plain, _) = db.reserve(&["PRJ", "--context", "PROJECT=COR"]);
    let (wide, _) = db.reserve(&["PRJ", "--context", &format!("PROJECT={WIDE_COR}")]);
    assert_eq!(
        (plain.as_str(), wide.as_str()),
        ("COR-0001", "\u{FF23}\u{FF2F}\u{FF32}-0002")
    );
    let report = db.json_code(&["validate"], 0);
    assert_eq!(report["violations"], serde_json::json!([]), "{report}");
}

/// `COR` in full-width letters.
const WIDE_COR: &str = "\u{FF23}\u{FF2F}\u{FF32}";

/// A database an older docnum wrote (the number-keys migration undone, a
/// look-alike planted as that docnum could issue it): docnum stops at the
/// data step, naming the pair and the way out; `validate` lists them (in
/// Thai too); `migrate --keep-look-alikes` keeps them, audited, and
/// numbering goes on.
#[test]
fn an_older_database_with_look_alikes_stops_until_an_admin_keeps_them() {
    let db = Db::new();
    db.series("PRJ", "{PROJECT}-{SEQ:4}", "PROJECT", false);
    db.reserve(&["PRJ", "--context", "PROJECT=COR"]);
    db.reserve(&["PRJ", "--context", "PROJECT=COR"]);
    db.sql(&[
        "DELETE FROM docnum_schema_compat WHERE migration = '20261205000000'",
        "DROP TABLE docnum_pending_steps",
        "DROP INDEX ux_issued_numbers_namespace_key",
        "ALTER TABLE issued_numbers DROP COLUMN number_key",
        "ALTER TABLE series DROP COLUMN values_json",
        "DELETE FROM __diesel_schema_migrations WHERE version = '20261205000000'",
    ]);
    let wide_key = format!("PRJ|PROJECT={WIDE_COR}");
    db.sql(&[
        &format!(
            "INSERT INTO counters (counter_key, document_type, current_value, created_at, \
             updated_at) VALUES ('{wide_key}', 'PRJ', 1, 0, 0)"
        ),
        &format!(
            "INSERT INTO issued_numbers (token, document_type, namespace, document_number, \
             counter_key, seq_value, state, source, context_json, metadata_json, template, \
             issued_at, confirmed_at, issued_by) VALUES \
             ('00000000-0000-4000-8000-000000000001', 'PRJ', 'default', '{WIDE_COR}-0001', \
             '{wide_key}', 1, 'CONFIRMED', 'RESERVE', '{{\"PROJECT\":\"{WIDE_COR}\"}}', '{{}}', \
             '{{PROJECT}}-{{SEQ:4}}', 0, 0, 'older-docnum')"
        ),
    ]);
    let pair = format!("default: COR-0001 = {WIDE_COR}-0001");

    for args in [&["status"][..], &["migrate"]] {
        let stopped = db.run(args);
        assert_eq!(stopped.code, 1, "{args:?}: {}", stopped.stderr);
        assert!(
            stopped.stderr.contains("NB009")
                && stopped.stderr.contains(&pair)
                && stopped.stderr.contains("docnum migrate --keep-look-alikes"),
            "{args:?}: {}",
            stopped.stderr
        );
    }
    assert_eq!(
        db.count("SELECT COUNT(*) AS n FROM issued_numbers WHERE number_key IS NULL"),
        3,
        "the stop changed nothing"
    );

    let status = db.run(&["migrate", "status"]).ok();
    assert!(
        status.stdout.contains("data step number_keys pending"),
        "{}",
        status.stdout
    );

    let report = db.json_code(&["validate"], 1);
    assert_eq!(kinds(&report), ["look_alike_numbers"], "{report}");
    assert_eq!(
        report["violations"][0]["document_numbers"],
        serde_json::json!(["COR-0001", format!("{WIDE_COR}-0001")]),
        "{report}"
    );
    let thai = db.run(&["validate", "--lang", "th"]);
    assert_eq!(thai.code, 1, "{}", thai.stderr);
    assert!(
        thai.stdout.contains("ดูเหมือนกันจนแยกไม่ออก"),
        "{}",
        thai.stdout
    );
    let thai = db.run(&["status", "--lang", "th"]);
    assert!(
        thai.stderr.contains("--keep-look-alikes") && thai.stderr.contains("กลุ่ม"),
        "{}",
        thai.stderr
    );

    let kept = db
        .run(&[
            "migrate",
            "--keep-look-alikes",
            "--reason",
            "both were sent to the contractor in 2025",
            "--user",
            "somchai",
        ])
        .ok();
    assert_eq!(
        kept.stdout,
        format!(
            "schema is up to date: no migration applied\n\
             kept as issued in default: COR-0001 = {WIDE_COR}-0001\n\
             data step number_keys done (1 look-alike group(s) kept, 0 counter(s) merged)\n"
        )
    );
    assert_eq!(
        db.count(
            "SELECT COUNT(*) AS n FROM audit_log WHERE operation = 'LOOK_ALIKE_KEPT' \
             AND user_id = 'somchai'"
        ),
        1
    );
    let (next, _) = db.reserve(&["PRJ", "--context", &format!("PROJECT={WIDE_COR}")]);
    assert_eq!(next, format!("{WIDE_COR}-0003"));
}
