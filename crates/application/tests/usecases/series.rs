//! Series administration and template preview (spec §1, §2).

use docnum_application::{ScopeSpec, SeriesConfig, TemplatePreviewRequest, UpdateSeries};

use crate::support::{admin, app_at, code, cor, ctx, err_code};

fn update(config: SeriesConfig, expected_version: Option<i64>) -> UpdateSeries {
    UpdateSeries {
        config,
        reason: "six digits from now on".into(),
        expected_version,
    }
}

#[tokio::test]
async fn create_records_version_1_history_and_audit() {
    let app = app_at("2025-06-15T10:00:00Z");
    let record = app.svc.create_series(&cor(), &admin()).await.unwrap();
    assert_eq!(record.version, 1);
    assert_eq!(record.config, cor());
    assert_eq!(record.created_at, app.now());
    let history = app.svc.series_history("COR").await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].before, None);
    assert_eq!(history[0].after, cor());
    assert_eq!(history[0].changed_by, "admin");
    let audit = app.audit_of("CONFIG_CHANGE").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].document_type, "COR");
    assert_eq!(audit[0].new_value.as_deref(), Some("1"));
    assert_eq!(audit[0].template.as_deref(), Some("COR-{YYYY}-{SEQ:5}"));
    assert_eq!(app.svc.list_series().await.unwrap().len(), 1);
}

#[tokio::test]
async fn creating_an_existing_series_is_nb020() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    assert_eq!(
        err_code(app.svc.create_series(&cor(), &admin()).await),
        "NB020"
    );
    assert_eq!(app.svc.series_history("COR").await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_invalid_series_is_refused_when_saved() {
    let app = app_at("2025-06-15T10:00:00Z");
    for (template, scope) in [
        ("COR-{SEQ:5}", "YEARLY"),      // the scope's year is not rendered
        ("COR-{SEQ}-{SEQ}", "GLOBAL"),  // two sequences
        ("COR-{NOPE}-{SEQ}", "GLOBAL"), // unknown token
        ("COR-{SEQ", "GLOBAL"),         // unbalanced
    ] {
        let config = SeriesConfig::new("COR", template, ScopeSpec::Preset(scope.into()));
        assert_eq!(
            err_code(app.svc.create_series(&config, &admin()).await),
            "NB006",
            "{template}"
        );
    }
    let bad_type = SeriesConfig::new("cor", "COR-{SEQ}", ScopeSpec::Preset("GLOBAL".into()));
    assert!(app.svc.create_series(&bad_type, &admin()).await.is_err());
    assert!(app.svc.list_series().await.unwrap().is_empty());
}

#[tokio::test]
async fn update_keeps_history_and_never_changes_issued_numbers() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let first = app.confirmed_cor().await;

    let six = SeriesConfig {
        template: "COR-{YYYY}-{SEQ:6}".into(),
        ..cor()
    };
    app.clock.advance_secs(60);
    let record = app
        .svc
        .update_series("COR", &update(six.clone(), Some(1)), &admin())
        .await
        .unwrap();
    assert_eq!(record.version, 2);
    assert_eq!(record.updated_at, app.now());
    assert!(record.created_at < record.updated_at);

    let history = app.svc.series_history("COR").await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].before, Some(cor()));
    assert_eq!(history[1].after, six);
    assert_eq!(history[1].reason, "six digits from now on");
    assert!(history[0].id < history[1].id);
    let audit = app.audit_of("CONFIG_CHANGE").await;
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[1].old_value.as_deref(), Some("1"));
    assert_eq!(audit[1].new_value.as_deref(), Some("2"));
    assert_eq!(audit[1].metadata["reason"], "six digits from now on");

    // The number issued before keeps its rendering and template.
    let old = app.svc.number(&first, None).await.unwrap().number;
    assert_eq!(old.document_number, "COR-2025-00001");
    assert_eq!(old.template, "COR-{YYYY}-{SEQ:5}");
    // The counter goes on under the new template.
    let next = app.reserve_cor().await;
    assert_eq!(next.document_number, "COR-2025-000002");
}

#[tokio::test]
async fn an_update_by_another_instance_reaches_the_next_reserve() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    // The first instance has drawn with (and cached) version 1.
    assert_eq!(app.reserve_cor().await.document_number, "COR-2025-00001");

    let six = SeriesConfig {
        template: "COR-{YYYY}-{SEQ:6}".into(),
        ..cor()
    };
    let other = app.second_instance();
    other
        .update_series("COR", &update(six, Some(1)), &admin())
        .await
        .unwrap();

    // The first instance's cached version 1 is refused inside the
    // transaction; it reads the series again and draws with version 2.
    let next = app.reserve_cor().await;
    assert_eq!(next.document_number, "COR-2025-000002");
    let audit = app.audit_of("RESERVE").await;
    assert_eq!(audit.len(), 2, "the refused attempt drew nothing");
    assert_eq!(audit[1].template.as_deref(), Some("COR-{YYYY}-{SEQ:6}"));
}

#[tokio::test]
async fn a_stale_version_is_refused() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let six = SeriesConfig {
        template: "COR-{YYYY}-{SEQ:6}".into(),
        ..cor()
    };
    app.svc
        .update_series("COR", &update(six.clone(), None), &admin())
        .await
        .unwrap();
    let err = app
        .svc
        .update_series("COR", &update(six, Some(1)), &admin())
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB009");
    assert!(err.to_string().contains("version"), "{err}");
    assert_eq!(app.svc.series_history("COR").await.unwrap().len(), 2);
}

#[tokio::test]
async fn updating_an_unknown_series_is_nb001_and_renaming_is_nb009() {
    let app = app_at("2025-06-15T10:00:00Z");
    assert_eq!(
        err_code(
            app.svc
                .update_series("COR", &update(cor(), None), &admin())
                .await
        ),
        "NB001"
    );
    app.create(&cor()).await;
    assert_eq!(
        err_code(
            app.svc
                .update_series("RFA", &update(cor(), None), &admin())
                .await
        ),
        "NB009"
    );
    let no_reason = UpdateSeries {
        reason: String::new(),
        ..update(cor(), None)
    };
    assert_eq!(
        err_code(app.svc.update_series("COR", &no_reason, &admin()).await),
        "NB009"
    );
    assert_eq!(err_code(app.svc.series_history("RFA").await), "NB001");
}

#[tokio::test]
async fn preview_template_renders_a_sample() {
    let app = app_at("2025-06-15T10:00:00Z");
    let out = app.svc.preview_template(&TemplatePreviewRequest {
        template: "{PROJECT}-COR-{YYYY}-{SEQ:4}".into(),
        scope: Some(ScopeSpec::Preset("YEARLY".into())),
        context: ctx(&[("PROJECT", "LCBP3")]),
        value: Some(42),
    });
    assert!(out.valid, "{out:?}");
    assert!(out.errors.is_empty());
    assert_eq!(out.sample.as_deref(), Some("LCBP3-COR-2025-0042"));
    assert_eq!(
        out.counter_key.as_deref(),
        Some("PREVIEW|YEAR=2025|PROJECT=LCBP3")
    );
    // Nothing was saved or consumed.
    assert!(app.svc.list_series().await.unwrap().is_empty());
    assert!(app.store.numbers().is_empty());
}

#[tokio::test]
async fn preview_template_reports_errors_and_warnings() {
    let app = app_at("2025-06-15T10:00:00Z");
    let broken = app.svc.preview_template(&TemplatePreviewRequest {
        template: "COR-{SEQ}-{SEQ}".into(),
        ..TemplatePreviewRequest::default()
    });
    assert!(!broken.valid);
    assert!(!broken.errors.is_empty());
    assert_eq!(broken.sample, None);

    let unrendered_scope = app.svc.preview_template(&TemplatePreviewRequest {
        template: "COR-{SEQ}".into(),
        scope: Some(ScopeSpec::Preset("YEARLY".into())),
        ..TemplatePreviewRequest::default()
    });
    assert!(!unrendered_scope.valid);
    assert!(
        unrendered_scope.errors[0].contains("YEAR"),
        "{unrendered_scope:?}"
    );

    // A deprecated token works but is warned about.
    let deprecated = app.svc.preview_template(&TemplatePreviewRequest {
        template: "{ORG}-{SEQ:4}".into(),
        context: ctx(&[("ORIGINATOR", "คคง.")]),
        ..TemplatePreviewRequest::default()
    });
    assert!(deprecated.valid);
    assert!(!deprecated.warnings.is_empty());
    assert!(deprecated.warnings[0].contains("ORG"), "{deprecated:?}");
    assert_eq!(deprecated.sample.as_deref(), Some("คคง.-0001"));

    // A missing context value: valid, but no sample, and a warning says why.
    let no_ctx = app.svc.preview_template(&TemplatePreviewRequest {
        template: "{PROJECT}-{SEQ:4}".into(),
        ..TemplatePreviewRequest::default()
    });
    assert!(no_ctx.valid);
    assert_eq!(no_ctx.sample, None);
    assert!(
        no_ctx.warnings.iter().any(|w| w.contains("PROJECT")),
        "{no_ctx:?}"
    );
}
