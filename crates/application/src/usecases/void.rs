//! Void and replace: withdraw a confirmed number, optionally issuing a new one.

use docnum_domain::{DomainError, Reason, Transition};

use crate::error::AppError;
use crate::error_reason::InvalidReason;
use crate::model::{Actor, IssuedNumber, NumberDetails, new_token};
use crate::ports::{AllocationBatch, ReservationDraft, VoidRequest};
use crate::service::Numbering;
use crate::usecases::reserve::resolve_context;

/// The result of a void.
#[derive(Debug, Clone, PartialEq)]
pub struct VoidOutcome {
    /// The voided number.
    pub voided: IssuedNumber,
    /// The replacement, when asked for.
    pub replacement: Option<IssuedNumber>,
}

impl Numbering {
    /// Voids a CONFIRMED number (reason ≥ 10 characters). With `replace`, a
    /// new number of the same series and context is issued CONFIRMED in the
    /// same transaction and the two are linked.
    pub async fn void(
        &self,
        document_number: &str,
        namespace: Option<&str>,
        reason: &str,
        replace: bool,
        actor: &Actor,
    ) -> Result<VoidOutcome, AppError> {
        let reason = Reason::for_void(reason)?;
        let current = self.number(document_number, namespace).await?.number;
        if let Err(e) = Transition::Void.apply(current.state) {
            return Err(e.into());
        }
        let mut op = self.op(actor);
        // The replacement draws from its counter like a reservation does, so
        // it takes the same counter lock (and records a fallback the same way).
        let mut lock = None;
        let replacement = if replace {
            let series = self.load_series(&current.document_type).await?;
            let context = resolve_context(&series, &current.context, None)?;
            let period = series.series.period_for(op.now, None)?;
            let counter_key = series.series.counter_key(&context, period)?;
            lock = Some(
                self.lock_counter(&series.config.document_type, &counter_key, &mut op)
                    .await?,
            );
            let draft = ReservationDraft {
                token: new_token(op.now),
                context,
                period,
                metadata: current.metadata.clone(),
                idempotency: None,
                expires_at: op.now,
                op: op.clone(),
            };
            Some(AllocationBatch {
                series,
                counter_key,
                drafts: vec![draft],
            })
        } else {
            None
        };
        let request = VoidRequest {
            namespace: current.namespace.clone(),
            document_number: current.document_number.clone(),
            reason,
            replacement,
            op,
        };
        let max_value = request
            .replacement
            .as_ref()
            .map(|batch| batch.series.config.max_value);
        let result = self.ports.store.void(request).await;
        if let Some(lock) = lock {
            lock.release().await;
        }
        let Some(done) = result? else {
            // Someone else changed it between our read and the guarded update.
            let now = self.number(document_number, namespace).await?.number;
            return Err(DomainError::InvalidTransition {
                from: now.state,
                action: Transition::Void,
            }
            .into());
        };
        if let (Some(row), Some(max_value)) = (&done.replacement, max_value) {
            self.report_drawn(&row.document_type, max_value, std::slice::from_ref(row));
        }
        Ok(VoidOutcome {
            voided: done.voided,
            replacement: done.replacement,
        })
    }

    /// A number with its void/replace chain. `namespace` picks one when the
    /// number exists in several.
    pub async fn number(
        &self,
        document_number: &str,
        namespace: Option<&str>,
    ) -> Result<NumberDetails, AppError> {
        let number = self.find_one(document_number, namespace).await?;
        let mut chain = vec![number.document_number.clone()];
        let mut back = number.replaces.clone();
        while let Some(prev) = back.take() {
            if chain.contains(&prev) || chain.len() > 1000 {
                break;
            }
            let row = self.find_one(&prev, Some(&number.namespace)).await?;
            back.clone_from(&row.replaces);
            chain.insert(0, prev);
        }
        let mut forward = number.replaced_by.clone();
        while let Some(next) = forward.take() {
            if chain.contains(&next) || chain.len() > 1000 {
                break;
            }
            let row = self.find_one(&next, Some(&number.namespace)).await?;
            forward.clone_from(&row.replaced_by);
            chain.push(next);
        }
        Ok(NumberDetails { number, chain })
    }

    async fn find_one(
        &self,
        document_number: &str,
        namespace: Option<&str>,
    ) -> Result<IssuedNumber, AppError> {
        let mut rows = self.ports.store.find_numbers(document_number).await?;
        if let Some(ns) = namespace {
            rows.retain(|r| r.namespace == ns);
        }
        match rows.len() {
            0 => Err(AppError::NumberNotFound(document_number.to_owned())),
            1 => Ok(rows.remove(0)),
            _ => {
                let spaces: Vec<&str> = rows.iter().map(|r| r.namespace.as_str()).collect();
                Err(AppError::invalid(
                    "namespace",
                    InvalidReason::SeveralNamespaces {
                        number: document_number.to_owned(),
                        namespaces: spaces.join(", "),
                    },
                ))
            }
        }
    }
}
