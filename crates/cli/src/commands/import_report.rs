//! The tables of `docnum import`'s report, and its problems as JSON.

use comfy_table::{Cell, Table};
use docnum_application::usecases::{ImportCounter, ImportPreviewRow, ImportProblem};
use docnum_i18n::Locale;

use crate::commands::present::{red, table};
use crate::lang;

/// Bad rows, by line.
pub(crate) fn problems_table(problems: &[ImportProblem]) -> Table {
    let mut t = table(&["col-line", "col-document-number", "col-code", "col-problem"]);
    for p in problems {
        t.add_row(vec![
            Cell::new(p.line),
            Cell::new(&p.document_number),
            red(p.code),
            Cell::new(lang::tr(&p.message)),
        ]);
    }
    t
}

/// A problem for `--json`: `{"line", "document_number", "code", "message"}`,
/// the message in English whatever the output's language (JSON output is
/// language-neutral; scripts branch on `code`).
pub(crate) fn problem_json(p: &ImportProblem) -> serde_json::Value {
    serde_json::json!({
        "line": p.line,
        "document_number": p.document_number,
        "code": p.code,
        "message": docnum_i18n::render(Locale::En, &p.message),
    })
}

/// The first rows as they will be registered.
pub(crate) fn preview_table(rows: &[ImportPreviewRow]) -> Table {
    let mut t = table(&[
        "col-line",
        "col-type",
        "col-document-number",
        "col-counter",
        "col-value",
        "col-created-at",
    ]);
    for r in rows {
        t.add_row(vec![
            Cell::new(r.line),
            Cell::new(&r.document_type),
            Cell::new(&r.document_number),
            Cell::new(&r.counter_key),
            Cell::new(r.value),
            Cell::new(r.created_at.to_rfc3339()),
        ]);
    }
    t
}

/// What happens to each counter.
pub(crate) fn counters_table(counters: &[ImportCounter]) -> Table {
    let mut t = table(&[
        "col-counter",
        "col-rows",
        "col-lowest",
        "col-highest",
        "col-counter-before",
        "col-counter-after",
    ]);
    for c in counters {
        t.add_row(vec![
            Cell::new(&c.counter_key),
            Cell::new(c.rows),
            Cell::new(c.lowest),
            Cell::new(c.highest),
            Cell::new(c.current_value),
            Cell::new(c.after),
        ]);
    }
    t
}
