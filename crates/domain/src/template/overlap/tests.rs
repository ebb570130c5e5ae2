//! Tests of `overlap`: known pairs, and a property test: an overlap that a
//! generated rendering shows is never missed, and every example reported
//! reads under both templates.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::template::arbitrary::{assemble, declared, gen_piece, render, tpl};

#[test]
fn different_literals_and_fixed_widths_never_overlap() {
    let none = BTreeMap::new();
    assert_eq!(
        tpl("COR-{YYYY}-{SEQ:5}").overlap(&none, &tpl("COR-{SEQ:5}"), &none),
        Overlap::None
    );
    assert_eq!(
        tpl("COR-{SEQ:4}").overlap(&none, &tpl("LTR-{SEQ:4}"), &none),
        Overlap::None
    );
    assert_eq!(
        tpl("COR-{MM}-{SEQ:4}").overlap(&none, &tpl("COR-13-{SEQ:4}"), &none),
        Overlap::None,
        "no month is 13"
    );
}

#[test]
fn an_undeclared_value_can_take_another_series_text() {
    let none = BTreeMap::new();
    let project = tpl("{PROJECT}-{SEQ:4}");
    let letters = tpl("LTR-{SEQ:4}");
    let Overlap::Example(example) = project.overlap(&none, &letters, &none) else {
        panic!("missed: LTR-0001 is both");
    };
    assert!(project.readings(&none, &example) > 0 && letters.readings(&none, &example) > 0);
    assert_eq!(example, "LTR-0001");
    // Declared digits cannot spell LTR.
    let digits = declared(&[("PROJECT", "[0-9]+")]);
    assert_eq!(project.overlap(&digits, &letters, &none), Overlap::None);
}

#[test]
fn code_lists_overlap_only_through_a_shared_code() {
    let codes = |list: &[&str]| {
        let mut d = BTreeMap::new();
        d.insert(
            ContextName::parse("ORIGINATOR").unwrap(),
            ValueSet::Codes(list.iter().map(|c| (*c).to_owned()).collect()),
        );
        d
    };
    let t = tpl("{ORIGINATOR}-{SEQ:4}");
    assert_eq!(
        t.overlap(&codes(&["คคง."]), &t, &codes(&["สคฉ.3"])),
        Overlap::None
    );
    assert_eq!(
        t.overlap(&codes(&["คคง.", "กทพ."]), &t, &codes(&["กทพ."])),
        Overlap::Example("กทพ.-0001".into())
    );
}

#[test]
fn readings_count_every_way_a_text_follows_a_template() {
    let none = BTreeMap::new();
    let t = tpl("{PROJECT}-{CONTRACT}-{SEQ:4}");
    assert_eq!(t.readings(&none, "LCBP3-C2-A-0001"), 2);
    assert_eq!(t.readings(&none, "LCBP3-A-0001"), 1);
    assert_eq!(
        t.readings(&none, "LCBP3-A-0000"),
        0,
        "value 0 is never rendered"
    );
    assert_eq!(
        t.readings(&none, "LCBP3-A-00012"),
        0,
        "wider values never start with 0"
    );
    assert_eq!(t.readings(&none, "LCBP3-A-12345"), 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn an_overlap_a_rendering_shows_is_never_missed(
        a in prop::collection::vec(gen_piece(), 1..5),
        b in prop::collection::vec(gen_piece(), 1..5),
        seeds in prop::collection::vec(prop::collection::vec(any::<u8>(), 1..4), 5),
        value in 1u64..2_000,
    ) {
        let (Some((ta, da)), Some((tb, db))) = (assemble(&a), assemble(&b)) else {
            return Ok(());
        };
        let (Ok(ta), Ok(tb)) = (Template::parse(&ta), Template::parse(&tb)) else {
            return Ok(());
        };
        let shown = render(&a, &seeds, value);
        let overlap = ta.overlap(&da, &tb, &db);
        if let Overlap::Example(example) = &overlap {
            prop_assert!(ta.readings(&da, example) > 0, "{} under {}", example, ta.as_str());
            prop_assert!(tb.readings(&db, example) > 0, "{} under {}", example, tb.as_str());
        }
        prop_assert!(ta.readings(&da, &shown) > 0, "{} does not follow {}", shown, ta.as_str());
        if tb.readings(&db, &shown) > 0 {
            prop_assert!(
                matches!(overlap, Overlap::Example(_)),
                "{} follows both {} and {}, but the walk said {:?}",
                shown, ta.as_str(), tb.as_str(), overlap
            );
        }
    }
}
