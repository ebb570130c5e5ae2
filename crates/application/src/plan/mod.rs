//! The store's business rules, written once as pure functions that every
//! store calls — the SQL stores of `docnum-adapters` and the in-memory
//! [`crate::memory::MemoryStore`] alike: which registry rows and which audit
//! entries a change writes, and with what values. A store only finds the
//! rows, applies the guards its storage enforces (unique indexes, `WHERE
//! state = …`, counter raises) and persists what it is handed.
//!
//! Where each rule lives:
//! - a draw (reserve, and the replacement issued by void): [`plan_draw`]
//!   (RESERVE vs REPLACE rows and entries), [`draw_range`] (the values and
//!   NB002 past the maximum); which values a draw skips because their
//!   rendering already exists in the namespace: [`CollisionSearch`] (the
//!   store answers its lookups with an index query), giving a [`Placement`];
//! - confirm / cancel / expire: [`settle`], [`expire`];
//!   "a reservation is due after its TTL": [`docnum_domain::is_due`], through
//!   [`IssuedNumber::is_due`];
//! - manual override and import: [`plan_registrations`] — "a manual
//!   override only raises the counter" is [`Raise::over`];
//! - void: [`void`];
//! - an admin's counter set: [`plan_set_counter`];
//! - a series change: [`config_change`].
//!
//! Audit conventions (every store writes exactly these, so that stores can
//! be compared entry by entry):
//! - RESERVE / REPLACE: `old_value`/`new_value` are the counter before and
//!   after that number (`"41"` → `"42"`); metadata `token`, plus
//!   `idempotency_key` / `replaces` when there is one.
//! - CONFIRM / CANCEL / EXPIRE / VOID: `old_value`/`new_value` are the
//!   states; metadata `token` and `document_ref` / `reason` /
//!   `expires_at_us` / `reason` + `replaced_by`.
//! - MANUAL_OVERRIDE / IMPORT: `new_value` is the registered sequence value
//!   (none for a number that does not follow the template); metadata
//!   `token`, `reason`, `source`, `follows_template`.
//! - SEQUENCE_SKIP: the counter before and after a raise by registered
//!   numbers; metadata `registered` (the highest value), `skipped` (the runs
//!   `[from, to]` no registration took), `skipped_from`/`skipped_to` (when
//!   any value was jumped over), `reason`, `document_number`.
//! - SEQUENCE_SKIP of a draw past existing renderings (written just before
//!   the RESERVE/REPLACE entry of the draft whose draw jumped): the counter
//!   before and after the run; metadata `reason`, `skipped` (`[[from, to]]`),
//!   `skipped_from`/`skipped_to`, `existing` (some of the numbers holding
//!   the renderings, first and last always), `existing_count`;
//!   `document_number` is the first of them.
//! - SEQUENCE_SET: the counter before and after an admin's set; metadata
//!   `reason`, `highest_issued`, `skipped` (`[[old + 1, new]]` for a raise,
//!   `[]` for a lowering) and `skipped_from`/`skipped_to` for a raise.
//!   `docnum validate` counts the `skipped` runs of SEQUENCE_SKIP and
//!   SEQUENCE_SET entries as accounted for.
//! - CONFIG_CHANGE: the series version before and after; metadata `reason`,
//!   `version`, `before` and `after` configurations.
//!
//! A replacement issued by void is CONFIRMED at birth and has no
//! `expires_at`; a registered number is confirmed at its `issued_at`.

mod audit;
mod collide;
mod counter;
mod draw;
mod manual;
mod settle;

pub use collide::{CollisionSearch, Placement};
pub use counter::{config_change, plan_merge, plan_set_counter};
pub use draw::{Drawn, draw_range, exhausted, plan_draw};
pub use manual::{Raise, Registered, plan_registrations};
pub use settle::{expire, settle, settled_entry, void, voided_entry};

use crate::model::IssuedNumber;
use chrono::{DateTime, Utc};
use docnum_domain::NumberState;

impl IssuedNumber {
    /// Whether this is a reservation due at `now` (RESERVED, past its TTL):
    /// it may no longer be confirmed or cancelled, only expired.
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.state == NumberState::Reserved
            && self
                .expires_at
                .is_some_and(|at| docnum_domain::is_due(at, now))
    }
}
