//! The catalogues against the code: the English entry of every variant says
//! what its `Display` says, and every variant has a Thai message.

use docnum_api::{ApiError, Locale};
use docnum_application::{AppError, Collided, Collision, InvalidReason};
use docnum_domain::{
    DomainError, FormatReason, MismatchReason, NumberState, Template, TemplateError, Transition,
    ValueReason,
};

use crate::harness::is_thai;

/// One sample of every client-visible variant, with its arguments.
fn samples() -> Vec<AppError> {
    let domain = [
        DomainError::InvalidTemplate(TemplateError::Empty),
        DomainError::MissingContext {
            token: "PROJECT".into(),
            name: "PROJECT",
        },
        DomainError::format("document_type", FormatReason::Length { max: 20, got: 25 }),
        DomainError::NumberMismatch {
            number: "COR-X".into(),
            template: "COR-{SEQ:4}".into(),
            reason: MismatchReason::NoSequence,
        },
        DomainError::InvalidValue {
            field: "reason",
            reason: ValueReason::ControlCharacters,
        },
        DomainError::SequenceExhausted {
            counter_key: "COR|2568".into(),
            max_value: 9999,
        },
        DomainError::ManualOverrideNotAllowed {
            document_type: "COR".into(),
        },
        DomainError::CounterBelowIssued {
            requested: 3,
            highest: 7,
        },
    ];
    let mut all: Vec<AppError> = domain.into_iter().map(AppError::from).collect();
    for state in [
        None,
        Some(NumberState::Expired),
        Some(NumberState::Cancelled),
        Some(NumberState::Confirmed),
    ] {
        all.push(DomainError::ReservationGone { state }.into());
    }
    for from in [
        NumberState::Reserved,
        NumberState::Confirmed,
        NumberState::Cancelled,
        NumberState::Expired,
        NumberState::Voided,
    ] {
        for action in [
            Transition::Confirm,
            Transition::Cancel,
            Transition::Expire,
            Transition::Void,
        ] {
            all.push(DomainError::InvalidTransition { from, action }.into());
        }
    }
    for source in [
        "",
        "COR-{SEQ}-{SEQ:4}",
        "COR-{NOPE}-{SEQ}",
        "COR-{SEQ:99}",
        "COR-{SEQ",
        "COR-\u{7}-{SEQ}",
        &"X".repeat(300),
        "COR-{YYYY}",
    ] {
        let e = Template::parse(source).unwrap_err();
        all.push(DomainError::InvalidTemplate(e).into());
    }
    all.extend([
        AppError::SeriesNotFound("COR".into()),
        AppError::SeriesExists("COR".into()),
        AppError::NumberNotFound("COR-1".into()),
        AppError::NumberTaken {
            number: "COR-1".into(),
            namespace: "default".into(),
        },
        AppError::ValueTaken {
            value: 1,
            counter: "COR|2568".into(),
            number: "COR-1".into(),
        },
        AppError::DuplicateNumber(Collision::Number {
            numbers: Collided::OneOf {
                first: "A".into(),
                last: "B".into(),
            },
            namespace: "default".into(),
        }),
        AppError::IdempotencyConflict("k-1".into()),
        AppError::invalid("from", InvalidReason::FromAfterTo),
        AppError::LockTimeout("COR|2568".into()),
        AppError::SeriesChanged("COR".into()),
        AppError::Overloaded("COR|2568".into()),
    ]);
    all
}

#[test]
fn the_english_catalogue_says_what_the_logs_say() {
    for e in samples() {
        assert_eq!(
            docnum_i18n::render(Locale::En, &e.message()),
            e.to_string(),
            "{e:?}"
        );
    }
}

#[test]
fn every_variant_has_a_thai_message() {
    let api_only = [
        ApiError::RateLimited {
            retry_after_secs: 3,
        },
        ApiError::MethodNotAllowed {
            method: "PATCH".into(),
            path: "/x".into(),
        },
        ApiError::Timeout(30),
        ApiError::Internal("SELECT secret".into()),
    ];
    let all = samples()
        .into_iter()
        .map(ApiError::from)
        .chain(api_only)
        .chain([
            AppError::Unavailable("pool".into()).into(),
            AppError::Internal("SELECT secret".into()).into(),
        ]);
    for e in all {
        let th = docnum_i18n::render(Locale::Th, &e.message());
        let en = e.client_message();
        assert!(is_thai(&th), "{e:?}: {th}");
        assert!(!th.contains('(') || th.contains(')'), "{th}");
        assert_ne!(th, en, "{e:?}");
        assert!(!th.contains("secret") && !en.contains("secret"), "{e:?}");
    }
}
