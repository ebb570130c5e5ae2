//! The upgrade to number keys (issue 16) on a database an older docnum
//! wrote: the migration adds `number_key` (NULL on every existing row) and
//! lists the data step `number_keys`; docnum then fills the keys, merges
//! counters whose keys become equal (continuing after the highest value of
//! either, audited), and stops — changing nothing — when two existing
//! numbers look the same, until an admin keeps them.
//!
//! The older docnum's rows are planted with plain SQL beside rows today's
//! docnum issued, then the step is listed again: the state the migration
//! leaves. Run on each SQL store (a memory store has no older data).

use std::future::Future;

use docnum_application::usecases::{KeepLookAlikes, Violation};
use docnum_application::{Actor, AppError, Numbering, ScopeSpec, SeriesConfig, Settings};

use super::coalescing::plain;
use super::collisions::{admin, request, validate_is_clean};
use super::{Store, audit_of};

/// Plain SQL on the store's database, behind its back.
pub trait RawSql {
    /// Runs statements (one per call).
    fn run(&mut self, sql: &str) -> impl Future<Output = ()>;
    /// `SELECT COUNT(*) AS n …`.
    fn count(&mut self, sql: &str) -> impl Future<Output = i64>;
}

/// `LCBP3` in full-width letters.
const WIDE: &str = "\u{FF2C}\u{FF23}\u{FF22}\u{FF30}\u{FF13}";
/// The older docnum's counter key for it (NFC, not NFKC).
const WIDE_KEY: &str = "PRJ|PROJECT=\u{FF2C}\u{FF23}\u{FF22}\u{FF30}\u{FF13}";
const KEYLESS: &str = "SELECT COUNT(*) AS n FROM issued_numbers WHERE number_key IS NULL";
const PENDING: &str = "SELECT COUNT(*) AS n FROM docnum_pending_steps";

/// A series `PRJ` (`{PROJECT}-{SEQ:4}` per project) and `n` numbers today's
/// docnum issues for `LCBP3`.
async fn series_with_numbers(store: &Store, n: u64) -> Numbering {
    let numbering = plain(store, Settings::default());
    // Today's docnum finishes the (empty) step of a new database at start.
    numbering.finish_upgrade(None, &system()).await.unwrap();
    let config = SeriesConfig::new(
        "PRJ",
        "{PROJECT}-{SEQ:4}",
        ScopeSpec::Dimensions(vec!["PROJECT".into()]),
    );
    numbering.create_series(&config, &admin()).await.unwrap();
    for _ in 0..n {
        numbering
            .reserve(
                &request("PRJ", &[("PROJECT", "LCBP3")]),
                &Actor::user("alice"),
            )
            .await
            .unwrap();
    }
    numbering
}

/// What an older docnum left: its counter for the full-width project at
/// `current`, its numbers `values` (no number key), a SEQUENCE_SET that
/// skipped `1..=set` — and the step listed again, as the migration does.
async fn plant_older_rows(raw: &mut impl RawSql, current: u64, set: u64, values: &[u64]) {
    raw.run(&format!(
        "INSERT INTO counters (counter_key, document_type, current_value, created_at, updated_at) \
         VALUES ('{WIDE_KEY}', 'PRJ', {current}, 0, 0)"
    ))
    .await;
    if set > 0 {
        raw.run(&format!(
            "INSERT INTO audit_log (occurred_at, operation, document_type, counter_key, \
             old_value, new_value, user_id, duration_ms, fallback_used, metadata_json) \
             VALUES (0, 'SEQUENCE_SET', 'PRJ', '{WIDE_KEY}', '0', '{set}', 'older-docnum', 0, \
             FALSE, '{{\"reason\":\"paper register\",\"skipped\":[[1,{set}]]}}')"
        ))
        .await;
    }
    for value in values {
        raw.run(&format!(
            "INSERT INTO issued_numbers (token, document_type, namespace, document_number, \
             counter_key, seq_value, state, source, context_json, metadata_json, template, \
             issued_at, confirmed_at, issued_by) VALUES \
             ('00000000-0000-4000-8000-{value:012}', 'PRJ', 'default', '{WIDE}-{value:04}', \
             '{WIDE_KEY}', {value}, 'CONFIRMED', 'RESERVE', '{{\"PROJECT\":\"{WIDE}\"}}', '{{}}', \
             '{{PROJECT}}-{{SEQ:4}}', 0, 0, 'older-docnum')"
        ))
        .await;
    }
    raw.run("INSERT INTO docnum_pending_steps (step) VALUES ('number_keys')")
        .await;
}

fn system() -> Actor {
    Actor::user("docnum-upgrade")
}

/// Counters an older docnum kept apart for `LCBP3` and its full-width
/// spelling (the latter set to 10 by hand, then issuing 11 and 12): merged
/// into today's key, which continues at 13 for either spelling; the raise
/// is a SEQUENCE_SET naming the merged key, and `validate` stays clean.
pub async fn look_alike_counters_are_merged_and_continue(store: Store, mut raw: impl RawSql) {
    let numbering = series_with_numbers(&store, 3).await;
    plant_older_rows(&mut raw, 12, 10, &[11, 12]).await;
    assert_eq!(raw.count(KEYLESS).await, 2);

    let report = numbering.finish_upgrade(None, &system()).await.unwrap();
    assert_eq!(report.steps, vec!["number_keys".to_owned()]);
    assert!(report.kept.is_empty());
    assert_eq!(report.merged.len(), 1, "{report:?}");
    let merged = &report.merged[0];
    assert_eq!(merged.counter_key.as_str(), "PRJ|PROJECT=LCBP3");
    assert_eq!((merged.old_value, merged.new_value), (3, 12));
    assert_eq!(raw.count(KEYLESS).await, 0);
    assert_eq!(raw.count(PENDING).await, 0);

    let set = audit_of(&store, "SEQUENCE_SET").await;
    let entry = set
        .iter()
        .find(|e| {
            e.counter_key
                .as_ref()
                .is_some_and(|k| k.as_str() == "PRJ|PROJECT=LCBP3")
        })
        .expect("the merge's SEQUENCE_SET");
    assert_eq!(entry.metadata["merged_from"], serde_json::json!([WIDE_KEY]));
    assert_eq!(entry.metadata["skipped"], serde_json::json!([[4, 12]]));
    assert_eq!(entry.user_id, "docnum-upgrade");

    let alice = Actor::user("alice");
    let wide = numbering
        .reserve(&request("PRJ", &[("PROJECT", WIDE)]), &alice)
        .await
        .unwrap();
    assert_eq!(wide.document_number, format!("{WIDE}-0013"));
    let narrow = numbering
        .reserve(&request("PRJ", &[("PROJECT", "LCBP3")]), &alice)
        .await
        .unwrap();
    assert_eq!(narrow.document_number, "LCBP3-0014");
    validate_is_clean(&numbering).await;

    // Done once: a second run finds nothing to do.
    let again = numbering.finish_upgrade(None, &system()).await.unwrap();
    assert!(again.steps.is_empty() && again.merged.is_empty());
}

/// An older docnum issued `LCBP3-0001` and its full-width look-alike: the
/// step stops with NB009 naming both and changes nothing; `validate` lists
/// them; kept by an admin, the full-width one keeps its own text as key
/// (audited as LOOK_ALIKE_KEPT), the step finishes, and no third spelling
/// of either can be issued.
pub async fn look_alike_numbers_stop_the_upgrade_until_kept(store: Store, mut raw: impl RawSql) {
    let numbering = series_with_numbers(&store, 1).await;
    plant_older_rows(&mut raw, 1, 0, &[1]).await;
    let audit_before = audit_of(&store, "SEQUENCE_SET").await.len();

    let err = numbering.finish_upgrade(None, &system()).await.unwrap_err();
    assert!(matches!(err, AppError::Invalid { .. }), "{err:?}");
    assert_eq!(err.code().as_str(), "NB009");
    let text = err.to_string();
    assert!(
        text.contains(&format!("default: LCBP3-0001 = {WIDE}-0001")),
        "{text}"
    );
    assert!(text.contains("--keep-look-alikes"), "{text}");
    assert_eq!(raw.count(KEYLESS).await, 1, "nothing changed");
    assert_eq!(raw.count(PENDING).await, 1, "the step is still pending");
    assert_eq!(audit_of(&store, "SEQUENCE_SET").await.len(), audit_before);

    let report = numbering.validate().await.unwrap();
    let listed: Vec<&Vec<String>> = report
        .violations
        .iter()
        .filter_map(|v| match v {
            Violation::LookAlikeNumbers(l) => Some(&l.document_numbers),
            _ => None,
        })
        .collect();
    assert_eq!(
        listed,
        vec![&vec!["LCBP3-0001".to_owned(), format!("{WIDE}-0001")]]
    );

    let keep = KeepLookAlikes {
        reason: "both were sent to the contractor in 2025".into(),
    };
    let report = numbering
        .finish_upgrade(Some(&keep), &Actor::user("somchai"))
        .await
        .unwrap();
    assert_eq!(report.kept.len(), 1);
    assert_eq!(raw.count(KEYLESS).await, 0);
    assert_eq!(raw.count(PENDING).await, 0);
    let kept = audit_of(&store, "LOOK_ALIKE_KEPT").await;
    assert_eq!(kept.len(), 1);
    assert_eq!(
        kept[0].document_number.as_deref(),
        Some(format!("{WIDE}-0001").as_str())
    );
    assert_eq!(kept[0].user_id, "somchai");
    assert_eq!(kept[0].metadata["look_alike_of"], "LCBP3-0001");
    assert_eq!(kept[0].metadata["reason"], keep.reason.as_str());

    // The counters were one already at 1: the next number is 2 for either
    // spelling, and a third spelling of 0001 is taken.
    let next = numbering
        .reserve(&request("PRJ", &[("PROJECT", WIDE)]), &Actor::user("alice"))
        .await
        .unwrap();
    assert_eq!(next.document_number, format!("{WIDE}-0002"));
    let keys = store
        .numbers_with_keys("default", &["LCBP3-0001".to_owned()])
        .await
        .unwrap();
    assert_eq!(keys, vec!["LCBP3-0001".to_owned()]);
}
