//! The catalogue is complete in every language, its entries agree on their
//! arguments, every entry renders, and the language negotiation honours
//! q-values within a bounded read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use docnum_domain::Message;
use fluent_syntax::ast;
use fluent_templates::fluent_bundle::FluentValue;

use crate::render::CATALOGUE;
use crate::{Locale, MAX_ACCEPT_LANGUAGE_BYTES, render};

/// Key → the variables its entry uses, for one language (all its files).
type Entries = BTreeMap<String, BTreeSet<String>>;

fn locale_dir(locale: Locale) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(locale.tag())
}

/// Every entry of `dir`'s `.ftl` files; fails on a syntax error or on a key
/// defined twice.
fn entries_in(dir: &Path) -> Entries {
    let mut entries = Entries::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .ftl file in {}", dir.display());
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let resource = fluent_syntax::parser::parse(source.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", file.display()));
        for entry in &resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        pattern_vars(p, &mut vars);
                    }
                    assert!(m.attributes.is_empty(), "{}: attributes", m.id.name);
                    let key = m.id.name.to_owned();
                    assert!(
                        entries.insert(key.clone(), vars).is_none(),
                        "{key} is defined twice in {}",
                        dir.display()
                    );
                }
                ast::Entry::Junk { content } => panic!("{}: junk {content:?}", file.display()),
                _ => {}
            }
        }
    }
    entries
}

fn pattern_vars(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, out),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        // A message reference would hide its variables from this check.
        ast::InlineExpression::MessageReference { id, .. } => {
            panic!("message reference {{ {} }}: write the text out", id.name)
        }
        ast::InlineExpression::TermReference { .. }
        | ast::InlineExpression::StringLiteral { .. }
        | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

/// What [`keys_and_arguments_match`] finds wrong between two languages.
fn mismatches(a: (&str, &Entries), b: (&str, &Entries)) -> Vec<String> {
    let mut out = Vec::new();
    for (key, vars) in a.1 {
        match b.1.get(key) {
            None => out.push(format!("{key} is in {} but not in {}", a.0, b.0)),
            Some(other) if other != vars => out.push(format!(
                "{key} takes {vars:?} in {} but {other:?} in {}",
                a.0, b.0
            )),
            Some(_) => {}
        }
    }
    for key in b.1.keys().filter(|k| !a.1.contains_key(*k)) {
        out.push(format!("{key} is in {} but not in {}", b.0, a.0));
    }
    out
}

#[test]
fn keys_and_arguments_match_across_languages() {
    let en = entries_in(&locale_dir(Locale::En));
    for locale in Locale::ALL {
        let other = entries_in(&locale_dir(locale));
        let problems = mismatches(("en", &en), (locale.tag(), &other));
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
    assert!(en.len() > 100, "only {} keys read", en.len());
}

#[test]
fn the_check_catches_a_missing_key_and_a_renamed_argument() {
    let parse = |text: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("messages.ftl"), text).unwrap();
        entries_in(dir.path())
    };
    let en = parse("a = one { $number }\nb = two\n");
    let missing = parse("a = หนึ่ง { $number }\n");
    let renamed = parse("a = หนึ่ง { $document }\nb = สอง\n");
    let dropped = parse("a = หนึ่ง\nb = สอง\n");
    let selected = parse("a = { $number -> \n   *[other] หนึ่ง { $number }\n }\nb = สอง\n");
    assert_eq!(
        mismatches(("en", &en), ("th", &missing)),
        ["b is in en but not in th"]
    );
    assert_eq!(mismatches(("en", &en), ("th", &renamed)).len(), 1);
    assert_eq!(mismatches(("en", &en), ("th", &dropped)).len(), 1);
    assert!(mismatches(("en", &en), ("th", &selected)).is_empty());
}

#[test]
fn every_entry_renders_in_its_own_language_without_isolation_marks() {
    for locale in Locale::ALL {
        for (key, vars) in entries_in(&locale_dir(locale)) {
            let args: HashMap<Cow<'static, str>, FluentValue<'static>> = vars
                .iter()
                .map(|v| (Cow::Owned(v.clone()), FluentValue::from("COR-2568-0001")))
                .collect();
            let text = CATALOGUE
                .lookup_single_language(locale.langid(), &key, Some(&args))
                .unwrap_or_else(|e| panic!("{locale} {key}: {e:?}"));
            assert!(!text.trim().is_empty(), "{locale} {key} is empty");
            assert!(
                !text.contains(['\u{2068}', '\u{2069}']),
                "{locale} {key} has isolation marks: {text:?}"
            );
            if !vars.is_empty() {
                assert!(text.contains("COR-2568-0001"), "{locale} {key}: {text}");
            }
        }
    }
}

#[test]
fn a_document_number_comes_out_exactly_as_given() {
    let m = Message::new("number-not-found").with("number", "คคง.-สคฉ.3-0001-2568");
    assert_eq!(
        render(Locale::Th, &m),
        "ไม่พบเลขที่เอกสาร คคง.-สคฉ.3-0001-2568 ในทะเบียนเลขที่"
    );
    assert_eq!(
        render(Locale::En, &m),
        "document number คคง.-สคฉ.3-0001-2568 is not in the registry"
    );
}

#[test]
fn numbers_are_arabic_digits_without_grouping_even_past_float_precision() {
    for (max, shown) in [
        (99_999_u64, "99999"),
        (9_007_199_254_740_993, "9007199254740993"),
    ] {
        let m = Message::new("sequence-exhausted")
            .with("counter", "COR|2025")
            .with("max", max);
        for locale in Locale::ALL {
            let text = render(locale, &m);
            assert!(text.contains(shown), "{locale}: {text}");
        }
    }
}

#[test]
fn nested_messages_render_in_the_same_language() {
    let m = Message::new("invalid-template").with(
        "reason",
        Message::new("template-too-long")
            .with("length", 300_u64)
            .with("max", 200_u64),
    );
    assert_eq!(
        render(Locale::Th, &m),
        "แม่แบบเลขที่ไม่ถูกต้อง: แม่แบบเลขที่ยาว 300 ตัวอักษร เกินขีดจำกัด 200 ตัวอักษร"
    );
    assert_eq!(
        render(Locale::En, &m),
        "invalid template: the template is 300 characters long; the limit is 200"
    );
}

#[test]
fn an_unknown_key_shows_the_key_and_its_arguments() {
    let m = Message::new("no-such-key").with("number", "X-1");
    assert_eq!(render(Locale::Th, &m), "no-such-key(number=X-1)");
}

#[test]
fn accept_language_honours_q_values() {
    let cases = [
        ("th", Locale::Th),
        ("th-TH", Locale::Th),
        ("TH-th", Locale::Th),
        ("en-GB,en;q=0.9", Locale::En),
        ("en;q=0.5, th;q=0.8", Locale::Th),
        ("th;q=0.5, en;q=0.8", Locale::En),
        ("fr-FR, fr;q=0.9, th;q=0.3", Locale::Th),
        ("th;q=0, en;q=0.1", Locale::En),
        ("de, fr", Locale::En),
        ("*", Locale::En),
        ("", Locale::En),
        (";;;,,,q=", Locale::En),
    ];
    for (header, expected) in cases {
        assert_eq!(
            Locale::negotiate(header, Locale::En),
            expected,
            "{header:?}"
        );
    }
    assert_eq!(Locale::negotiate("de, fr", Locale::Th), Locale::Th);
    assert_eq!(Locale::negotiate("th;q=0", Locale::Th), Locale::Th);
    assert_eq!(Locale::negotiate("en", Locale::Th), Locale::En);
}

#[test]
fn a_huge_accept_language_is_read_only_up_to_its_bound() {
    // th sits past the bound: unread, so the default stands.
    let padding = "x-pad;q=0.1,".repeat(MAX_ACCEPT_LANGUAGE_BYTES / 12 + 1);
    let header = format!("{padding}th");
    assert!(header.len() > MAX_ACCEPT_LANGUAGE_BYTES);
    assert_eq!(Locale::negotiate(&header, Locale::En), Locale::En);
    // A megabyte of one tag, cut mid-way, names nothing.
    let huge = "t".repeat(1 << 20);
    assert_eq!(Locale::negotiate(&huge, Locale::En), Locale::En);
    // Within the bound it is read.
    assert_eq!(Locale::negotiate("x-pad;q=0.1,th", Locale::En), Locale::Th);
    // A cut in the middle of a tag never yields the fragment.
    let cut = format!("{}, thx", "a".repeat(MAX_ACCEPT_LANGUAGE_BYTES - 5));
    assert_eq!(Locale::negotiate(&cut, Locale::En), Locale::En);
}

#[test]
fn posix_variables_choose_in_their_order() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    assert_eq!(
        Locale::from_env(env(&[("LANG", "th_TH.UTF-8")])),
        Locale::Th
    );
    assert_eq!(
        Locale::from_env(env(&[("LANG", "th_TH.UTF-8"), ("LC_ALL", "C")])),
        Locale::En
    );
    assert_eq!(
        Locale::from_env(env(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "th_TH")])),
        Locale::Th
    );
    assert_eq!(
        Locale::from_env(env(&[("LC_ALL", ""), ("LANG", "th")])),
        Locale::Th
    );
    assert_eq!(Locale::from_env(env(&[])), Locale::En);
    assert_eq!("th_TH.UTF-8".parse::<Locale>(), Ok(Locale::Th));
    assert_eq!("en-GB".parse::<Locale>(), Ok(Locale::En));
    assert!("fr".parse::<Locale>().is_err());
}
