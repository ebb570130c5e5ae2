//! Numbers a reader cannot tell apart (issue 16): `docnum validate` and
//! `check-duplicates` list the numbers of a namespace that differ as text
//! but are equal once compatibility-normalised (NFKC), whichever store
//! holds them.

use docnum_application::usecases::{LookAlikeNumbers, Violation};
use docnum_application::{NumberSource, ScopeSpec, SeriesConfig, Settings};

use super::coalescing::plain;
use super::{Store, create, manual};

/// Full-width `ＣＯＲ` against `COR`, and two spellings that normalise to
/// one text neither of them is; a full-width number without a twin and a
/// twin in another namespace are not look-alikes.
pub async fn look_alike_numbers_are_listed_by_namespace(store: Store) {
    let mut config = SeriesConfig::new(
        "PRE",
        "{PREFIX}-{SEQ:5}",
        ScopeSpec::Dimensions(vec!["PREFIX".into()]),
    );
    config.allow_manual_override = true;
    let series = create(&store, config.clone()).await;
    config.document_type = "OTHER".into();
    config.namespace = "elsewhere".into();
    let other = create(&store, config).await;
    let here = [
        "COR-00001",
        "\u{FF23}\u{FF2F}\u{FF32}-00001",
        "\u{FF21}B-00002",
        "A\u{FF22}-00002",
        "\u{FF38}\u{FF39}\u{FF3A}-00003",
    ]
    .map(|n| manual(&series, n, NumberSource::Import));
    store.register_manual(here.to_vec()).await.unwrap();
    let there = vec![manual(&other, "\u{FF21}B-00002", NumberSource::Import)];
    store.register_manual(there).await.unwrap();

    let report = plain(&store, Settings::default())
        .check_duplicates()
        .await
        .unwrap();
    let found: Vec<&LookAlikeNumbers> = report
        .violations
        .iter()
        .filter_map(|v| match v {
            Violation::LookAlikeNumbers(l) => Some(l),
            _ => None,
        })
        .collect();
    let expected = [
        LookAlikeNumbers {
            namespace: "default".into(),
            document_numbers: vec!["A\u{FF22}-00002".into(), "\u{FF21}B-00002".into()],
        },
        LookAlikeNumbers {
            namespace: "default".into(),
            document_numbers: vec!["COR-00001".into(), "\u{FF23}\u{FF2F}\u{FF32}-00001".into()],
        },
    ];
    assert_eq!(found, expected.iter().collect::<Vec<_>>(), "{report:?}");
    assert_eq!(report.violations.len(), 2, "{report:?}");
}
