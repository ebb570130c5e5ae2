//! Reserve and preview: scopes, scope_value, back-dating, exhaustion, the
//! Thai example (spec §2, §3, §5.1).

use docnum_application::{ReserveRequest, ScopeSpec, SeriesConfig};

use crate::support::{alice, app_at, code, cor, ctx, err_code, request};

#[tokio::test]
async fn thai_letter_example() {
    let app = app_at("2025-03-01T03:00:00Z");
    app.create(&SeriesConfig::new(
        "LETTER",
        "{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:B.E.}",
        ScopeSpec::Preset("YEARLY".into()),
    ))
    .await;
    let first = [("ORIGINATOR", "คคง."), ("RECIPIENT", "สคฉ.3")];
    let r = app.reserve_in("LETTER", &first).await.unwrap();
    assert_eq!(r.document_number, "คคง.-สคฉ.3-0001-2568");
    assert_eq!(r.context, ctx(&first));
    // Another recipient has its own counter; the same pair continues.
    let other = app
        .reserve_in("LETTER", &[("ORIGINATOR", "คคง."), ("RECIPIENT", "สคฉ.4")])
        .await
        .unwrap();
    assert_eq!(other.document_number, "คคง.-สคฉ.4-0001-2568");
    assert_ne!(other.counter_key, r.counter_key);
    let next = app.reserve_in("LETTER", &first).await.unwrap();
    assert_eq!(next.document_number, "คคง.-สคฉ.3-0002-2568");
    let c = app.svc.confirm(r.token, None, &alice()).await.unwrap();
    assert_eq!(c.document_number, "คคง.-สคฉ.3-0001-2568");
}

#[tokio::test]
async fn a_missing_context_value_is_nb006_naming_the_token() {
    let app = app_at("2025-03-01T03:00:00Z");
    app.create(&SeriesConfig::new(
        "LETTER",
        "{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:B.E.}",
        ScopeSpec::Preset("YEARLY".into()),
    ))
    .await;
    let err = app
        .reserve_in("LETTER", &[("ORIGINATOR", "คคง.")])
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB006");
    assert!(err.to_string().contains("RECIPIENT"), "{err}");
    assert!(app.store.numbers().is_empty());
}

#[tokio::test]
async fn an_unknown_series_is_nb001() {
    let app = app_at("2025-03-01T03:00:00Z");
    assert_eq!(err_code(app.reserve_in("NOPE", &[]).await), "NB001");
}

fn project_series() -> SeriesConfig {
    SeriesConfig::new(
        "PCOR",
        "{PROJECT}-COR-{SEQ:4}",
        ScopeSpec::Preset("PROJECT".into()),
    )
}

fn with_scope_value(value: &str) -> ReserveRequest {
    ReserveRequest {
        scope_value: Some(value.into()),
        ..request("PCOR")
    }
}

#[tokio::test]
async fn scope_value_stands_for_the_single_scope_dimension() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&project_series()).await;
    let r = app
        .svc
        .reserve(&with_scope_value("LCBP3-C2"), &alice())
        .await
        .unwrap();
    assert_eq!(r.document_number, "LCBP3-C2-COR-0001");
    assert_eq!(r.context, ctx(&[("PROJECT", "LCBP3-C2")]));
    assert_eq!(r.scope_value, "PROJECT=LCBP3-C2");
    // The same as sending the context.
    let r2 = app
        .reserve_in("PCOR", &[("PROJECT", "LCBP3-C2")])
        .await
        .unwrap();
    assert_eq!(r2.document_number, "LCBP3-C2-COR-0002");
    // Another project has its own counter.
    let other = app
        .svc
        .reserve(&with_scope_value("LCBP4"), &alice())
        .await
        .unwrap();
    assert_eq!(other.document_number, "LCBP4-COR-0001");
    // Both, agreeing, are fine; contradicting, NB009.
    let agree = ReserveRequest {
        context: ctx(&[("PROJECT", "LCBP4")]),
        ..with_scope_value("LCBP4")
    };
    assert!(app.svc.reserve(&agree, &alice()).await.is_ok());
    let contradict = ReserveRequest {
        context: ctx(&[("PROJECT", "LCBP3-C2")]),
        ..with_scope_value("LCBP4")
    };
    assert_eq!(
        err_code(app.svc.reserve(&contradict, &alice()).await),
        "NB009"
    );
}

#[tokio::test]
async fn scope_value_on_a_series_without_a_single_context_dimension_is_nb009() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    let req = ReserveRequest {
        scope_value: Some("2025".into()),
        ..request("COR")
    };
    assert_eq!(err_code(app.svc.reserve(&req, &alice()).await), "NB009");
}

fn monthly(backdate_days: u32) -> SeriesConfig {
    SeriesConfig {
        backdate_days,
        time_zone: "Asia/Bangkok".into(),
        ..SeriesConfig::new(
            "COR",
            "COR-{YYYY}{MM}-{SEQ:4}",
            ScopeSpec::Preset("MONTHLY".into()),
        )
    }
}

fn dated(date: &str) -> ReserveRequest {
    ReserveRequest {
        document_date: Some(date.parse().unwrap()),
        ..request("COR")
    }
}

#[tokio::test]
async fn back_dating_within_the_window_takes_the_document_date() {
    // 2026-01-05 07:00 in Bangkok.
    let app = app_at("2026-01-05T00:00:00Z");
    app.create(&monthly(10)).await;
    let back = app
        .svc
        .reserve(&dated("2025-12-26"), &alice())
        .await
        .unwrap();
    assert_eq!(back.document_number, "COR-202512-0001");
    assert_eq!(back.counter_key, "COR|YEAR=2025|MONTH=12");
    let today = app.reserve_cor().await;
    assert_eq!(today.document_number, "COR-202601-0001");
    let back2 = app
        .svc
        .reserve(&dated("2025-12-31"), &alice())
        .await
        .unwrap();
    assert_eq!(back2.document_number, "COR-202512-0002");
}

#[tokio::test]
async fn back_dating_outside_the_window_or_into_the_future_is_nb009() {
    let app = app_at("2026-01-05T00:00:00Z");
    app.create(&monthly(10)).await;
    let err = app
        .svc
        .reserve(&dated("2025-12-25"), &alice())
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB009");
    assert!(err.to_string().contains("11 days back"), "{err}");
    assert_eq!(
        err_code(app.svc.reserve(&dated("2026-01-06"), &alice()).await),
        "NB009"
    );
    assert!(app.store.numbers().is_empty());
}

#[tokio::test]
async fn without_a_window_only_today_is_accepted() {
    let app = app_at("2026-01-05T00:00:00Z");
    app.create(&monthly(0)).await;
    assert!(
        app.svc
            .reserve(&dated("2026-01-05"), &alice())
            .await
            .is_ok()
    );
    assert_eq!(
        err_code(app.svc.reserve(&dated("2026-01-04"), &alice()).await),
        "NB009"
    );
}

#[tokio::test]
async fn the_counter_is_exhausted_at_max_value_nb002() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&SeriesConfig {
        max_value: 3,
        ..cor()
    })
    .await;
    for n in 1..=3 {
        assert_eq!(app.reserve_cor().await.value, n);
    }
    let err = app.reserve_in("COR", &[]).await.unwrap_err();
    assert_eq!(code(&err), "NB002");
    assert!(err.to_string().contains("COR|YEAR=2025"), "{err}");
    // Nothing was written by the failed attempt.
    assert_eq!(app.counter("COR|YEAR=2025").await, 3);
    assert_eq!(app.store.numbers().len(), 3);
    assert_eq!(app.audit_of("RESERVE").await.len(), 3);
    // Preview says the same; a new year starts afresh.
    assert_eq!(
        err_code(app.svc.preview("COR", &ctx(&[]), None, None).await),
        "NB002"
    );
    app.clock.set(crate::support::at("2026-01-01T00:00:00Z"));
    assert_eq!(app.reserve_cor().await.document_number, "COR-2026-00001");
}

#[tokio::test]
async fn preview_shows_the_next_number_without_consuming_it() {
    let app = app_at("2025-06-15T10:00:00Z");
    app.create(&cor()).await;
    for _ in 0..2 {
        let p = app.svc.preview("COR", &ctx(&[]), None, None).await.unwrap();
        assert_eq!(p.document_number, "COR-2025-00001");
        assert_eq!(p.next_value, 1);
        assert_eq!(p.counter_key, "COR|YEAR=2025");
    }
    assert_eq!(app.counter("COR|YEAR=2025").await, 0);
    assert!(app.audit_of("RESERVE").await.is_empty());
    assert_eq!(app.reserve_cor().await.document_number, "COR-2025-00001");
    let p = app.svc.preview("COR", &ctx(&[]), None, None).await.unwrap();
    assert_eq!(p.document_number, "COR-2025-00002");
    assert_eq!(app.reserve_cor().await.document_number, "COR-2025-00002");
}

#[tokio::test]
async fn preview_with_scope_value_and_document_date() {
    let app = app_at("2026-01-05T00:00:00Z");
    app.create(&project_series()).await;
    app.create(&monthly(10)).await;
    let p = app
        .svc
        .preview("PCOR", &ctx(&[]), Some("LCBP3"), None)
        .await
        .unwrap();
    assert_eq!(p.document_number, "LCBP3-COR-0001");
    let p = app
        .svc
        .preview("COR", &ctx(&[]), None, Some("2025-12-30".parse().unwrap()))
        .await
        .unwrap();
    assert_eq!(p.document_number, "COR-202512-0001");
}
