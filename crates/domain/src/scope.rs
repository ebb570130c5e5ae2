//! What a counter restarts on, and the canonical counter key.
//!
//! # Counter-key grammar
//!
//! ```text
//! key       = document_type *( "|" dimension "=" value )
//! dimension = "YEAR" | "MONTH" | context-name      ; in canonical order
//! value     = escaped text ; "%" -> "%25", "|" -> "%7C", "=" -> "%3D"
//! ```
//!
//! The dimensions are the union of the series' scope and the context tokens
//! the template renders (except `{REV}`); their order is fixed: `YEAR`,
//! `MONTH`, then the context names in [`ContextName::ALL`] order. `YEAR` is
//! the Gregorian year (`2025`), `MONTH` is two digits (`01`). A `MONTH`
//! dimension always brings `YEAR` with it. Examples: `COR|YEAR=2025`,
//! `LETTER|YEAR=2025|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3`, `CD|CONTRACT=C001`.
//! The key is the same on every backend, instance and platform.

use std::fmt::Write as _;

use crate::context::{Context, ContextName};
use crate::document_type::DocumentType;
use crate::error::DomainError;
use crate::period::Period;
use crate::template::Template;

/// One thing a counter can be scoped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    /// The number's year.
    Year,
    /// The number's year and month.
    Month,
    /// A context value.
    Context(ContextName),
}

impl Dimension {
    /// Parses `YEAR`, `MONTH` or a context name.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw {
            "YEAR" => Ok(Self::Year),
            "MONTH" => Ok(Self::Month),
            other => ContextName::parse(other).map(Self::Context).ok_or_else(|| {
                DomainError::format(
                    "scope",
                    format!(
                        "unknown dimension '{}'; use YEAR, MONTH or a context name such as PROJECT",
                        other.escape_debug()
                    ),
                )
            }),
        }
    }

    /// The dimension's name as written in a scope list and a counter key.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Year => "YEAR",
            Self::Month => "MONTH",
            Self::Context(n) => n.as_str(),
        }
    }
}

/// The seed's named scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopePreset {
    /// One counter for the series.
    Global,
    /// Per `context.PROJECT`.
    Project,
    /// Per `context.CONTRACT`.
    Contract,
    /// Per year.
    Yearly,
    /// Per year and month.
    Monthly,
}

/// A series' scope: a preset or an explicit list of dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// One of the seed's presets.
    Preset(ScopePreset),
    /// An explicit list, e.g. `["PROJECT","ORIGINATOR","RECIPIENT","YEAR"]`.
    Dimensions(Vec<Dimension>),
}

impl Scope {
    /// Parses a preset name (`GLOBAL`, `PROJECT`, `CONTRACT`, `YEARLY`, `MONTHLY`).
    pub fn preset(raw: &str) -> Result<Self, DomainError> {
        let preset = match raw {
            "GLOBAL" => ScopePreset::Global,
            "PROJECT" => ScopePreset::Project,
            "CONTRACT" => ScopePreset::Contract,
            "YEARLY" => ScopePreset::Yearly,
            "MONTHLY" => ScopePreset::Monthly,
            other => {
                return Err(DomainError::format(
                    "scope",
                    format!(
                        "unknown scope '{}'; use GLOBAL, PROJECT, CONTRACT, YEARLY, MONTHLY or a list of dimensions",
                        other.escape_debug()
                    ),
                ));
            }
        };
        Ok(Self::Preset(preset))
    }

    /// Parses an explicit dimension list; duplicates are rejected.
    pub fn list<'a>(raw: impl IntoIterator<Item = &'a str>) -> Result<Self, DomainError> {
        let mut dims = Vec::new();
        for name in raw {
            let d = Dimension::parse(name)?;
            if dims.contains(&d) {
                return Err(DomainError::format(
                    "scope",
                    format!("dimension {name} is listed twice"),
                ));
            }
            dims.push(d);
        }
        Ok(Self::Dimensions(dims))
    }

    /// The preset's name, or `None` for an explicit list.
    pub fn preset_name(&self) -> Option<&'static str> {
        match self {
            Self::Preset(ScopePreset::Global) => Some("GLOBAL"),
            Self::Preset(ScopePreset::Project) => Some("PROJECT"),
            Self::Preset(ScopePreset::Contract) => Some("CONTRACT"),
            Self::Preset(ScopePreset::Yearly) => Some("YEARLY"),
            Self::Preset(ScopePreset::Monthly) => Some("MONTHLY"),
            Self::Dimensions(_) => None,
        }
    }

    /// The scope's own dimensions, sorted canonically (`MONTH` implies `YEAR`).
    pub fn dimensions(&self) -> Vec<Dimension> {
        let mut dims = match self {
            Self::Preset(ScopePreset::Global) => vec![],
            Self::Preset(ScopePreset::Project) => vec![Dimension::Context(ContextName::Project)],
            Self::Preset(ScopePreset::Contract) => vec![Dimension::Context(ContextName::Contract)],
            Self::Preset(ScopePreset::Yearly) => vec![Dimension::Year],
            Self::Preset(ScopePreset::Monthly) => vec![Dimension::Year, Dimension::Month],
            Self::Dimensions(d) => d.clone(),
        };
        if dims.contains(&Dimension::Month) && !dims.contains(&Dimension::Year) {
            dims.push(Dimension::Year);
        }
        dims.sort_unstable();
        dims
    }

    /// The context name a bare `scope_value` stands for: the scope's single
    /// dimension when that is a context name.
    pub fn single_context_dimension(&self) -> Option<ContextName> {
        match self.dimensions().as_slice() {
            [Dimension::Context(name)] => Some(*name),
            _ => None,
        }
    }

    /// All dimensions of a counter of this scope under `template`: the
    /// scope's own plus every context token rendered (but `{REV}`).
    pub fn key_dimensions(&self, template: &Template) -> Vec<Dimension> {
        let mut dims = self.dimensions();
        for name in template.context_names() {
            let d = Dimension::Context(name);
            if name != ContextName::Rev && !dims.contains(&d) {
                dims.push(d);
            }
        }
        dims.sort_unstable();
        dims
    }

    /// Rejects a scope whose counters would render colliding numbers: every
    /// scope dimension must be visible in the template, or two counters would
    /// both issue e.g. `COR-00001`.
    pub fn check_rendered_by(&self, template: &Template) -> Result<(), DomainError> {
        for d in self.dimensions() {
            let rendered = match d {
                Dimension::Year => template.renders_year(),
                Dimension::Month => template.renders_month(),
                Dimension::Context(n) => template.context_names().contains(&n),
            };
            if !rendered {
                return Err(DomainError::format(
                    "scope",
                    format!(
                        "the scope restarts the counter per {} but the template does not render it, so different counters would issue the same numbers; add the token to the template or drop it from the scope",
                        d.as_str()
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The canonical identity of one counter (see the module documentation).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct CounterKey(String);

impl CounterKey {
    /// The longest key, in characters: the stores' `counter_key` column is
    /// `VARCHAR(700)`, so a longer key must be refused as a client mistake
    /// (NB009) before any store sees it.
    pub const MAX_LEN: usize = 700;

    /// Builds the key of the counter a number with this context and period draws from.
    pub fn build(
        document_type: &DocumentType,
        scope: &Scope,
        template: &Template,
        context: &Context,
        period: Period,
    ) -> Result<Self, DomainError> {
        let mut key = String::with_capacity(64);
        key.push_str(document_type.as_str());
        for d in scope.key_dimensions(template) {
            key.push('|');
            key.push_str(d.as_str());
            key.push('=');
            match d {
                Dimension::Year => {
                    let _ = write!(key, "{:04}", period.year());
                }
                Dimension::Month => {
                    let _ = write!(key, "{:02}", period.month());
                }
                Dimension::Context(name) => {
                    let value = context
                        .get(name)
                        .ok_or_else(|| DomainError::MissingContext {
                            token: name.as_str().to_owned(),
                            name: name.as_str(),
                        })?;
                    escape_into(&mut key, value.as_str());
                }
            }
        }
        let len = key.chars().count();
        if len > Self::MAX_LEN {
            return Err(DomainError::InvalidValue {
                field: "context",
                reason: format!(
                    "the context values make a counter key of {len} characters, more than {}; use shorter values",
                    Self::MAX_LEN
                ),
            });
        }
        Ok(Self(key))
    }

    /// Wraps a key read back from storage.
    pub fn from_stored(raw: String) -> Self {
        Self(raw)
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as owned text.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The part after the document type (`YEAR=2025`), or `GLOBAL` when the
    /// counter has no dimension.
    pub fn scope_value(&self) -> &str {
        self.0.split_once('|').map_or("GLOBAL", |(_, rest)| rest)
    }
}

impl std::ops::Deref for CounterKey {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for CounterKey {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for CounterKey {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl std::fmt::Display for CounterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn escape_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '%' => out.push_str("%25"),
            '|' => out.push_str("%7C"),
            '=' => out.push_str("%3D"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(raw: &str) -> DocumentType {
        DocumentType::new(raw).unwrap()
    }

    fn tpl(raw: &str) -> Template {
        Template::parse(raw).unwrap()
    }

    fn ctx(pairs: &[(&str, &str)]) -> Context {
        Context::from_pairs(pairs.iter().copied()).unwrap()
    }

    fn p(year: i32, month: u32) -> Period {
        Period::new(year, month).unwrap()
    }

    fn preset(raw: &str) -> Scope {
        Scope::preset(raw).unwrap()
    }

    fn list(raw: &[&str]) -> Scope {
        Scope::list(raw.iter().copied()).unwrap()
    }

    fn key(doc: &str, scope: &Scope, template: &str, context: &Context, period: Period) -> String {
        CounterKey::build(&dt(doc), scope, &tpl(template), context, period)
            .unwrap()
            .as_str()
            .to_owned()
    }

    #[test]
    fn a_counter_key_longer_than_its_column_is_a_client_mistake() {
        // Three context values of 100 '%' each escape to 300 characters.
        let value = "%".repeat(100);
        let err = CounterKey::build(
            &dt("LONG"),
            &preset("GLOBAL"),
            &tpl("{PROJECT}-{ORIGINATOR}-{RECIPIENT}-{SEQ:4}"),
            &ctx(&[
                ("PROJECT", &value),
                ("ORIGINATOR", &value),
                ("RECIPIENT", &value),
            ]),
            p(2025, 3),
        )
        .unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::NB009, "{err}");
        assert!(err.to_string().contains("700"), "{err}");
        // Two fit.
        CounterKey::build(
            &dt("LONG"),
            &preset("GLOBAL"),
            &tpl("{PROJECT}-{ORIGINATOR}-{SEQ:4}"),
            &ctx(&[("PROJECT", &value), ("ORIGINATOR", &value)]),
            p(2025, 3),
        )
        .unwrap();
    }

    #[test]
    fn global_is_the_bare_document_type() {
        let k = key(
            "COR",
            &preset("GLOBAL"),
            "COR-{SEQ:5}",
            &Context::new(),
            p(2025, 3),
        );
        assert_eq!(k, "COR");
    }

    #[test]
    fn project_preset() {
        let k = key(
            "RFA",
            &preset("PROJECT"),
            "{PROJECT}-RFA-{SEQ:4}",
            &ctx(&[("PROJECT", "LCBP3-C2")]),
            p(2025, 3),
        );
        assert_eq!(k, "RFA|PROJECT=LCBP3-C2");
    }

    #[test]
    fn contract_preset() {
        let k = key(
            "CD",
            &preset("CONTRACT"),
            "{CONTRACT}-CD-{SEQ:6}",
            &ctx(&[("CONTRACT", "C001")]),
            p(2025, 3),
        );
        assert_eq!(k, "CD|CONTRACT=C001");
    }

    #[test]
    fn yearly_preset() {
        let k = key(
            "COR",
            &preset("YEARLY"),
            "COR-{YYYY}-{SEQ:5}",
            &Context::new(),
            p(2025, 3),
        );
        assert_eq!(k, "COR|YEAR=2025");
    }

    #[test]
    fn yearly_key_uses_the_gregorian_year_whatever_the_template_era() {
        let k = key(
            "X",
            &preset("YEARLY"),
            "X-{YEAR:BE}-{SEQ}",
            &Context::new(),
            p(2025, 3),
        );
        assert_eq!(k, "X|YEAR=2025");
    }

    #[test]
    fn monthly_preset_pads_the_month() {
        let k = key(
            "X",
            &preset("MONTHLY"),
            "X-{YYYY}{MM}-{SEQ}",
            &Context::new(),
            p(2025, 1),
        );
        assert_eq!(k, "X|YEAR=2025|MONTH=01");
        let k = key(
            "X",
            &preset("MONTHLY"),
            "X-{YYYY}{MM}-{SEQ}",
            &Context::new(),
            p(2025, 12),
        );
        assert_eq!(k, "X|YEAR=2025|MONTH=12");
    }

    #[test]
    fn explicit_list_is_in_canonical_order() {
        let c = ctx(&[
            ("PROJECT", "P1"),
            ("ORIGINATOR", "คคง."),
            ("RECIPIENT", "สคฉ.3"),
        ]);
        let template = "{PROJECT}/{ORIGINATOR}-{RECIPIENT}-{SEQ:4}-{YEAR:B.E.}";
        let expected = "LETTER|YEAR=2025|PROJECT=P1|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3";
        let scope = list(&["PROJECT", "ORIGINATOR", "RECIPIENT", "YEAR"]);
        assert_eq!(key("LETTER", &scope, template, &c, p(2025, 6)), expected);
        // The order the dimensions are listed in does not matter.
        let reordered = list(&["YEAR", "RECIPIENT", "PROJECT", "ORIGINATOR"]);
        assert_eq!(
            key("LETTER", &reordered, template, &c, p(2025, 6)),
            expected
        );
    }

    #[test]
    fn rendered_context_tokens_join_the_key() {
        let c = ctx(&[("ORIGINATOR", "คคง."), ("RECIPIENT", "สคฉ.3")]);
        let k = key(
            "LETTER",
            &preset("GLOBAL"),
            "{ORIGINATOR}-{RECIPIENT}-{SEQ:4}",
            &c,
            p(2025, 6),
        );
        assert_eq!(k, "LETTER|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3");
        // Deprecated {ORG} is the same dimension as {ORIGINATOR}.
        let k = key(
            "LETTER",
            &preset("GLOBAL"),
            "{ORG}-{RECIPIENT}-{SEQ:4}",
            &c,
            p(2025, 6),
        );
        assert_eq!(k, "LETTER|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3");
    }

    #[test]
    fn context_values_not_rendered_nor_scoped_are_ignored() {
        let c = ctx(&[("PROJECT", "P1"), ("DISCIPLINE", "TER")]);
        let k = key("COR", &preset("YEARLY"), "COR-{YYYY}-{SEQ}", &c, p(2025, 1));
        assert_eq!(k, "COR|YEAR=2025");
    }

    #[test]
    fn percent_pipe_and_equals_are_escaped() {
        let c = ctx(&[("PROJECT", "50%|a=b")]);
        let k = key("X", &preset("PROJECT"), "{PROJECT}-{SEQ}", &c, p(2025, 1));
        assert_eq!(k, "X|PROJECT=50%25%7Ca%3Db");
        // An already-escaped look-alike stays distinct.
        let lookalike = ctx(&[("PROJECT", "50%25%7Ca%3Db")]);
        let k2 = key(
            "X",
            &preset("PROJECT"),
            "{PROJECT}-{SEQ}",
            &lookalike,
            p(2025, 1),
        );
        assert_eq!(k2, "X|PROJECT=50%2525%257Ca%253Db");
        assert_ne!(k, k2);
    }

    #[test]
    fn a_value_cannot_forge_another_dimension() {
        let template = "{PROJECT}-{CONTRACT}-{SEQ}";
        let scope = preset("GLOBAL");
        let forged = ctx(&[("PROJECT", "A|CONTRACT=B"), ("CONTRACT", "C")]);
        let honest = ctx(&[("PROJECT", "A"), ("CONTRACT", "B|CONTRACT=C")]);
        assert_ne!(
            key("X", &scope, template, &forged, p(2025, 1)),
            key("X", &scope, template, &honest, p(2025, 1))
        );
    }

    #[test]
    fn rev_is_rendered_but_not_part_of_the_key() {
        let template = "{PROJECT}-{CORR_TYPE}-{DISCIPLINE}-{RFA_TYPE}-{SEQ:4}-{REV}";
        let base = [
            ("PROJECT", "LCBP3-C2"),
            ("CORR_TYPE", "RFA"),
            ("DISCIPLINE", "TER"),
            ("RFA_TYPE", "RPT"),
        ];
        let expected = "RFA|PROJECT=LCBP3-C2|CORR_TYPE=RFA|RFA_TYPE=RPT|DISCIPLINE=TER";
        for rev in ["A", "B", "0"] {
            let mut pairs = base.to_vec();
            pairs.push(("REV", rev));
            let k = key(
                "RFA",
                &preset("PROJECT"),
                template,
                &ctx(&pairs),
                p(2025, 1),
            );
            assert_eq!(k, expected, "REV={rev}");
        }
        // REV need not even be present to know the counter.
        assert_eq!(
            key("RFA", &preset("PROJECT"), template, &ctx(&base), p(2025, 1)),
            expected
        );
        assert!(
            !preset("PROJECT")
                .key_dimensions(&tpl(template))
                .contains(&Dimension::Context(ContextName::Rev))
        );
    }

    #[test]
    fn month_implies_year() {
        let scope = list(&["MONTH"]);
        assert_eq!(scope.dimensions(), vec![Dimension::Year, Dimension::Month]);
        let k = key("X", &scope, "X-{YY}{MM}-{SEQ}", &Context::new(), p(2025, 3));
        assert_eq!(k, "X|YEAR=2025|MONTH=03");
        assert_eq!(
            list(&["MONTH", "YEAR"]).dimensions(),
            vec![Dimension::Year, Dimension::Month]
        );
    }

    #[test]
    fn a_missing_key_value_names_the_context_value() {
        let err = CounterKey::build(
            &dt("RFA"),
            &preset("PROJECT"),
            &tpl("{PROJECT}-{SEQ}"),
            &Context::new(),
            p(2025, 1),
        )
        .unwrap_err();
        assert_eq!(err.code().as_str(), "NB006");
        assert!(err.to_string().contains("PROJECT"), "{err}");
    }

    #[test]
    fn scope_value_is_the_part_after_the_document_type() {
        let k = CounterKey::build(
            &dt("COR"),
            &preset("YEARLY"),
            &tpl("COR-{YYYY}-{SEQ:5}"),
            &Context::new(),
            p(2025, 1),
        )
        .unwrap();
        assert_eq!(k.scope_value(), "YEAR=2025");
        assert_eq!(k.to_string(), "COR|YEAR=2025");
        let global = CounterKey::build(
            &dt("COR"),
            &preset("GLOBAL"),
            &tpl("COR-{SEQ:5}"),
            &Context::new(),
            p(2025, 1),
        )
        .unwrap();
        assert_eq!(global.scope_value(), "GLOBAL");
        let stored =
            CounterKey::from_stored("LETTER|YEAR=2025|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3".to_owned());
        assert_eq!(
            stored.scope_value(),
            "YEAR=2025|ORIGINATOR=คคง.|RECIPIENT=สคฉ.3"
        );
    }

    #[test]
    fn single_context_dimension() {
        assert_eq!(
            preset("PROJECT").single_context_dimension(),
            Some(ContextName::Project)
        );
        assert_eq!(
            preset("CONTRACT").single_context_dimension(),
            Some(ContextName::Contract)
        );
        assert_eq!(
            list(&["ORIGINATOR"]).single_context_dimension(),
            Some(ContextName::Originator)
        );
        for none in [
            preset("GLOBAL"),
            preset("YEARLY"),
            preset("MONTHLY"),
            list(&[]),
            list(&["YEAR"]),
            list(&["PROJECT", "YEAR"]),
            list(&["PROJECT", "CONTRACT"]),
        ] {
            assert_eq!(none.single_context_dimension(), None, "{none:?}");
        }
    }

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
}
