//! (b) two numbers share a counter exactly when everything but their
//! sequence value that the counter key depends on is equal; (c) counter keys
//! are deterministic and well-formed.

use std::collections::BTreeSet;

use docnum_domain::{
    Context, ContextName, ContextValue, CounterKey, DocumentType, Period, Scope, Template,
};
use proptest::prelude::*;
use proptest::sample::subsequence;

/// The dimensions a scope list may name in the key property tests.
const SCOPE_DIMS: &[&str] = &["YEAR", "MONTH", "PROJECT", "CONTRACT", "ORIGINATOR", "REV"];

/// A deliberately small value set, with the key's metacharacters and
/// look-alikes of their escapes, so that collisions would show up.
const KEY_VALUES: &[&str] = &[
    "A",
    "B",
    "A|B",
    "A=B",
    "|",
    "=",
    "%",
    "%7C",
    "%3D",
    "%25",
    "คคง.",
];

#[derive(Debug, Clone)]
struct KeyCase {
    scope: Vec<&'static str>,
    template: String,
    context_names: Vec<ContextName>,
}

fn key_case() -> impl Strategy<Value = KeyCase> {
    (
        subsequence(SCOPE_DIMS.to_vec(), 0..=SCOPE_DIMS.len()).prop_shuffle(),
        subsequence(ContextName::ALL.to_vec(), 0..=ContextName::ALL.len()),
    )
        .prop_map(|(scope, mut names)| {
            // The template renders every context dimension of the scope (as a
            // saved series must) plus the generated extra names.
            for dim in &scope {
                if let Some(n) = ContextName::ALL.iter().find(|n| n.as_str() == *dim)
                    && !names.contains(n)
                {
                    names.push(*n);
                }
            }
            names.sort_unstable();
            let mut template = String::from("{YYYY}{MM}");
            for n in &names {
                template.push('-');
                template.push('{');
                template.push_str(n.as_str());
                template.push('}');
            }
            template.push_str("-{SEQ:4}");
            KeyCase {
                scope,
                template,
                context_names: names,
            }
        })
}

/// The non-sequence parts of one number: context value indexes (one per
/// [`ContextName::ALL`] entry), year and month.
type Parts = (Vec<usize>, i32, u32);

fn parts() -> impl Strategy<Value = Parts> {
    (
        prop::collection::vec(0..KEY_VALUES.len(), ContextName::ALL.len()),
        2024i32..=2025,
        1u32..=2,
    )
}

/// A second set of parts that copies each field of the first with
/// probability 1/2, so that equal keys are common.
fn two_parts() -> impl Strategy<Value = (Parts, Parts)> {
    (
        parts(),
        parts(),
        prop::collection::vec(any::<bool>(), ContextName::ALL.len() + 2),
    )
        .prop_map(|(a, raw, keep)| {
            let ctx =
                a.0.iter()
                    .zip(&raw.0)
                    .zip(&keep)
                    .map(|((x, y), k)| if *k { *x } else { *y })
                    .collect();
            let year = if keep[ContextName::ALL.len()] {
                a.1
            } else {
                raw.1
            };
            let month = if keep[ContextName::ALL.len() + 1] {
                a.2
            } else {
                raw.2
            };
            (a, (ctx, year, month))
        })
}

fn context_of(indexes: &[usize]) -> Context {
    let mut ctx = Context::new();
    for (name, i) in ContextName::ALL.iter().zip(indexes) {
        ctx.insert(*name, ContextValue::new(*name, KEY_VALUES[*i]).unwrap());
    }
    ctx
}

fn build(case: &KeyCase, scope: &Scope, parts: &Parts) -> CounterKey {
    let template = Template::parse(&case.template).unwrap();
    CounterKey::build(
        &DocumentType::new("DOC").unwrap(),
        scope,
        &template,
        &context_of(&parts.0),
        Period::new(parts.1, parts.2).unwrap(),
    )
    .unwrap()
}

/// What the key depends on, written down independently of the implementation:
/// the scope's dimensions (MONTH brings YEAR) and every context name the
/// template renders except REV.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Relevant {
    Year,
    Month,
    Ctx(ContextName),
}

fn relevant(case: &KeyCase) -> BTreeSet<Relevant> {
    let mut out = BTreeSet::new();
    for dim in &case.scope {
        match *dim {
            "YEAR" => {
                out.insert(Relevant::Year);
            }
            "MONTH" => {
                out.insert(Relevant::Year);
                out.insert(Relevant::Month);
            }
            other => {
                out.insert(Relevant::Ctx(ContextName::parse(other).unwrap()));
            }
        }
    }
    for n in &case.context_names {
        if *n != ContextName::Rev {
            out.insert(Relevant::Ctx(*n));
        }
    }
    out
}

fn slot(name: ContextName) -> usize {
    ContextName::ALL.iter().position(|n| *n == name).unwrap()
}

fn same_relevant_parts(dims: &BTreeSet<Relevant>, a: &Parts, b: &Parts) -> bool {
    dims.iter().all(|d| match d {
        Relevant::Year => a.1 == b.1,
        Relevant::Month => a.2 == b.2,
        Relevant::Ctx(n) => KEY_VALUES[a.0[slot(*n)]] == KEY_VALUES[b.0[slot(*n)]],
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// (b) same counter ⇔ same key-relevant parts.
    #[test]
    fn keys_are_equal_exactly_when_the_relevant_parts_are(
        case in key_case(),
        (a, b) in two_parts(),
    ) {
        let scope = Scope::list(case.scope.iter().copied()).unwrap();
        let k1 = build(&case, &scope, &a);
        let k2 = build(&case, &scope, &b);
        let dims = relevant(&case);
        prop_assert_eq!(
            k1 == k2,
            same_relevant_parts(&dims, &a, &b),
            "{} vs {} (scope {:?}, template {})", k1, k2, case.scope, case.template
        );
    }

    /// (c) the same input gives the same key, whatever the order the scope
    /// list and the context were written in; the key is well-formed.
    #[test]
    fn keys_are_deterministic_and_well_formed(case in key_case(), a in parts()) {
        let scope = Scope::list(case.scope.iter().copied()).unwrap();
        let k1 = build(&case, &scope, &a);
        let k2 = build(&case, &scope, &a);
        prop_assert_eq!(&k1, &k2);
        prop_assert_eq!(k1.as_str(), k2.as_str());

        let reversed = Scope::list(case.scope.iter().rev().copied()).unwrap();
        prop_assert_eq!(&build(&case, &reversed, &a), &k1);

        // The same context inserted in the opposite order.
        let mut ctx = Context::new();
        for (name, i) in ContextName::ALL.iter().zip(&a.0).rev() {
            ctx.insert(*name, ContextValue::new(*name, KEY_VALUES[*i]).unwrap());
        }
        let again = CounterKey::build(
            &DocumentType::new("DOC").unwrap(),
            &scope,
            &Template::parse(&case.template).unwrap(),
            &ctx,
            Period::new(a.1, a.2).unwrap(),
        )
        .unwrap();
        prop_assert_eq!(&again, &k1);

        // DOC, then one `NAME=value` per relevant dimension, in canonical
        // order, with no raw '|' or '=' left in a value.
        let dims = relevant(&case);
        let mut fields = k1.as_str().split('|');
        prop_assert_eq!(fields.next(), Some("DOC"));
        let names: Vec<&str> = fields
            .map(|f| {
                let (name, value) = f.split_once('=').unwrap();
                assert!(!value.contains('='), "{k1}");
                name
            })
            .collect();
        let expected: Vec<&str> = dims
            .iter()
            .map(|d| match d {
                Relevant::Year => "YEAR",
                Relevant::Month => "MONTH",
                Relevant::Ctx(n) => n.as_str(),
            })
            .collect();
        prop_assert_eq!(names, expected);
        if dims.is_empty() {
            prop_assert_eq!(k1.scope_value(), "GLOBAL");
        } else {
            prop_assert_eq!(Some(k1.scope_value()), k1.as_str().strip_prefix("DOC|"));
        }
    }
}
