//! (a) a rendered number matches back to exactly the parts it was rendered
//! from, whatever the template looks like.

use docnum_domain::{
    Context, ContextName, ContextValue, DocumentType, Period, RenderVars, Template,
};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

/// A token of a generated template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Seq(u8),
    Yyyy,
    YearBe,
    Yy,
    Mm,
    Ctx(ContextName),
}

impl Tok {
    fn source(self) -> String {
        match self {
            Self::Seq(1) => "{SEQ}".to_owned(),
            Self::Seq(w) => format!("{{SEQ:{w}}}"),
            Self::Yyyy => "{YYYY}".to_owned(),
            Self::YearBe => "{YEAR:BE}".to_owned(),
            Self::Yy => "{YY}".to_owned(),
            Self::Mm => "{MM}".to_owned(),
            Self::Ctx(name) => format!("{{{name}}}"),
        }
    }
}

/// Characters of literal text: separators, Thai, digits, spaces, braces
/// (escaped when written into the template source).
const LITERAL_CHARS: &[char] = &[
    '-', '-', '/', '/', '.', ' ', '_', 'ท', 'ี', '่', 'ส', 'ค', 'ฉ', 'ก', 'A', 'X', '0', '7', '{',
    '}',
];

/// Characters of context values: they may contain the template's separators,
/// Thai text, digits and the counter-key metacharacters.
const VALUE_CHARS: &[char] = &[
    '-', '/', '.', ' ', 'ค', 'ง', 'ส', 'ฉ', '่', 'L', 'C', 'B', 'P', '3', '0', '%', '|', '=',
];

fn literal() -> impl Strategy<Value = String> {
    prop::collection::vec(select(LITERAL_CHARS), 0..=4).prop_map(|cs| cs.into_iter().collect())
}

fn context_value() -> impl Strategy<Value = String> {
    // Values are trimmed by rule; inner spaces are fine.
    prop::collection::vec(select(VALUE_CHARS), 1..=12)
        .prop_map(|cs| cs.into_iter().collect::<String>())
        .prop_filter("context values have no edge whitespace", |v| {
            !v.is_empty() && v.trim() == v
        })
}

/// One SEQ plus a random subset of the other tokens, in random order.
fn tokens() -> impl Strategy<Value = Vec<Tok>> {
    let mut optional = vec![Tok::Yyyy, Tok::YearBe, Tok::Yy, Tok::Mm];
    optional.extend(ContextName::ALL.iter().map(|n| Tok::Ctx(*n)));
    (1u8..=18, subsequence(optional, 0..=7)).prop_flat_map(|(width, mut toks)| {
        toks.push(Tok::Seq(width));
        Just(toks).prop_shuffle()
    })
}

/// A template made of `toks` with `literals[i]` before token `i` and the last
/// literal at the end.
fn template_source(toks: &[Tok], literals: &[String]) -> String {
    let escape = |s: &str| s.replace('{', "{{").replace('}', "}}");
    let mut source = String::new();
    for (tok, lit) in toks.iter().zip(literals) {
        source.push_str(&escape(lit));
        source.push_str(&tok.source());
    }
    if let Some(last) = literals.get(toks.len()) {
        source.push_str(&escape(last));
    }
    source
}

fn full_context(values: &[String]) -> Context {
    let mut ctx = Context::new();
    for (name, raw) in ContextName::ALL.iter().zip(values) {
        ctx.insert(*name, ContextValue::new(*name, raw).unwrap());
    }
    ctx
}

fn restricted(ctx: &Context, names: &[ContextName]) -> Context {
    let mut out = Context::new();
    for (name, value) in ctx.iter() {
        if names.contains(&name) {
            out.insert(name, value.clone());
        }
    }
    out
}

prop_compose! {
    fn template_case()(toks in tokens())(
        literals in prop::collection::vec(literal(), toks.len() + 1),
        toks in Just(toks),
    ) -> (Vec<Tok>, Vec<String>) {
        (toks, literals)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// (a) render → match is the identity on value, year, month and context.
    #[test]
    fn render_then_match_round_trips(
        (toks, literals) in template_case(),
        values in prop::collection::vec(context_value(), ContextName::ALL.len()),
        value in 1u64..=1_000_000_000_000,
        year in 1900i32..=2200,
        month in 1u32..=12,
    ) {
        let source = template_source(&toks, &literals);
        let template = Template::parse(&source)
            .map_err(|e| TestCaseError::fail(format!("{source}: {e}")))?;
        let document_type = DocumentType::new("DOC").unwrap();
        let context = full_context(&values);
        let period = Period::new(year, month).unwrap();
        let vars = RenderVars { document_type: &document_type, context: &context, period };
        let number = template.render(value, vars, 200).unwrap();

        let matched = template
            .match_number(number.as_str(), &document_type, &context)
            .map_err(|e| TestCaseError::fail(format!("{source} / {number}: {e}")))?;

        prop_assert_eq!(matched.value, value, "value of {} ({})", number, source);
        let long_year = toks.iter().any(|t| matches!(t, Tok::Yyyy | Tok::YearBe));
        if long_year {
            prop_assert_eq!(matched.year, Some(year), "year of {} ({})", number, source);
        } else if toks.contains(&Tok::Yy) {
            // A two-digit year only tells the year within its century.
            prop_assert_eq!(matched.year.map(|y| y % 100), Some(year % 100));
        } else {
            prop_assert_eq!(matched.year, None);
        }
        let expected_month = toks.contains(&Tok::Mm).then_some(month);
        prop_assert_eq!(matched.month, expected_month, "month of {} ({})", number, source);
        let rendered_names = template.context_names();
        prop_assert_eq!(
            &matched.context,
            &restricted(&context, &rendered_names),
            "context of {} ({})", number, source
        );
    }
}
