//! `docnum import`: dry run first, all-or-nothing apply, bad rows by line.

use crate::support::Db;

const HEADER: &str = "document_type,document_number,created_at,metadata\n";

fn write(db: &Db, name: &str, body: &str) -> String {
    let path = db.dir.path().join(name);
    std::fs::write(&path, format!("{HEADER}{body}")).unwrap();
    path.display().to_string()
}

fn registry_rows(db: &Db) -> i64 {
    db.count("SELECT COUNT(*) AS n FROM issued_numbers")
}

#[test]
fn a_file_with_one_bad_row_writes_nothing() {
    let db = Db::new();
    db.series("COR", "COR-{YYYY}-{SEQ:5}", "YEARLY", false);
    let file = write(
        &db,
        "legacy.csv",
        "COR,COR-2023-00001,2023-01-10,\n\
         COR,COR-2023-00002,2023-01-11,\n\
         COR,COR-2023-0003,2023-01-12,\n\
         COR,COR-2023-00004,2023-01-13,\n",
    );
    for args in [vec!["import", &file], vec!["import", &file, "--apply"]] {
        let out = db.run(&args);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stdout.contains("| 4 "),
            "line 4 is reported:\n{}",
            out.stdout
        );
        assert!(out.stdout.contains("NB006"), "{}", out.stdout);
        assert!(out.stdout.contains("1 of 4 rows are bad"), "{}", out.stdout);
    }
    let report = db.run(&["import", &file, "--apply", "--json"]);
    assert_eq!(report.code, 2);
    let report = report.json();
    assert_eq!(report["ok"], false);
    assert_eq!(report["problems"].as_array().unwrap().len(), 1);
    assert_eq!(report["problems"][0]["line"], 4);
    assert_eq!(report["problems"][0]["code"], "NB006");
    assert_eq!(registry_rows(&db), 0);
    assert_eq!(db.count("SELECT COUNT(*) AS n FROM counters"), 0);
    assert_eq!(
        db.count("SELECT COUNT(*) AS n FROM audit_log WHERE operation <> 'CONFIG_CHANGE'"),
        0
    );
}

#[test]
fn a_clean_file_is_previewed_then_imported_and_counters_raised() {
    let db = Db::new();
    db.series("COR", "COR-{YYYY}-{SEQ:5}", "YEARLY", false);
    db.series("RFA", "RFA-{PROJECT}-{SEQ:4}", "PROJECT", false);
    db.run(&[
        "set",
        "COR",
        "2",
        "--period",
        "2023",
        "--reason",
        "two paper numbers",
    ])
    .ok();
    let file = write(
        &db,
        "legacy.csv",
        "COR,COR-2023-00005,2023-02-01,\"{\"\"legacy_id\"\": 5}\"\n\
         COR,COR-2023-00003,2023-01-20 09:15,\n\
         RFA,RFA-P1-0042,2023-03-01T10:00:00+07:00,\n",
    );
    let dry = db.run(&["import", &file]).ok();
    assert!(dry.stdout.contains("Dry run"), "{}", dry.stdout);
    assert!(dry.stdout.contains("--apply"), "{}", dry.stdout);
    assert_eq!(registry_rows(&db), 0, "a dry run writes nothing");
    let plan = db.json(&["import", &file]);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["importable"], 3);
    assert_eq!(plan["preview"][0]["line"], 2);
    assert_eq!(plan["counters"][0]["counter_key"], "COR|YEAR=2023");
    assert_eq!(plan["counters"][0]["current_value"], 2);
    assert_eq!(plan["counters"][0]["after"], 5);

    let done = db.json(&["import", &file, "--apply", "--user", "migrator"]);
    assert_eq!(done["imported"], 3);
    assert_eq!(done["counters"][1]["counter_key"], "RFA|PROJECT=P1");
    assert_eq!(done["counters"][1]["after"], 42);
    assert_eq!(
        db.count("SELECT COUNT(*) AS n FROM issued_numbers WHERE state = 'CONFIRMED' AND source = 'IMPORT' AND issued_by = 'migrator'"),
        3
    );
    assert_eq!(
        db.count("SELECT COUNT(*) AS n FROM audit_log WHERE operation = 'IMPORT'"),
        3
    );
    assert_eq!(
        db.count("SELECT current_value AS n FROM counters WHERE counter_key = 'COR|YEAR=2023'"),
        5
    );
    assert_eq!(
        db.count("SELECT issued_at AS n FROM issued_numbers WHERE document_number = 'RFA-P1-0042'"),
        1_677_639_600_000_000
    );
    assert_eq!(db.run(&["validate"]).code, 0);

    // The same file again: every row is already in the registry.
    let again = db.json_code(&["import", &file, "--apply"], 2);
    let codes: Vec<&str> = again["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["NB005", "NB005", "NB005"]);
    assert_eq!(registry_rows(&db), 3);
}

#[test]
fn a_malformed_file_is_bad_input() {
    let db = Db::new();
    let path = db.dir.path().join("bad.csv");
    std::fs::write(&path, "type,number\nCOR,COR-1\n").unwrap();
    let out = db.run(&["import", path.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown column 'type'"),
        "{}",
        out.stderr
    );
    assert_eq!(db.run(&["import", "missing.csv"]).code, 2);
    std::fs::write(&path, HEADER).unwrap();
    assert_eq!(db.run(&["import", path.to_str().unwrap()]).code, 2);
}

#[test]
fn line_numbers_are_right_in_windows_files_with_multi_line_fields() {
    let db = Db::new();
    db.series("COR", "COR-{YYYY}-{SEQ:5}", "YEARLY", false);
    let path = db.dir.path().join("windows.csv");
    std::fs::write(
        &path,
        "\u{feff}document_type,document_number,created_at,metadata\r\n\
         COR,COR-2023-00001,2023-01-01,\"{\"\"note\"\":\r\n\"\"two lines\"\"}\"\r\n\
         COR,COR-2023-0002,2023-01-01,\r\n\
         COR,COR-2023-00003,2023-01-01,,extra\r\n",
    )
    .unwrap();
    let report = db.json_code(&["import", path.to_str().unwrap()], 2);
    let lines: Vec<u64> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [4, 5], "{report}");
    assert_eq!(report["rows"], 3);
}
