//! A collision never stops a counter (issue 16): when a drawn value's
//! rendering already exists in the namespace, the draw skips to the next
//! free value, audits the skip (SEQUENCE_SKIP naming the existing numbers),
//! and `docnum validate` stays clean. Each trigger of the issue: a twin
//! counter whose scope text renders the same, a GLOBAL → YEARLY change in
//! the middle of a year, numbers registered by another series; and 5 000
//! concurrent reservations through planted collisions.

use std::collections::{BTreeMap, BTreeSet};

use docnum_application::{
    Actor, AuditEntry, NumberSource, Numbering, ReserveRequest, ScopeSpec, SeriesConfig, Settings,
    UpdateSeries,
};

use super::coalescing::{plain, spawn};
use super::{Store, audit_of, batch, create, draft, manual, t0};

pub fn admin() -> Actor {
    Actor::user("admin")
}

/// A request for `document_type` with `context`.
pub fn request(document_type: &str, context: &[(&str, &str)]) -> ReserveRequest {
    ReserveRequest {
        document_type: document_type.to_owned(),
        context: context
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        scope_value: None,
        document_date: None,
        metadata: serde_json::Value::Null,
        idempotency_key: None,
    }
}

/// `docnum validate` finds nothing wrong.
pub async fn validate_is_clean(numbering: &Numbering) {
    let report = numbering.validate().await.unwrap();
    assert!(report.is_clean(), "{:?}", report.violations);
}

/// The runs `[from, to]` the SEQUENCE_SKIP entries of `counter_key` record.
fn skipped_runs(entries: &[AuditEntry], counter_key: &str) -> Vec<(u64, u64)> {
    entries
        .iter()
        .filter(|e| {
            e.counter_key
                .as_ref()
                .is_some_and(|k| k.as_str() == counter_key)
        })
        .map(|e| {
            let run = &e.metadata["skipped"][0];
            (run[0].as_u64().unwrap(), run[1].as_u64().unwrap())
        })
        .collect()
}

pub async fn a_twin_counter_s_text_is_skipped_not_nb005(store: Store) {
    let numbering = plain(&store, Settings::default());
    let config = SeriesConfig::new(
        "CT",
        "{PROJECT}-{CONTRACT}-{SEQ:4}",
        ScopeSpec::Dimensions(vec!["PROJECT".into(), "CONTRACT".into()]),
    );
    numbering.create_series(&config, &admin()).await.unwrap();
    let squatter = request("CT", &[("PROJECT", "LCBP3-C2"), ("CONTRACT", "A")]);
    let victim = request("CT", &[("PROJECT", "LCBP3"), ("CONTRACT", "C2-A")]);
    let alice = Actor::user("alice");

    let first = numbering.reserve(&squatter, &alice).await.unwrap();
    assert_eq!(first.document_number, "LCBP3-C2-A-0001");
    let v = numbering.reserve(&victim, &alice).await.unwrap();
    assert_eq!(
        (v.document_number.as_str(), v.value),
        ("LCBP3-C2-A-0002", 2)
    );
    let v = numbering.reserve(&victim, &alice).await.unwrap();
    assert_eq!(v.value, 3);
    // Now the squatter's own counter meets the victim's numbers.
    let s = numbering.reserve(&squatter, &alice).await.unwrap();
    assert_eq!(
        (s.document_number.as_str(), s.value),
        ("LCBP3-C2-A-0004", 4)
    );

    let skips = audit_of(&store, "SEQUENCE_SKIP").await;
    assert_eq!(skipped_runs(&skips, &v.counter_key), vec![(1, 1)]);
    assert_eq!(skipped_runs(&skips, &s.counter_key), vec![(2, 3)]);
    let victim_skip = skips
        .iter()
        .find(|e| {
            e.counter_key
                .as_ref()
                .is_some_and(|k| k.as_str() == v.counter_key)
        })
        .unwrap();
    assert_eq!(
        victim_skip.metadata["existing"],
        serde_json::json!(["LCBP3-C2-A-0001"])
    );
    assert_eq!(victim_skip.user_id, "alice");
    validate_is_clean(&numbering).await;
}

pub async fn global_to_yearly_mid_year_continues_past_what_exists(store: Store) {
    let numbering = plain(&store, Settings::default());
    let config = SeriesConfig::new(
        "GY",
        "GY-{YYYY}-{SEQ:4}",
        ScopeSpec::Preset("GLOBAL".into()),
    );
    numbering.create_series(&config, &admin()).await.unwrap();
    let alice = Actor::user("alice");
    for _ in 0..3 {
        numbering
            .reserve(&request("GY", &[]), &alice)
            .await
            .unwrap();
    }
    let mut yearly = config.clone();
    yearly.scope = ScopeSpec::Preset("YEARLY".into());
    numbering
        .update_series(
            "GY",
            &UpdateSeries {
                config: yearly,
                reason: "counted per year from now on".into(),
                expected_version: None,
            },
            &admin(),
        )
        .await
        .unwrap();
    let next = numbering
        .reserve(&request("GY", &[]), &alice)
        .await
        .unwrap();
    assert_eq!(next.value, 4, "{next:?}");
    assert!(next.document_number.ends_with("-0004"), "{next:?}");
    let skips = audit_of(&store, "SEQUENCE_SKIP").await;
    assert_eq!(skipped_runs(&skips, &next.counter_key), vec![(1, 3)]);
    validate_is_clean(&numbering).await;
}

pub async fn numbers_of_another_series_are_skipped(store: Store) {
    // Another series of the same namespace registered what COR would draw.
    let mut legacy = SeriesConfig::new(
        "LEGACY",
        "COR-2025-{SEQ:5}",
        ScopeSpec::Preset("GLOBAL".into()),
    );
    legacy.allow_manual_override = true;
    let legacy = create(&store, legacy).await;
    let registered = ["COR-2025-00001", "COR-2025-00002", "COR-2025-00004"]
        .map(|n| manual(&legacy, n, NumberSource::Import));
    store.register_manual(registered.to_vec()).await.unwrap();
    let series = super::cor(&store).await;
    let drafts = (0..3).map(|_| draft("alice", t0())).collect();
    let got = store.allocate(batch(&series, drafts)).await.unwrap();
    let values: Vec<_> = got.iter().map(|r| r.value.unwrap()).collect();
    assert_eq!(values, vec![3, 5, 6]);
    assert_eq!(got[0].document_number, "COR-2025-00003");
    assert_eq!(super::counter(&store, &series).await, 6);
    let key = got[0].counter_key.clone().unwrap();
    let entries = super::audit_all(&store).await;
    let mine: Vec<(&str, Option<&str>)> = entries
        .iter()
        .filter(|e| e.counter_key.as_ref() == Some(&key))
        .map(|e| (e.operation.as_str(), e.new_value.as_deref()))
        .collect();
    assert_eq!(
        mine,
        vec![
            ("SEQUENCE_SKIP", Some("2")),
            ("RESERVE", Some("3")),
            ("SEQUENCE_SKIP", Some("4")),
            ("RESERVE", Some("5")),
            ("RESERVE", Some("6")),
        ]
    );
    let skip = entries
        .iter()
        .find(|e| e.operation == "SEQUENCE_SKIP" && e.counter_key.as_ref() == Some(&key))
        .unwrap();
    assert_eq!(
        skip.metadata["existing"],
        serde_json::json!(["COR-2025-00001", "COR-2025-00002"])
    );
    assert_eq!(skip.document_number.as_deref(), Some("COR-2025-00001"));
    validate_is_clean(&plain(&store, Settings::default())).await;
}

pub async fn five_thousand_concurrent_reserves_through_planted_collisions(store: Store) {
    let mut squatter = SeriesConfig::new("SQ", "PL-{SEQ:5}", ScopeSpec::Preset("GLOBAL".into()));
    squatter.allow_manual_override = true;
    let squatter = create(&store, squatter).await;
    let planted: BTreeSet<u64> = [1, 7, 256, 257, 2_000, 4_999, 5_000]
        .into_iter()
        .chain(100..=150)
        .chain(3_000..=3_099)
        .collect();
    let registrations: Vec<_> = planted
        .iter()
        .map(|v| manual(&squatter, &format!("PL-{v:05}"), NumberSource::Import))
        .collect();
    store.register_manual(registrations).await.unwrap();
    let numbering = plain(&store, Settings::default());
    let config = SeriesConfig::new("PL", "PL-{SEQ:5}", ScopeSpec::Preset("GLOBAL".into()));
    numbering.create_series(&config, &admin()).await.unwrap();

    let n = 5_000u64;
    let tasks: Vec<_> = (0..n)
        .map(|_| spawn(&numbering, request("PL", &[])))
        .collect();
    let mut issued = BTreeMap::new();
    let mut counter_key = String::new();
    for task in tasks {
        let r = task.await.unwrap().expect("no reservation fails");
        assert!(
            issued.insert(r.value, r.document_number).is_none(),
            "value issued twice"
        );
        counter_key = r.counter_key;
    }
    assert_eq!(issued.len() as u64, n);
    let numbers: BTreeSet<&String> = issued.values().collect();
    assert_eq!(numbers.len() as u64, n, "a number issued twice");
    assert!(
        numbers
            .iter()
            .all(|d| !planted.contains(&d[3..].parse::<u64>().unwrap()))
    );
    // Every value up to the last is issued or skipped, with its audit.
    let last = n + planted.len() as u64;
    let mut accounted: BTreeSet<u64> = issued.keys().copied().collect();
    for (from, to) in skipped_runs(&audit_of(&store, "SEQUENCE_SKIP").await, &counter_key) {
        for v in from..=to {
            assert!(planted.contains(&v), "{v} skipped but free");
            assert!(accounted.insert(v), "{v} both issued and skipped");
        }
    }
    assert_eq!(accounted, (1..=last).collect::<BTreeSet<u64>>());
    validate_is_clean(&numbering).await;
}
