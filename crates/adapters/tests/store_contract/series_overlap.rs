//! Series of one namespace do not overlap (issue 21): saving a series
//! whose numbers can be another series' under both series' declarations is
//! refused (NB009 naming the other series and a number of both) and
//! changes nothing; an overlap only through an undeclared value is a
//! warning; a new template or scope is compared with the versions whose
//! numbers are issued. The check reads the stored series and their
//! history, so it runs on every store.

use std::collections::BTreeMap;

use docnum_application::{
    Actor, OverlapKind, ScopeSpec, SeriesConfig, SeriesOverlap, Settings, UpdateSeries, ValueSpec,
};

use super::coalescing::plain;
use super::collisions::{admin, request};
use super::{Store, code};

fn series(document_type: &str, template: &str, values: &[(&str, ValueSpec)]) -> SeriesConfig {
    let mut config = SeriesConfig::new(document_type, template, ScopeSpec::Preset("GLOBAL".into()));
    config.values = values
        .iter()
        .map(|(d, v)| ((*d).to_owned(), v.clone()))
        .collect::<BTreeMap<_, _>>();
    config
}

fn codes(list: &[&str]) -> ValueSpec {
    ValueSpec::Codes(list.iter().map(|c| (*c).to_owned()).collect())
}

fn pattern(p: &str) -> ValueSpec {
    ValueSpec::Pattern(p.to_owned())
}

fn warned(overlaps: &[SeriesOverlap]) -> Vec<(&str, OverlapKind, Option<&str>)> {
    let mut all: Vec<_> = overlaps
        .iter()
        .map(|o| (o.document_type.as_str(), o.kind, o.example.as_deref()))
        .collect();
    all.sort_by_key(|(d, _, _)| *d);
    all
}

pub async fn an_overlap_under_both_declarations_is_refused_and_through_free_text_warned(
    store: Store,
) {
    let numbering = plain(&store, Settings::default());
    let letters = series(
        "LTR",
        "{ORIGINATOR}-{SEQ:4}",
        &[("ORIGINATOR", codes(&["HR", "IT"]))],
    );
    let created = numbering
        .create_series_with_overlaps(&letters, &admin())
        .await
        .unwrap();
    assert!(created.overlaps.is_empty(), "{:?}", created.overlaps);

    // Memos by recipient, any capitals: HR-0001 is letter 1 of HR and
    // memo 1 to HR.
    let memos = series(
        "MEMO",
        "{RECIPIENT}-{SEQ:4}",
        &[("RECIPIENT", pattern("[A-Z]+"))],
    );
    let refused = numbering
        .create_series_with_overlaps(&memos, &admin())
        .await
        .unwrap_err();
    assert_eq!(code(&refused), "NB009");
    let message = refused.to_string();
    assert!(
        message.contains("LTR") && message.contains("HR-0001"),
        "{message}"
    );
    assert_eq!(code(&numbering.series("MEMO").await.unwrap_err()), "NB001");
    assert_eq!(numbering.list_series().await.unwrap().len(), 1);

    // In a namespace of its own, or with a literal of its own: no overlap.
    let mut elsewhere = memos.clone();
    elsewhere.namespace = "memos".into();
    let created = numbering
        .create_series_with_overlaps(&elsewhere, &admin())
        .await
        .unwrap();
    assert!(created.overlaps.is_empty(), "{:?}", created.overlaps);
    let prefixed = series(
        "MEMO2",
        "M-{RECIPIENT}-{SEQ:4}",
        &[("RECIPIENT", pattern("[A-Z]+"))],
    );
    let created = numbering
        .create_series_with_overlaps(&prefixed, &admin())
        .await
        .unwrap();
    assert!(created.overlaps.is_empty(), "{:?}", created.overlaps);

    // Declaring nothing, as before declarations existed: created, with a
    // warning naming every series it can meet and a number of both.
    let free = series("FREE", "{RECIPIENT}-{SEQ:4}", &[]);
    let created = numbering
        .create_series_with_overlaps(&free, &admin())
        .await
        .unwrap();
    assert_eq!(
        warned(&created.overlaps),
        vec![
            ("LTR", OverlapKind::Undeclared, Some("HR-0001")),
            ("MEMO2", OverlapKind::Undeclared, Some("M-A-0001")),
        ]
    );
    let issued = numbering
        .reserve(
            &request("FREE", &[("RECIPIENT", "OPS")]),
            &Actor::user("alice"),
        )
        .await
        .unwrap();
    assert_eq!(issued.document_number, "OPS-0001");

    // Declaring its one dimension binds FREE: the same overlap is now
    // refused, in a dry run as in the change, and FREE stays as it was.
    let mut bound = free.clone();
    bound.values = BTreeMap::from([("RECIPIENT".to_owned(), pattern("[A-Z]+"))]);
    let update = UpdateSeries {
        config: bound,
        reason: "recipients are capital codes".into(),
        expected_version: Some(1),
    };
    for dry_run in [true, false] {
        let refused = numbering
            .change_series("FREE", &update, dry_run, &admin())
            .await
            .unwrap_err();
        assert_eq!(code(&refused), "NB009", "dry run {dry_run}");
        assert!(refused.to_string().contains("LTR"), "{refused}");
    }
    let stored = numbering.series("FREE").await.unwrap();
    assert_eq!(stored.version, 1);
    assert!(stored.config.values.is_empty());
    assert_eq!(numbering.series_history("FREE").await.unwrap().len(), 1);
}

pub async fn a_new_template_or_scope_is_compared_with_the_numbers_issued(store: Store) {
    let numbering = plain(&store, Settings::default());
    let alice = Actor::user("alice");
    let first = series("TR", "TR-{SEQ:4}", &[]);
    numbering.create_series(&first, &admin()).await.unwrap();
    numbering
        .reserve(&request("TR", &[]), &alice)
        .await
        .unwrap();

    // TR-{YYYY}-{SEQ:4} can never be TR-0001: proven, nothing to warn.
    let mut dated = first.clone();
    dated.template = "TR-{YYYY}-{SEQ:4}".into();
    let change = |config: SeriesConfig, version: i64| UpdateSeries {
        config,
        reason: "numbering changes with the contract".into(),
        expected_version: Some(version),
    };
    let outcome = numbering
        .change_series("TR", &change(dated.clone(), 1), false, &admin())
        .await
        .unwrap();
    assert!(outcome.overlaps.is_empty(), "{:?}", outcome.overlaps);
    // Values 2 and 3 of the global counter: TR-<year>-0002 and -0003.
    let second = numbering
        .reserve(&request("TR", &[]), &alice)
        .await
        .unwrap();
    numbering
        .reserve(&request("TR", &[]), &alice)
        .await
        .unwrap();
    let year = &second.document_number[3..7];

    // The same template counted per year: the yearly counter starts
    // again, so its numbers can be those version 2 issued. A warning
    // naming version 2; the next draws skip what exists.
    let mut yearly = dated.clone();
    yearly.scope = ScopeSpec::Preset("YEARLY".into());
    let dry = numbering
        .change_series("TR", &change(yearly.clone(), 2), true, &admin())
        .await
        .unwrap();
    assert_eq!(dry.overlaps.len(), 1, "{:?}", dry.overlaps);
    let overlap = &dry.overlaps[0];
    assert_eq!(
        (
            overlap.document_type.as_str(),
            overlap.version,
            overlap.kind
        ),
        ("TR", Some(2), OverlapKind::EarlierVersion)
    );
    assert_eq!(overlap.example.as_deref(), Some("TR-0000-0001"));
    let done = numbering
        .change_series("TR", &change(yearly.clone(), 2), false, &admin())
        .await
        .unwrap();
    assert_eq!(done.overlaps, dry.overlaps);
    let first_of_year = numbering
        .reserve(&request("TR", &[]), &alice)
        .await
        .unwrap();
    assert_eq!(first_of_year.document_number, format!("TR-{year}-0001"));
    let past = numbering
        .reserve(&request("TR", &[]), &alice)
        .await
        .unwrap();
    assert_eq!(
        (past.value, past.document_number.clone()),
        (4, format!("TR-{year}-0004")),
        "0002 and 0003 exist: skipped"
    );

    // A change that keeps template and scope re-renders nothing: no
    // comparison with earlier versions.
    let mut wider = yearly;
    wider.max_value = 9_999;
    let outcome = numbering
        .change_series("TR", &change(wider, 3), false, &admin())
        .await
        .unwrap();
    assert!(outcome.overlaps.is_empty(), "{:?}", outcome.overlaps);
}
