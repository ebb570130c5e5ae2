//! Template parse / render / match throughput for the spec's example series.
//!
//! Run: `cargo bench -p docnum-domain --bench template -- --warm-up-time 1 --measurement-time 3`.
//! Targets (docs/benchmarks.md): render < 300 ns, match < 1 µs per number.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use docnum_domain::{Context, CounterKey, DocumentType, Period, RenderVars, Scope, Template};

/// One benchmarked series: its template, document type, context and the
/// number it renders for value 42.
struct Case {
    name: &'static str,
    template: &'static str,
    document_type: &'static str,
    scope: &'static str,
    context: &'static [(&'static str, &'static str)],
    number: &'static str,
}

const CASES: [Case; 3] = [
    Case {
        name: "cor",
        template: "COR-{YYYY}-{SEQ:5}",
        document_type: "COR",
        scope: "YEARLY",
        context: &[],
        number: "COR-2025-00042",
    },
    Case {
        name: "thai_letter",
        template: "{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:B.E.}",
        document_type: "LETTER",
        scope: "YEARLY",
        context: &[("ORIGINATOR", "คคง."), ("RECIPIENT", "สคฉ.3")],
        number: "คคง.-สคฉ.3-0042-2568",
    },
    Case {
        name: "rfa",
        template: "{PROJECT}-{CORR_TYPE}-{DISCIPLINE}-{RFA_TYPE}-{SEQ:4}-{REV}",
        document_type: "RFA",
        scope: "PROJECT",
        context: &[
            ("PROJECT", "LCBP3-C2"),
            ("CORR_TYPE", "RFA"),
            ("DISCIPLINE", "TER"),
            ("RFA_TYPE", "RPT"),
            ("REV", "A"),
        ],
        number: "LCBP3-C2-RFA-TER-RPT-0042-A",
    },
];

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for case in &CASES {
        group.bench_function(case.name, |b| {
            b.iter(|| Template::parse(black_box(case.template)).unwrap());
        });
    }
    group.finish();
}

fn render(c: &mut Criterion) {
    let period = Period::new(2025, 6).unwrap();
    let mut group = c.benchmark_group("render");
    for case in &CASES {
        let template = Template::parse(case.template).unwrap();
        let document_type = DocumentType::new(case.document_type).unwrap();
        let context = Context::from_pairs(case.context.iter().copied()).unwrap();
        let vars = RenderVars {
            document_type: &document_type,
            context: &context,
            period,
        };
        assert_eq!(template.render(42, vars, 50).unwrap().as_str(), case.number);
        group.bench_function(case.name, |b| {
            b.iter(|| template.render(black_box(42), black_box(vars), 50).unwrap());
        });
    }
    group.finish();
}

fn matching(c: &mut Criterion) {
    let mut group = c.benchmark_group("match");
    for case in &CASES {
        let template = Template::parse(case.template).unwrap();
        let document_type = DocumentType::new(case.document_type).unwrap();
        let context = Context::from_pairs(case.context.iter().copied()).unwrap();
        // The RFA number is ambiguous without the context (LCBP3-C2 contains
        // the separator), so it is matched with the context as the hint, as
        // the service does; the others are matched both ways.
        let needs_hint = case.name == "rfa";
        if !needs_hint {
            let empty = Context::new();
            assert_eq!(
                template
                    .match_number(case.number, &document_type, &empty)
                    .unwrap()
                    .value,
                42
            );
            group.bench_function(case.name, |b| {
                b.iter(|| {
                    template
                        .match_number(black_box(case.number), &document_type, &empty)
                        .unwrap()
                });
            });
        }
        if !case.context.is_empty() {
            assert_eq!(
                template
                    .match_number(case.number, &document_type, &context)
                    .unwrap()
                    .value,
                42
            );
            group.bench_function(format!("{}_with_hint", case.name), |b| {
                b.iter(|| {
                    template
                        .match_number(black_box(case.number), &document_type, &context)
                        .unwrap()
                });
            });
        }
    }
    group.finish();
}

fn counter_key(c: &mut Criterion) {
    let period = Period::new(2025, 6).unwrap();
    let mut group = c.benchmark_group("counter_key");
    for case in &CASES {
        let template = Template::parse(case.template).unwrap();
        let document_type = DocumentType::new(case.document_type).unwrap();
        let context = Context::from_pairs(case.context.iter().copied()).unwrap();
        let scope = Scope::preset(case.scope).unwrap();
        group.bench_function(case.name, |b| {
            b.iter(|| {
                CounterKey::build(
                    &document_type,
                    &scope,
                    &template,
                    black_box(&context),
                    black_box(period),
                )
                .unwrap()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, parse, render, matching, counter_key);
criterion_main!(benches);
