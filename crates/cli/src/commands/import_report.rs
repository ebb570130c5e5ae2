//! The tables of `docnum import`'s report.

use comfy_table::{Cell, Table};
use docnum_application::usecases::{ImportCounter, ImportPreviewRow, ImportProblem};

use crate::commands::present::{red, table};

/// Bad rows, by line.
pub(crate) fn problems_table(problems: &[ImportProblem]) -> Table {
    let mut t = table(&["line", "document_number", "code", "problem"]);
    for p in problems {
        t.add_row(vec![
            Cell::new(p.line),
            Cell::new(&p.document_number),
            red(p.code),
            Cell::new(&p.message),
        ]);
    }
    t
}

/// The first rows as they will be registered.
pub(crate) fn preview_table(rows: &[ImportPreviewRow]) -> Table {
    let mut t = table(&[
        "line",
        "type",
        "document_number",
        "counter",
        "value",
        "created_at",
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
        "counter",
        "rows",
        "lowest",
        "highest",
        "counter before",
        "counter after",
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
