//! Saving a series checks that its numbers cannot be the same text as
//! another series' of its namespace (spec §12, issue 21): an overlap under
//! both series' declarations is refused (NB009 naming the other series and
//! a number of both); one possible only through an undeclared value, or
//! one the walk could not decide, is a warning in the answer. A change of
//! template or scope is also compared with the series' own earlier
//! versions, whose numbers are issued: an overlap there is a warning, since
//! the next draws skip every number that exists (the dry run's
//! `change.counters` says how many).

use std::collections::BTreeMap;
use std::sync::Arc;

use docnum_domain::template::OVERLAP_STATE_BUDGET;
use docnum_domain::{Coincidence, Series};
use serde::Serialize;

use crate::error::AppError;
use crate::error_reason::InvalidReason;
use crate::series_config::{SeriesChange, SeriesConfig, ValueSpec};
use crate::service::Numbering;

/// States of the overlap walk one save may spend over all the series it is
/// compared with (each pair at most [`OVERLAP_STATE_BUDGET`]): a few
/// seconds at worst, however many series a namespace holds; pairs past it
/// are reported as undecided. Series told apart by a literal cost a
/// handful of states.
pub const SAVE_OVERLAP_BUDGET: usize = 4 * OVERLAP_STATE_BUDGET;

/// Why an overlap is a warning and not a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OverlapKind {
    /// Possible only through a value one of the two series does not declare.
    Undeclared,
    /// The check gave up before it could tell (templates too intricate).
    Undecided,
    /// With numbers issued under an earlier version of this series: the
    /// next draws skip those that exist.
    EarlierVersion,
}

/// A series (or an earlier version of the one saved) whose numbers the
/// saved series' numbers can coincide with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeriesOverlap {
    /// The other series, or the saved one for an earlier version.
    pub document_type: String,
    /// For an earlier version of the saved series: which.
    pub version: Option<i64>,
    /// A text both can issue; `None` when undecided.
    pub example: Option<String>,
    /// Why it is a warning.
    pub kind: OverlapKind,
}

/// The series a saved one is compared with.
struct Compared {
    document_type: String,
    version: Option<i64>,
    series: Arc<Series>,
}

impl Numbering {
    /// The warnings of saving `saving` (whose current stored history is
    /// `history`, empty for a new series), or NB009 for an overlap with
    /// another series under both declarations. Reads only; CPU-bound walks
    /// run off the async threads.
    pub(crate) async fn series_overlaps(
        &self,
        saving: &SeriesConfig,
        series: Arc<Series>,
        history: &[SeriesChange],
    ) -> Result<Vec<SeriesOverlap>, AppError> {
        let mut compared: Vec<Compared> = self
            .ports
            .series
            .list_series()
            .await?
            .into_iter()
            .filter(|other| {
                other.config.namespace == saving.namespace
                    && other.config.document_type != saving.document_type
            })
            .map(|other| Compared {
                document_type: other.config.document_type,
                version: None,
                series: other.series,
            })
            .collect();
        compared.extend(earlier_versions(saving, history));
        let checked = tokio::task::spawn_blocking(move || {
            let mut left = SAVE_OVERLAP_BUDGET;
            compared
                .into_iter()
                .map(|c| {
                    let mut budget = left.min(OVERLAP_STATE_BUDGET);
                    let before = budget;
                    let found = series.coincidence_within(&c.series, &mut budget);
                    left -= before - budget;
                    (c, found)
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| AppError::Internal(format!("overlap check: {e}")))?;
        let mut warnings = Vec::new();
        for (c, found) in checked {
            let (kind, example) = match (found, c.version) {
                (Coincidence::Disjoint, _) => continue,
                (Coincidence::Declared(example), None) => {
                    return Err(AppError::invalid(
                        "template",
                        InvalidReason::SeriesOverlap {
                            other: c.document_type,
                            example,
                        },
                    ));
                }
                (Coincidence::Undeclared(example), None) => {
                    (OverlapKind::Undeclared, Some(example))
                }
                (Coincidence::Declared(example) | Coincidence::Undeclared(example), Some(_)) => {
                    (OverlapKind::EarlierVersion, Some(example))
                }
                (Coincidence::Undecided, _) => (OverlapKind::Undecided, None),
            };
            warnings.push(SeriesOverlap {
                document_type: c.document_type,
                version: c.version,
                example,
                kind,
            });
        }
        Ok(warnings)
    }
}

/// The earlier versions of a series whose numbers a change could
/// re-render: those of the same namespace whose template or scope differ
/// from `saving`'s (a version with both the same draws from the same
/// counters, so it issues nothing twice), each template and declaration
/// once, latest version first. A version today's rules no longer accept
/// is left out.
fn earlier_versions(saving: &SeriesConfig, history: &[SeriesChange]) -> Vec<Compared> {
    let mut seen: Vec<(&str, &BTreeMap<String, ValueSpec>)> = Vec::new();
    let mut out = Vec::new();
    for (index, change) in history.iter().enumerate().rev() {
        let config = &change.after;
        let same_counters = config.template == saving.template && config.scope == saving.scope;
        if same_counters || config.namespace != saving.namespace {
            continue;
        }
        let declared = (config.template.as_str(), &config.values);
        if seen.contains(&declared) {
            continue;
        }
        seen.push(declared);
        let Ok(series) = config.to_series() else {
            continue;
        };
        out.push(Compared {
            document_type: config.document_type.clone(),
            version: i64::try_from(index + 1).ok(),
            series: Arc::new(series),
        });
    }
    out
}
