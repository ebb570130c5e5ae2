#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::Arc;

use chrono::Utc;
use docnum_domain::{Context, Period};
use uuid::Uuid;

use super::{CollisionSearch, Placement};
use crate::model::Actor;
use crate::plan::plan_draw;
use crate::ports::{AllocationBatch, OpContext, ReservationDraft};
use crate::series_config::{ScopeSpec, SeriesConfig, SeriesRecord};

fn batch(count: usize, max_value: u64) -> AllocationBatch {
    let mut config = SeriesConfig::new("COR", "COR-{SEQ:4}", ScopeSpec::Preset("GLOBAL".into()));
    config.max_value = max_value;
    let now = Utc::now();
    let series = Arc::new(SeriesRecord::from_stored(config, 1, now, now).unwrap());
    let period = Period::new(2025, 6).unwrap();
    let counter_key = series.series.counter_key(&Context::new(), period).unwrap();
    let drafts = (0..count)
        .map(|_| ReservationDraft {
            token: Uuid::new_v4(),
            context: Context::new(),
            period,
            metadata: serde_json::json!({}),
            idempotency: None,
            expires_at: now,
            op: OpContext {
                actor: Actor::user("u"),
                now,
                started: std::time::Instant::now(),
                fallback_used: false,
            },
        })
        .collect();
    AllocationBatch {
        series,
        counter_key,
        drafts,
    }
}

/// Runs the search against `existing`, counting the lookups.
fn place(batch: &AllocationBatch, first: u64, existing: &HashSet<String>) -> (Placement, usize) {
    let mut search = CollisionSearch::new(batch, first);
    let mut lookups = 0;
    loop {
        let wanted = search.wanted().unwrap();
        if wanted.is_empty() {
            return (search.finish(), lookups);
        }
        lookups += 1;
        let found: Vec<String> = wanted
            .iter()
            .filter(|n| existing.contains(*n))
            .cloned()
            .collect();
        search.learn(&wanted, &found);
    }
}

fn numbers(values: impl IntoIterator<Item = u64>) -> HashSet<String> {
    values.into_iter().map(|v| format!("COR-{v:04}")).collect()
}

#[test]
fn nothing_existing_places_contiguously() {
    let b = batch(3, 9999);
    let (placement, lookups) = place(&b, 5, &HashSet::new());
    assert_eq!(placement, Placement::contiguous(5, 3));
    assert_eq!(lookups, 1);
}

#[test]
fn existing_renderings_are_skipped_and_named() {
    let b = batch(3, 9999);
    let (placement, _) = place(&b, 1, &numbers([1, 3, 4]));
    assert_eq!(placement.values, vec![2, 5, 6]);
    assert_eq!(
        placement.skipped,
        vec![
            (1, "COR-0001".to_owned()),
            (3, "COR-0003".to_owned()),
            (4, "COR-0004".to_owned())
        ]
    );
    let drawn = plan_draw(&b, &placement, None).unwrap();
    let ops: Vec<&str> = drawn.audit.iter().map(|e| e.operation.as_str()).collect();
    assert_eq!(
        ops,
        [
            "SEQUENCE_SKIP",
            "RESERVE",
            "SEQUENCE_SKIP",
            "RESERVE",
            "RESERVE"
        ]
    );
    let second = &drawn.audit[2];
    assert_eq!(second.metadata["skipped"], serde_json::json!([[3, 4]]));
    assert_eq!(
        second.metadata["existing"],
        serde_json::json!(["COR-0003", "COR-0004"])
    );
    assert_eq!(second.old_value.as_deref(), Some("2"));
    assert_eq!(second.new_value.as_deref(), Some("4"));
    let rendered: Vec<&str> = drawn
        .rows
        .iter()
        .map(|r| r.document_number.as_str())
        .collect();
    assert_eq!(rendered, ["COR-0002", "COR-0005", "COR-0006"]);
}

#[test]
fn ten_thousand_squatted_values_take_a_few_lookups() {
    let b = batch(1, 99_999);
    let squatted: HashSet<String> = (1..=10_000u64).map(|v| format!("COR-{v:04}")).collect();
    let (placement, lookups) = place(&b, 1, &squatted);
    assert_eq!(placement.values, vec![10_001]);
    assert_eq!(placement.skipped.len(), 10_000);
    assert!(lookups <= 10, "{lookups} lookups");
    let drawn = plan_draw(&b, &placement, None).unwrap();
    let skip = &drawn.audit[0];
    assert_eq!(skip.metadata["existing_count"], 10_000);
    assert_eq!(skip.metadata["existing"].as_array().unwrap().len(), 20);
    assert_eq!(skip.metadata["existing"][19], "COR-10000");
}

#[test]
fn skipping_past_the_maximum_is_nb002() {
    let b = batch(1, 3);
    let mut search = CollisionSearch::new(&b, 2);
    let wanted = search.wanted().unwrap();
    search.learn(&wanted, &wanted.clone());
    let err = search.wanted().unwrap_err();
    assert_eq!(err.code().as_str(), "NB002");
}
