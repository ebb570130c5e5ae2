//! One sample of every typed reason, inside the error that carries it.

use docnum_application::{AppError, Collided, Collision, InvalidReason};
use docnum_domain::{DomainError, FormatReason, MismatchReason, ValueReason};

/// One of every typed reason, in the errors that carry them.
pub(crate) fn reasons() -> Vec<AppError> {
    let format = [
        FormatReason::Length { max: 50, got: 51 },
        FormatReason::Unprintable {
            position: 3,
            character: '\u{200b}',
        },
        FormatReason::Padded,
        FormatReason::Brace { position: 2 },
        FormatReason::UnknownContextName,
        FormatReason::NamespaceCharacters {
            value: "Proj A".into(),
        },
        FormatReason::DocumentTypeCharacter {
            value: "co-r".into(),
            character: 'c',
        },
        FormatReason::UnknownTimeZone {
            value: "Mars/Olympus".into(),
        },
        FormatReason::UnknownDimension {
            value: "WEEK".into(),
        },
        FormatReason::UnknownScope {
            value: "WEEKLY".into(),
        },
        FormatReason::DimensionTwice {
            dimension: "YEAR".into(),
        },
        FormatReason::ScopeNotRendered { dimension: "YEAR" },
        FormatReason::RenderedTooLong {
            number: "COR-0001".into(),
            length: 8,
            max: 5,
        },
    ];
    let mismatch = [
        MismatchReason::TooLong { max_bytes: 800 },
        MismatchReason::TooManyReadings,
        MismatchReason::StopsAt { position: 7 },
        MismatchReason::Ambiguous,
        MismatchReason::NoSequence,
        MismatchReason::InvalidPart(Box::new(DomainError::format(
            "context.PROJECT",
            FormatReason::Padded,
        ))),
    ];
    let value = [
        ValueReason::TooShort { min: 10, got: 3 },
        ValueReason::TooLong {
            max: 1000,
            got: 1001,
        },
        ValueReason::ControlCharacters,
        ValueReason::YearOutOfRange {
            year: -5,
            min: 1000,
            max: 9456,
        },
        ValueReason::NotAMonth { month: 13 },
        ValueReason::CounterKeyTooLong {
            length: 701,
            max: 700,
        },
        ValueReason::SequenceOutOfRange { value: 0, max: 99 },
        ValueReason::AboveMaxValue {
            requested: 100,
            max: 99,
        },
        ValueReason::OutOfRange {
            min: 1,
            max: 200,
            got: 0,
        },
        ValueReason::TooManyDays {
            max: 3660,
            got: 4000,
        },
        ValueReason::DateInFuture {
            date: "2999-01-01".into(),
            today: "2025-06-15".into(),
            time_zone: "Asia/Bangkok",
        },
        ValueReason::BackdatedTooFar {
            date: "2025-01-01".into(),
            days: 165,
            document_type: "COR".into(),
            max: 30,
        },
        ValueReason::NotSingleContext {
            document_type: "COR".into(),
        },
    ];
    let url = || "sqlite::memory:".to_owned();
    let invalid = [
        InvalidReason::ScopeValueContradicts {
            scope_value: "A".into(),
            name: "PROJECT".into(),
            existing: "B".into(),
        },
        InvalidReason::PrintableUpTo { min: 0, max: 200 },
        InvalidReason::PrintableUpTo { min: 1, max: 255 },
        InvalidReason::Renamed {
            body: "RFA".into(),
            path: "COR".into(),
        },
        InvalidReason::PageSize { max: 1000 },
        InvalidReason::FromAfterTo,
        InvalidReason::UnknownOperation {
            operation: "DELETE".into(),
            known: "RESERVE, CONFIRM".into(),
        },
        InvalidReason::CreatedAtEmpty,
        InvalidReason::NotADate {
            value: "yesterday".into(),
        },
        InvalidReason::SkippedByClock {
            value: "2025-03-30 02:30".into(),
            time_zone: "Europe/Berlin",
        },
        InvalidReason::InFuture {
            value: "2999-01-01".into(),
        },
        InvalidReason::MetadataTooLarge {
            max_kib: 16,
            got: 20_000,
        },
        InvalidReason::MetadataNotObject,
        InvalidReason::MetadataNotJson { line: 1, column: 2 },
        InvalidReason::ContextNotObject,
        InvalidReason::ContextValueNotText {
            name: "PROJECT".into(),
        },
        InvalidReason::ImportHasBadRows {
            bad: 2,
            rows: 10,
            line: 3,
        },
        InvalidReason::SeveralNamespaces {
            number: "COR-1".into(),
            namespaces: "a, b".into(),
        },
        InvalidReason::SeriesVersionChanged,
        InvalidReason::BatchTooLarge,
        InvalidReason::TooLarge { value: u64::MAX },
        InvalidReason::NotSqliteUrl { url: url() },
        InvalidReason::NoFilePath { url: url() },
        InvalidReason::InMemoryDatabase { url: url() },
        InvalidReason::UnknownScheme {
            scheme: "oracle".into(),
        },
        InvalidReason::SchemaTooNew {
            migration: "2026_01".into(),
            needed: "2.0.0".into(),
            binary: "1.0.0".into(),
        },
        InvalidReason::SchemaUnlevelled {
            migrations: "2026_01".into(),
            binary: "1.0.0".into(),
        },
        InvalidReason::SchemaBehind {
            pending: "2026_01".into(),
            detail: "permission denied".into(),
        },
        InvalidReason::SeriesOverlap {
            other: "LTR".into(),
            example: "HR-0001".into(),
        },
    ];
    let numbers = [
        Collided::One("COR-1".into()),
        Collided::OneOf {
            first: "COR-1".into(),
            last: "COR-9".into(),
        },
    ];
    let mut all: Vec<AppError> = Vec::new();
    all.extend(format.map(|r| DomainError::format("scope", r).into()));
    all.extend(mismatch.map(|reason| {
        DomainError::NumberMismatch {
            number: "COR-X".into(),
            template: "COR-{SEQ:4}".into(),
            reason,
        }
        .into()
    }));
    all.extend(value.map(|r| DomainError::value("document_date", r).into()));
    all.extend(invalid.map(|r| AppError::invalid("created_at", r)));
    for numbers in numbers {
        all.push(AppError::DuplicateNumber(Collision::Number {
            numbers: numbers.clone(),
            namespace: "default".into(),
        }));
        for value in [Some(7), None] {
            all.push(AppError::DuplicateNumber(Collision::Value {
                numbers: numbers.clone(),
                counter: "COR|YEAR=2025".into(),
                value,
            }));
        }
    }
    all
}
