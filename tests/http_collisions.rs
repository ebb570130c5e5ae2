//! A collision never stops a counter, over real HTTP on SQLite (issue 16):
//! a client with only `numbering:reserve` whose scope text renders what a
//! colleague's counter will draw does not block it; the colleague's draw
//! skips the existing number, the skip is in the audit, and `docnum
//! validate` is clean.

use crate::support::{TestServer, code};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_twin_counter_never_blocks_its_victim() {
    let server = TestServer::start(&[]);
    server
        .create_series(json!({
            "document_type": "CT",
            "template": "{PROJECT}-{CONTRACT}-{SEQ:4}",
            "scope": ["PROJECT", "CONTRACT"],
        }))
        .await;
    let user = server.token("mallory", &["numbering:reserve"]);
    let squat = json!({"document_type": "CT", "context": {"PROJECT": "LCBP3-C2", "CONTRACT": "A"}});
    let victim =
        json!({"document_type": "CT", "context": {"PROJECT": "LCBP3", "CONTRACT": "C2-A"}});

    let first = server.reserve(&user, squat.clone()).await;
    assert_eq!(first["document_number"], "LCBP3-C2-A-0001");
    for expected in ["LCBP3-C2-A-0002", "LCBP3-C2-A-0003"] {
        let (status, body) = server.post(&user, "/reserve", victim.clone()).await;
        assert_eq!(status, 201, "{} {body}", code(&body));
        assert_eq!(body["data"]["document_number"], expected);
    }
    let again = server.reserve(&user, squat).await;
    assert_eq!(again["document_number"], "LCBP3-C2-A-0004");

    let (status, audit) = server
        .get(&server.admin(), "/audit?operation=SEQUENCE_SKIP")
        .await;
    assert_eq!(status, 200, "{audit}");
    let entries = audit["data"]["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2, "{audit}");

    let out = server.cli(&["validate"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("OK: 2 counters and 4 numbers checked"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn invisible_characters_are_refused_and_consume_nothing() {
    let server = TestServer::start(&[]);
    server
        .create_series(json!({
            "document_type": "PRJ",
            "template": "{PROJECT}-{SEQ:4}",
            "scope": ["PROJECT"],
        }))
        .await;
    let user = server.token("mallory", &["numbering:reserve"]);
    for bad in [
        "LCBP3\u{200b}",
        "\u{feff}LCBP3",
        "LC\u{202e}BP3",
        "LCBP3\u{2066}",
    ] {
        let (status, body) = server
            .post(
                &user,
                "/reserve",
                json!({"document_type": "PRJ", "context": {"PROJECT": bad}}),
            )
            .await;
        assert_eq!((status, code(&body)), (422, "NB006"), "{bad:?}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains("invisible"), "{message}");
    }
    let first = server
        .reserve(
            &user,
            json!({"document_type": "PRJ", "context": {"PROJECT": "LCBP3"}}),
        )
        .await;
    assert_eq!(
        first["document_number"], "LCBP3-0001",
        "nothing was consumed"
    );
    // Text is kept in NFC: a decomposed é renders composed.
    let composed = server
        .reserve(
            &user,
            json!({"document_type": "PRJ", "context": {"PROJECT": "Caf\u{0065}\u{0301}"}}),
        )
        .await;
    assert_eq!(composed["document_number"], "Caf\u{e9}-0001");
}

/// GLOBAL → YEARLY after three numbers: the dry run (API and CLI) says the
/// yearly counter will skip three values and changes nothing; the update's
/// answer says the same, and the next number takes the value it named.
#[tokio::test(flavor = "multi_thread")]
async fn a_series_change_says_what_its_counters_will_skip() {
    let server = TestServer::start(&[]);
    let series = json!({"document_type": "GY", "template": "GY-{YYYY}-{SEQ:4}", "scope": "GLOBAL"});
    server.create_series(series.clone()).await;
    let admin = server.admin();
    for _ in 0..3 {
        server.reserve(&admin, json!({"document_type": "GY"})).await;
    }
    let mut yearly = series;
    yearly["scope"] = json!("YEARLY");
    yearly["reason"] = json!("counted per year from now on");

    let (status, dry) = server
        .put(&admin, "/series/GY?dry_run=true", yearly.clone())
        .await;
    assert_eq!(status, 200, "{dry}");
    let change = &dry["data"]["change"];
    assert_eq!(change["dry_run"], true, "{dry}");
    assert_eq!(
        change["counters"].as_array().map(Vec::len),
        Some(1),
        "{dry}"
    );
    assert_eq!(change["counters"][0]["skipped"], 3, "{dry}");
    assert_eq!(change["counters"][0]["next_value"], 4, "{dry}");
    let (_, stored) = server.get(&admin, "/series/GY").await;
    assert_eq!(
        stored["data"]["scope"], "GLOBAL",
        "a dry run changes nothing"
    );
    assert_eq!(stored["data"]["change"], serde_json::Value::Null);

    let out = server.cli(&[
        "series",
        "update",
        "GY",
        "--scope",
        "YEARLY",
        "--reason",
        "r",
        "--dry-run",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(cli["change"]["counters"], change["counters"], "{cli}");
    assert_eq!(cli["version"], 2, "{cli}");

    let (status, done) = server.put(&admin, "/series/GY", yearly).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["data"]["change"]["dry_run"], false, "{done}");
    assert_eq!(
        done["data"]["change"]["counters"], change["counters"],
        "{done}"
    );
    let next = server.reserve(&admin, json!({"document_type": "GY"})).await;
    assert_eq!(next["value"], 4, "{next}");
}
