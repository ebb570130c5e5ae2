//! Whether the numbers of two series can be the same text (spec §12: the
//! series of one namespace do not overlap), and whether that is a refusal
//! or a warning.
//!
//! A series is *bound by its declarations* when it declares what every
//! dimension it renders may hold: each of its numbers is then a text its
//! template and declarations describe, and nothing else. An overlap of two
//! bound series is certain to be possible with values they accept, so
//! saving refuses it. Where one of them leaves a dimension undeclared (or
//! declares nothing at all, and so works as it did before declarations
//! existed) the overlap goes through free text that its users may never
//! type: a warning with the same example.

use super::Series;
use crate::template::{OVERLAP_STATE_BUDGET, Overlap};

/// What comparing the numbers of two series found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coincidence {
    /// No text is a number of both: proven.
    Disjoint,
    /// This text is a number of both, with values both series declare:
    /// saving refuses it.
    Declared(String),
    /// This text is a number of both, through a value one of them does
    /// not declare: a warning.
    Undeclared(String),
    /// The walk ran out of budget before it could tell: a warning.
    Undecided,
}

impl Series {
    /// Whether this series declares what every dimension it renders may
    /// hold (a series that declares nothing does not).
    pub fn bound_by_declarations(&self) -> bool {
        let values = &self.params().values;
        !values.is_empty()
            && self
                .template()
                .context_names()
                .iter()
                .all(|name| values.contains_key(name))
    }

    /// Whether a number of this series can be the same text as a number
    /// of `other`, each rendered under its own declarations and no longer
    /// than its `max_length`.
    pub fn coincidence(&self, other: &Self) -> Coincidence {
        let mut budget = OVERLAP_STATE_BUDGET;
        self.coincidence_within(other, &mut budget)
    }

    /// [`Series::coincidence`] spending at most `budget` states of the
    /// walk ([`Template::overlap_within`](crate::Template::overlap_within)).
    pub fn coincidence_within(&self, other: &Self, budget: &mut usize) -> Coincidence {
        let mine = self.template().with_document_type(self.document_type());
        let theirs = other.template().with_document_type(other.document_type());
        let found = mine.overlap_within(
            &self.params().values,
            &theirs,
            &other.params().values,
            budget,
        );
        match found {
            Overlap::None => Coincidence::Disjoint,
            Overlap::Undecided => Coincidence::Undecided,
            // The example is the shortest common text: when even it is
            // longer than one series renders, no number is common.
            Overlap::Example(text)
                if text.chars().count()
                    > self.params().max_length.min(other.params().max_length) =>
            {
                Coincidence::Disjoint
            }
            Overlap::Example(text)
                if self.bound_by_declarations() && other.bound_by_declarations() =>
            {
                Coincidence::Declared(text)
            }
            Overlap::Example(text) => Coincidence::Undeclared(text),
        }
    }
}
