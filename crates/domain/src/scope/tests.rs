//! Tests of `scope`.

use super::*;

mod counter_key;
mod definition;

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
