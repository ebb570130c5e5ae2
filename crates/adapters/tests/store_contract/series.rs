//! Series: create, read, update with history and version check.

use docnum_application::{AppError, ScopeSpec, SeriesConfig};

use super::{Store, at, audit_of, code, cor_config, op, t0};

pub async fn series_create_read_and_history(store: Store) {
    let mut rfa = SeriesConfig::new(
        "RFA",
        "{PROJECT}-RFA-{SEQ:4}",
        ScopeSpec::Dimensions(vec!["PROJECT".into()]),
    );
    rfa.metadata = serde_json::json!({ "owner": "document control", "tags": ["a", "b"] });
    rfa.time_zone = "Asia/Bangkok".into();
    rfa.backdate_days = 7;
    rfa.max_value = 9999;
    // Declared value sets are stored and read back as written (issue 21).
    rfa.values = std::collections::BTreeMap::from([(
        "PROJECT".to_owned(),
        docnum_application::ValueSpec::Codes(vec!["LCBP3-C2".into(), "คคง.".into()]),
    )]);
    let created = store
        .create_series(&rfa, "created", &op("admin", t0()))
        .await
        .unwrap();
    assert_eq!(created.version, 1);
    assert_eq!(created.config, rfa);
    assert_eq!(created.created_at, t0());
    assert_eq!(created.updated_at, t0());
    store
        .create_series(&cor_config(), "created", &op("admin", at(1)))
        .await
        .unwrap();

    let got = store.get_series("RFA").await.unwrap().unwrap();
    assert_eq!(got.config, rfa);
    assert_eq!(got.version, 1);
    assert!(store.get_series("NOPE").await.unwrap().is_none());
    let listed: Vec<_> = store
        .list_series()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.config.document_type)
        .collect();
    assert_eq!(listed, ["COR", "RFA"]);

    let err = store
        .create_series(&rfa, "again", &op("admin", at(2)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::SeriesExists(t) if t == "RFA"),
        "{err:?}"
    );

    let history = store.series_history("RFA").await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].before, None);
    assert_eq!(history[0].after, rfa);
    assert_eq!(history[0].changed_by, "admin");
    assert_eq!(history[0].reason, "created");
    assert_eq!(history[0].changed_at, t0());
    assert!(store.series_history("NOPE").await.unwrap().is_empty());

    let changes = audit_of(&store, "CONFIG_CHANGE").await;
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].document_type, "RFA");
    assert_eq!(
        changes[0].template.as_deref(),
        Some("{PROJECT}-RFA-{SEQ:4}")
    );
    assert_eq!(changes[0].new_value.as_deref(), Some("1"));
}

pub async fn series_update_is_versioned(store: Store) {
    let original = cor_config();
    store
        .create_series(&original, "created", &op("admin", t0()))
        .await
        .unwrap();
    let mut changed = original.clone();
    changed.template = "COR/{YYYY}/{SEQ:6}".into();
    changed.max_value = 500_000;
    let updated = store
        .update_series(&changed, 1, "longer numbers", &op("boss", at(60)))
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.config, changed);
    assert_eq!(updated.created_at, t0());
    assert_eq!(updated.updated_at, at(60));
    assert_eq!(
        store.get_series("COR").await.unwrap().unwrap().config,
        changed
    );

    // A stale version is refused and changes nothing.
    let mut stale = original.clone();
    stale.max_value = 10;
    let err = store
        .update_series(&stale, 1, "stale edit", &op("admin", at(61)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::Invalid { field, .. } if field == "version"),
        "{err:?}"
    );
    assert_eq!(code(&err), "NB009");
    assert_eq!(store.get_series("COR").await.unwrap().unwrap().version, 2);

    let missing = SeriesConfig::new("NOPE", "N-{SEQ}", ScopeSpec::Preset("GLOBAL".into()));
    let err = store
        .update_series(&missing, 1, "ghost", &op("admin", at(62)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, AppError::SeriesNotFound(t) if t == "NOPE"),
        "{err:?}"
    );

    let history = store.series_history("COR").await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[0].id < history[1].id);
    assert_eq!(history[1].before.as_ref(), Some(&original));
    assert_eq!(history[1].after, changed);
    assert_eq!(history[1].changed_by, "boss");
    assert_eq!(history[1].reason, "longer numbers");
    let changes = audit_of(&store, "CONFIG_CHANGE").await;
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[1].old_value.as_deref(), Some("1"));
    assert_eq!(changes[1].new_value.as_deref(), Some("2"));
    assert_eq!(changes[1].user_id, "boss");
    assert_eq!(changes[1].metadata["reason"], "longer numbers");
}
