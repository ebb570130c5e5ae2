//! A series change says, before and when it is made, how many values each
//! counter it draws from will skip (issue 16): the dry run changes nothing
//! and reports what the update then reports and the next draw then does.

use docnum_application::{Actor, CounterEffect, ScopeSpec, SeriesConfig, UpdateSeries};

use super::Store;
use super::coalescing::plain;
use super::collisions::request;

/// GLOBAL → YEARLY in the middle of a year after three numbers: today's
/// yearly counter starts at 0 and its first three renderings exist.
pub async fn a_dry_run_reports_the_skips_of_a_change_and_changes_nothing(store: Store) {
    let numbering = plain(&store, docnum_application::Settings::default());
    let admin = Actor::user("admin");
    let config = SeriesConfig::new(
        "GY",
        "GY-{YYYY}-{SEQ:4}",
        ScopeSpec::Preset("GLOBAL".into()),
    );
    numbering.create_series(&config, &admin).await.unwrap();
    for _ in 0..3 {
        numbering
            .reserve(&request("GY", &[]), &Actor::user("alice"))
            .await
            .unwrap();
    }
    let mut yearly = config.clone();
    yearly.scope = ScopeSpec::Preset("YEARLY".into());
    let update = UpdateSeries {
        config: yearly,
        reason: "counted per year from now on".into(),
        expected_version: Some(1),
    };
    let dry = numbering
        .change_series("GY", &update, true, &admin)
        .await
        .unwrap();
    assert!(dry.dry_run);
    assert_eq!(dry.record.version, 2, "as it would stand");
    assert_eq!(dry.effect.counters.len(), 1, "{:?}", dry.effect);
    let yearly_counter = &dry.effect.counters[0];
    assert_eq!(
        (
            yearly_counter.current_value,
            yearly_counter.skipped,
            yearly_counter.next_value
        ),
        (0, 3, Some(4)),
        "{yearly_counter:?}"
    );
    assert!(!dry.effect.truncated);
    // Nothing changed: the series is still GLOBAL at version 1.
    let stored = numbering.series("GY").await.unwrap();
    assert_eq!((stored.version, &stored.config.scope), (1, &config.scope));
    assert!(numbering.series_history("GY").await.unwrap().len() == 1);

    let done = numbering
        .change_series("GY", &update, false, &admin)
        .await
        .unwrap();
    assert!(!done.dry_run);
    assert_eq!(done.record.version, 2);
    assert_eq!(
        done.effect, dry.effect,
        "the update reports what the dry run said"
    );
    let next = numbering
        .reserve(&request("GY", &[]), &Actor::user("alice"))
        .await
        .unwrap();
    let CounterEffect {
        counter_key,
        next_value,
        ..
    } = yearly_counter;
    assert_eq!(
        (&next.counter_key, Some(next.value)),
        (counter_key, *next_value)
    );
}

/// A dry run checks what the update checks: a stale `expected_version` is
/// refused like the update itself would be.
pub async fn a_dry_run_with_a_stale_version_is_refused(store: Store) {
    let numbering = plain(&store, docnum_application::Settings::default());
    let admin = Actor::user("admin");
    let config = SeriesConfig::new(
        "GY",
        "GY-{YYYY}-{SEQ:4}",
        ScopeSpec::Preset("GLOBAL".into()),
    );
    numbering.create_series(&config, &admin).await.unwrap();
    let update = UpdateSeries {
        config,
        reason: "nothing really".into(),
        expected_version: Some(7),
    };
    let e = numbering
        .change_series("GY", &update, true, &admin)
        .await
        .expect_err("stale version");
    assert_eq!(super::code(&e), "NB009", "{e}");
}
