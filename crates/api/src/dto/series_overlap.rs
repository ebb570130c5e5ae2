//! Which other series (or earlier versions of this one) a saved series'
//! numbers can coincide with (spec §12: no overlap in a namespace), as the
//! answer of a create or update reports it.

use docnum_application::{OverlapKind, SeriesOverlap};
use serde::Serialize;
use utoipa::ToSchema;

/// Why an overlap is a warning and not a refusal.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = OverlapKind)]
pub(crate) enum OverlapKindDto {
    /// Possible only through a value one of the two series does not
    /// declare (declare every dimension of both to have it refused or
    /// proven impossible).
    Undeclared,
    /// The check gave up before it could tell.
    Undecided,
    /// With numbers issued under an earlier version of this series: the
    /// next draws skip those that exist (see `change.counters`).
    EarlierVersion,
}

/// A series whose numbers this series' numbers can coincide with.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SeriesOverlap)]
pub(crate) struct SeriesOverlapView {
    /// The other series, or this one for an earlier version.
    #[schema(example = "MEMO")]
    document_type: String,
    /// For an earlier version of this series: which; null for another
    /// series.
    #[schema(required = true)]
    version: Option<i64>,
    /// A text both can issue; null when undecided.
    #[schema(required = true, example = "HR-0001")]
    example: Option<String>,
    /// Why it is a warning.
    kind: OverlapKindDto,
}

impl From<SeriesOverlap> for SeriesOverlapView {
    fn from(o: SeriesOverlap) -> Self {
        Self {
            document_type: o.document_type,
            version: o.version,
            example: o.example,
            kind: match o.kind {
                OverlapKind::Undeclared => OverlapKindDto::Undeclared,
                OverlapKind::Undecided => OverlapKindDto::Undecided,
                OverlapKind::EarlierVersion => OverlapKindDto::EarlierVersion,
            },
        }
    }
}
