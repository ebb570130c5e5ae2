//! Tests of what a valid scope is: the presets, explicit lists, and the rule
//! that a template renders every dimension its scope counts per.

use super::*;

#[test]
fn presets_parse_and_name_themselves() {
    for name in ["GLOBAL", "PROJECT", "CONTRACT", "YEARLY", "MONTHLY"] {
        assert_eq!(preset(name).preset_name(), Some(name));
    }
    assert_eq!(list(&["YEAR"]).preset_name(), None);
    for bad in ["global", "DAILY", ""] {
        assert_eq!(
            Scope::preset(bad).unwrap_err().code().as_str(),
            "NB006",
            "{bad:?}"
        );
    }
}

#[test]
fn list_rejects_duplicates() {
    for dup in [
        &["YEAR", "YEAR"][..],
        &["PROJECT", "YEAR", "PROJECT"][..],
        &["MONTH", "MONTH"][..],
    ] {
        let err = Scope::list(dup.iter().copied()).unwrap_err();
        assert_eq!(err.code().as_str(), "NB006", "{dup:?}");
        assert!(err.to_string().contains("listed twice"), "{err}");
    }
}

#[test]
fn list_rejects_unknown_names() {
    for bad in ["PROJET", "year", "YEARLY", "SEQ", "ORG", ""] {
        let err = Scope::list(["PROJECT", bad]).unwrap_err();
        assert_eq!(err.code().as_str(), "NB006", "{bad:?}");
        assert!(err.to_string().contains("unknown dimension"), "{err}");
    }
}

fn rejected(scope: &Scope, template: &str) -> String {
    let err = scope.check_rendered_by(&tpl(template)).unwrap_err();
    assert_eq!(err.code().as_str(), "NB006");
    err.to_string()
}

#[test]
fn scope_dimensions_must_be_rendered() {
    assert!(rejected(&preset("YEARLY"), "COR-{SEQ}").contains("per YEAR"));
    assert!(rejected(&preset("PROJECT"), "RFA-{YYYY}-{SEQ}").contains("per PROJECT"));
    assert!(rejected(&preset("CONTRACT"), "{PROJECT}-{SEQ}").contains("per CONTRACT"));
    assert!(rejected(&preset("MONTHLY"), "X-{YYYY}-{SEQ}").contains("per MONTH"));
    assert!(rejected(&preset("MONTHLY"), "X-{MM}-{SEQ}").contains("per YEAR"));
    // MONTH alone still needs the year on the number.
    assert!(rejected(&list(&["MONTH"]), "X-{MM}-{SEQ}").contains("per YEAR"));
    assert!(
        rejected(
            &list(&["PROJECT", "ORIGINATOR", "RECIPIENT", "YEAR"]),
            "{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:BE}"
        )
        .contains("per PROJECT")
    );
}

#[test]
fn rendered_scopes_are_accepted() {
    let ok = [
        (preset("GLOBAL"), "COR-{SEQ}"),
        (preset("YEARLY"), "COR-{YYYY}-{SEQ}"),
        (preset("YEARLY"), "COR-{YY:BE}-{SEQ}"),
        (preset("YEARLY"), "{ORIGINATOR}-{SEQ:4}-{YEAR:B.E.}"),
        (preset("MONTHLY"), "RFA-{PROJECT}-{YYYY}{MM}-{SEQ:4}"),
        (preset("PROJECT"), "{PROJECT}-{SEQ}"),
        (preset("CONTRACT"), "{CONTRACT}-CD-{SEQ:6}"),
        (list(&["ORIGINATOR"]), "{ORG}-{SEQ}"),
        (
            list(&["PROJECT", "ORIGINATOR", "RECIPIENT", "YEAR"]),
            "{PROJECT}/{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:BE}",
        ),
    ];
    for (scope, template) in ok {
        assert!(
            scope.check_rendered_by(&tpl(template)).is_ok(),
            "{scope:?} {template}"
        );
    }
}
