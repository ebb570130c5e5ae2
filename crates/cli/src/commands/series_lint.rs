//! What `docnum series create` and `update` warn about once the series is
//! saved (or, with `--dry-run`, checked): fields whose values can run into
//! each other, and series whose numbers its numbers can coincide with.
//! Warnings go to standard error, so `--json` output stays clean.

use docnum_application::{OverlapKind, SeriesOverlap, SeriesRecord};
use docnum_domain::Message;
use docnum_domain::template::Verdict;
use serde_json::json;

use crate::{lang, output};

/// Prints the save's warnings to standard error.
pub(crate) fn show_warnings(record: &SeriesRecord, overlaps: &[SeriesOverlap]) {
    if let Verdict::Ambiguous { fields } = record.series.proof() {
        output::note(&lang::tr(
            &Message::new("series-ambiguous").with("fields", fields.join(", ")),
        ));
    }
    for overlap in overlaps {
        let example = overlap.example.clone().unwrap_or_default();
        let message = match (overlap.kind, overlap.version) {
            (OverlapKind::EarlierVersion, version) => Message::new("series-overlap-earlier")
                .with("version", version.unwrap_or_default().unsigned_abs())
                .with("example", example),
            (OverlapKind::Undecided, Some(version)) => {
                Message::new("series-overlap-undecided-earlier")
                    .with("version", version.unsigned_abs())
            }
            (OverlapKind::Undecided, None) => {
                Message::new("series-overlap-undecided").with("other", &overlap.document_type)
            }
            (OverlapKind::Undeclared, _) => Message::new("series-overlap-undeclared")
                .with("other", &overlap.document_type)
                .with("example", example),
        };
        output::note(&lang::tr(&message));
    }
}

/// The proof's verdict and the overlaps, for `--json` output.
pub(crate) fn warnings_json(
    record: &SeriesRecord,
    overlaps: &[SeriesOverlap],
) -> serde_json::Value {
    let fields = match record.series.proof() {
        Verdict::Unambiguous => Vec::new(),
        Verdict::Ambiguous { fields } => fields,
    };
    json!({
        "unambiguous": fields.is_empty(),
        "ambiguous_fields": fields,
        "overlaps": overlaps,
    })
}
