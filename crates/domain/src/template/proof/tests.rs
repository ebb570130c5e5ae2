//! Tests of `proof`: known templates, and a property test against a
//! brute-force reader that knows the declarations.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::template::arbitrary::{FREE, Gen, assemble, declared, gen_piece, render, tpl};

const RFA: &str = "{PROJECT}-{CORR_TYPE}-{DISCIPLINE}-{RFA_TYPE}-{SEQ:4}-{REV}";

#[test]
fn fixed_width_and_trailing_sequences_are_unambiguous() {
    let none = BTreeMap::new();
    for template in [
        "COR-{YYYY}-{SEQ:5}",
        "{SEQ:4}",
        "LTR/{YY}{MM}/{SEQ}",
        "{PROJECT}-{SEQ:4}",
        "{YYYY}-{PROJECT}-{SEQ}",
    ] {
        assert_eq!(
            tpl(template).proof(&none),
            Verdict::Unambiguous,
            "{template}"
        );
    }
}

#[test]
fn two_free_values_side_by_side_are_ambiguous() {
    let verdict = tpl("{PROJECT}-{CONTRACT}-{SEQ:4}").proof(&BTreeMap::new());
    assert_eq!(
        verdict,
        Verdict::Ambiguous {
            fields: vec!["PROJECT".into(), "CONTRACT".into()]
        }
    );
    let codes = declared(&[("CONTRACT", "[A-Z0-9]+")]);
    assert_eq!(
        tpl("{PROJECT}-{CONTRACT}-{SEQ:4}").proof(&codes),
        Verdict::Unambiguous
    );
}

#[test]
fn the_lcbp3_rfa_format_needs_its_revision_declared_too() {
    let template = tpl(RFA);
    assert!(matches!(
        template.proof(&BTreeMap::new()),
        Verdict::Ambiguous { .. }
    ));
    let three = declared(&[
        ("CORR_TYPE", "[A-Z0-9]+"),
        ("DISCIPLINE", "[A-Z0-9]+"),
        ("RFA_TYPE", "[A-Z0-9]+"),
    ]);
    // `P-A-B-C-0001-0002-R` has two readings with REV free (module docs).
    assert_eq!(
        template.proof(&three),
        Verdict::Ambiguous {
            fields: vec!["PROJECT".into(), "REV".into()]
        }
    );
    let mut four = three;
    four.insert(ContextName::Rev, ValueSet::pattern("[A-Z0-9]+").unwrap());
    assert_eq!(template.proof(&four), Verdict::Unambiguous);
}

#[test]
fn code_lists_without_the_separator_delimit_their_field() {
    let mut codes = BTreeMap::new();
    codes.insert(
        ContextName::parse("ORIGINATOR").unwrap(),
        ValueSet::Codes(vec!["คคง.".into(), "สคฉ.3".into()]),
    );
    codes.insert(
        ContextName::parse("RECIPIENT").unwrap(),
        ValueSet::Codes(vec!["กทพ.".into(), "สคฉ.3".into()]),
    );
    let template = tpl("{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:BE}");
    assert_eq!(template.proof(&codes), Verdict::Unambiguous);
    assert!(matches!(
        template.proof(&BTreeMap::new()),
        Verdict::Ambiguous { .. }
    ));
}

#[test]
fn a_long_code_list_is_described_by_its_first_ten() {
    let codes: Vec<String> = (0..500).map(|i| format!("C{i:03}")).collect();
    let text = ValueSet::Codes(codes).to_string();
    assert!(
        text.starts_with("one of: C000, C001,") && text.ends_with("C009, … (500 codes)"),
        "{text}"
    );
    assert_eq!(
        ValueSet::pattern("[A-Z0-9]+").unwrap().to_string(),
        "[0-9A-Z]+"
    );
    assert_eq!(
        ValueSet::pattern("[A-Z]{3}").unwrap().to_string(),
        "[A-Z]{3}"
    );
}

#[test]
fn patterns_are_read_and_bad_ones_refused() {
    let p = ValueSet::pattern("[A-Z]{3}").unwrap();
    assert!(p.accepts("TER") && !p.accepts("TE") && !p.accepts("te1"));
    let p = ValueSet::pattern("[0-9]{1,4}").unwrap();
    assert!(p.accepts("7") && p.accepts("2568") && !p.accepts("25680"));
    let p = ValueSet::pattern("[A-Z0-9-]+").unwrap();
    assert!(p.accepts("C2-A"));
    for bad in [
        "A-Z",
        "[Z-A]+",
        "[^A]+",
        "[A-Z]",
        "[A-Z]{0}",
        "[A-Z]{4,2}",
        "[A-Z]*",
    ] {
        assert!(ValueSet::pattern(bad).is_err(), "{bad}");
    }
}

// ---- The property: the rule never calls an ambiguous template unambiguous.

/// Every way to read `text` as `pieces` under the declarations (a reading
/// is the list of texts of the fields); brute force, short texts only.
fn readings(pieces: &[Gen], decl: &BTreeMap<ContextName, ValueSet>, text: &[char]) -> usize {
    let Some((first, rest)) = pieces.split_first() else {
        return usize::from(text.is_empty());
    };
    let mut count = 0;
    for len in 1..=text.len() {
        let (head, tail) = text.split_at(len);
        let head: String = head.iter().collect();
        let fits = match first {
            Gen::Literal(l) => head == *l,
            Gen::Seq(w) => {
                head.chars().all(|c| c.is_ascii_digit())
                    && (head.len() == usize::from(*w)
                        || (head.len() > usize::from(*w) && !head.starts_with('0')))
            }
            Gen::Month => head.len() == 2 && head.chars().all(|c| c.is_ascii_digit()),
            Gen::Value(n, _) => match ContextName::parse(n).and_then(|n| decl.get(&n)) {
                Some(set) => set.accepts(&head),
                None => head.chars().all(|c| FREE.contains(&c)),
            },
        };
        if fits {
            count += readings(rest, decl, tail);
        }
    }
    count
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// When the rule says "unambiguous", every rendering of the template
    /// (fields filled with values their declarations accept) has exactly
    /// one reading.
    #[test]
    fn an_unambiguous_verdict_means_one_reading(
        pieces in prop::collection::vec(gen_piece(), 1..6),
        seeds in prop::collection::vec(prop::collection::vec(any::<u8>(), 1..4), 6),
        value in 1u64..20_000,
    ) {
        let Some((text, decl)) = assemble(&pieces) else { return Ok(()); };
        let Ok(template) = Template::parse(&text) else { return Ok(()); };
        prop_assume!(template.proof(&decl) == Verdict::Unambiguous);
        let rendered = render(&pieces, &seeds, value);
        let chars: Vec<char> = rendered.chars().collect();
        prop_assert_eq!(readings(&pieces, &decl, &chars), 1, "{} as {}", rendered, text);
    }
}
