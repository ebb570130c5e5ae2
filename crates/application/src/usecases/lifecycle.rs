//! Confirm and cancel: the two ways a reservation ends by the caller's hand.

use chrono::{DateTime, Utc};
use docnum_domain::{DomainError, Outcome, Transition};
use uuid::Uuid;

use crate::error::AppError;
use crate::error_reason::InvalidReason;
use crate::model::{Actor, IssuedNumber};
use crate::ports::{GuardedChange, Settlement, SettlementKind};
use crate::service::Numbering;

/// The answer to a confirm (the same on every repeat).
#[derive(Debug, Clone, PartialEq)]
pub struct Confirmation {
    /// The number.
    pub document_number: String,
    /// When it was (first) confirmed.
    pub confirmed_at: DateTime<Utc>,
    /// The row after the change.
    pub number: IssuedNumber,
}

/// Longest `document_ref` accepted.
pub const MAX_DOCUMENT_REF_LEN: usize = 200;

impl Numbering {
    /// Confirms a reservation. Repeating a confirm returns the same answer;
    /// an expired, cancelled or unknown token is NB004. Confirms and cancels
    /// arriving together share one transaction (see `settle_batch.rs`).
    pub async fn confirm(
        &self,
        token: Uuid,
        document_ref: Option<&str>,
        actor: &Actor,
    ) -> Result<Confirmation, AppError> {
        if let Some(r) = document_ref
            && (r.chars().count() > MAX_DOCUMENT_REF_LEN || r.chars().any(char::is_control))
        {
            return Err(AppError::invalid(
                "document_ref",
                InvalidReason::PrintableUpTo {
                    min: 0,
                    max: MAX_DOCUMENT_REF_LEN,
                },
            ));
        }
        let change = SettlementKind::Confirm {
            document_ref: document_ref.map(str::to_owned),
        };
        let row = settle(
            Transition::Confirm,
            self.settle_one(Settlement {
                token,
                change,
                op: self.op(actor),
            })
            .await?,
        )?;
        let confirmed_at = row.confirmed_at.ok_or_else(|| {
            AppError::Internal(format!(
                "confirmed row {} has no confirmed_at",
                row.document_number
            ))
        })?;
        Ok(Confirmation {
            document_number: row.document_number.clone(),
            confirmed_at,
            number: row,
        })
    }

    /// Cancels a reservation; the number is never reused. Cancelling twice
    /// is a no-op; cancelling a confirmed number is refused (use void).
    pub async fn cancel(
        &self,
        token: Uuid,
        reason: Option<&str>,
        actor: &Actor,
    ) -> Result<IssuedNumber, AppError> {
        let reason = reason.map(docnum_domain::Reason::new).transpose()?;
        let change = SettlementKind::Cancel {
            reason: reason.map(|r| r.as_str().to_owned()),
        };
        let outcome = self
            .settle_one(Settlement {
                token,
                change,
                op: self.op(actor),
            })
            .await?;
        settle(Transition::Cancel, outcome)
    }
}

/// Turns what the store found into the answer: the row when the change was
/// made or had been made before, the lifecycle's error otherwise.
fn settle(transition: Transition, change: GuardedChange) -> Result<IssuedNumber, AppError> {
    match change {
        GuardedChange::Applied(row) => Ok(row),
        GuardedChange::NotFound => Err(DomainError::ReservationGone { state: None }.into()),
        GuardedChange::NotApplied(row) => match transition.apply(row.state)? {
            Outcome::AlreadyDone => Ok(row),
            // The store refused a change the lifecycle allows: the row
            // changed between the guarded update and the read.
            Outcome::Moves(_) => Err(AppError::Unavailable(format!(
                "{} changed concurrently; retry",
                row.document_number
            ))),
        },
    }
}
