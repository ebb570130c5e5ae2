//! Reserve: hand out the next number of a counter.

use docnum_domain::Context;
use std::collections::BTreeMap;

use crate::error::AppError;
use crate::error_reason::InvalidReason;
use crate::model::{Actor, IssuedNumber, Reservation, ReserveRequest, new_token};
use crate::ports::{IdempotencyClaim, ReservationDraft};
use crate::series_config::SeriesRecord;
use crate::service::Numbering;

/// How many times reserve reads the series again when it changed under it.
const SERIES_CHANGE_ATTEMPTS: u32 = 3;

/// Longest idempotency key accepted.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 200;

impl Numbering {
    /// Reserves the next number. With an idempotency key, a replay of the
    /// same request returns the original reservation; another request under
    /// the same key is refused (NB015).
    pub async fn reserve(
        &self,
        request: &ReserveRequest,
        actor: &Actor,
    ) -> Result<Reservation, AppError> {
        self.reserve_or_replay(request, actor)
            .await
            .map(|(reservation, _)| reservation)
    }

    /// [`Self::reserve`], also saying whether the answer is a replay of an
    /// earlier request (nothing drawn: the API refunds its rate limit).
    pub async fn reserve_or_replay(
        &self,
        request: &ReserveRequest,
        actor: &Actor,
    ) -> Result<(Reservation, bool), AppError> {
        let claim = request
            .idempotency_key
            .as_deref()
            .map(|key| claim_for(key, request))
            .transpose()?;
        if let Some(claim) = &claim
            && let Some(existing) = self.replay(actor, claim).await?
        {
            return Ok((existing, true));
        }
        // A cached series that another instance updated is refused by the
        // store before anything is drawn; the next attempt reads it again.
        let mut attempt = 1;
        let issued = loop {
            let fresh = attempt > 1;
            match self
                .reserve_once(request, actor, claim.as_ref(), fresh)
                .await
            {
                Err(AppError::SeriesChanged(_)) if attempt < SERIES_CHANGE_ATTEMPTS => {
                    attempt += 1;
                }
                Err(AppError::IdempotencyConflict(_)) if claim.is_some() => {
                    // Two concurrent requests with one key: the unique index
                    // let one win; the other answers with the winner's
                    // reservation.
                    let claim = claim
                        .as_ref()
                        .ok_or_else(|| AppError::Internal("claim vanished".into()))?;
                    return self
                        .replay(actor, claim)
                        .await?
                        .map(|existing| (existing, true))
                        .ok_or_else(|| AppError::IdempotencyConflict(claim.key.clone()));
                }
                result => break result?,
            }
        };
        Ok((reservation_of(&issued), false))
    }

    /// One attempt at reserving with the cached (or, when `fresh`, the
    /// stored) series.
    async fn reserve_once(
        &self,
        request: &ReserveRequest,
        actor: &Actor,
        claim: Option<&IdempotencyClaim>,
        fresh: bool,
    ) -> Result<IssuedNumber, AppError> {
        let series = self.cached_series(&request.document_type, fresh).await?;
        let context = resolve_context(&series, &request.context, request.scope_value.as_deref())?;
        // A value outside its declaration (issue 21) is refused before any
        // counter is touched.
        series.series.check_values(&context)?;
        let op = self.op(actor);
        let period = series.series.period_for(op.now, request.document_date)?;
        let counter_key = series.series.counter_key(&context, period)?;
        // What can be checked without the counter is checked here, so that
        // one request's bad input fails alone instead of rolling back the
        // batch it would join (and making its members redo their draws one
        // by one). Value 1 renders the shortest number the counter can give:
        // if that is refused, every value is.
        series.series.render(1, &context, period)?;
        let expires_at = op.now
            + chrono::Duration::from_std(self.settings.reservation_ttl)
                .map_err(|e| AppError::Internal(format!("reservation TTL: {e}")))?;
        let draft = ReservationDraft {
            token: new_token(op.now),
            context,
            period,
            metadata: request.metadata.clone(),
            idempotency: claim.cloned(),
            expires_at,
            op,
        };
        // The counter's lock, the transaction and the metrics are per batch
        // (see `coalescer.rs`).
        self.allocate_one(series, counter_key, draft).await
    }

    async fn replay(
        &self,
        actor: &Actor,
        claim: &IdempotencyClaim,
    ) -> Result<Option<Reservation>, AppError> {
        match self
            .ports
            .store
            .find_by_idempotency_key(&actor.user_id, &claim.key)
            .await?
        {
            Some((row, fingerprint)) if fingerprint == claim.fingerprint => {
                Ok(Some(reservation_of(&row)))
            }
            Some(_) => Err(AppError::IdempotencyConflict(claim.key.clone())),
            None => Ok(None),
        }
    }
}

/// Builds the context of a request from its `context` map or its bare
/// `scope_value` (not both).
pub(crate) fn resolve_context(
    series: &SeriesRecord,
    raw: &BTreeMap<String, String>,
    scope_value: Option<&str>,
) -> Result<Context, AppError> {
    let mut context = Context::from_pairs(raw.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    if let Some(scope_value) = scope_value {
        let from_scope = series.series.context_from_scope_value(scope_value)?;
        for (name, value) in from_scope.iter() {
            match context.get(name) {
                Some(existing) if existing != value => {
                    return Err(AppError::invalid(
                        "scope_value",
                        InvalidReason::ScopeValueContradicts {
                            scope_value: scope_value.to_owned(),
                            name: name.to_string(),
                            existing: existing.as_str().to_owned(),
                        },
                    ));
                }
                _ => context.insert(name, value.clone()),
            }
        }
    }
    Ok(context)
}

fn claim_for(key: &str, request: &ReserveRequest) -> Result<IdempotencyClaim, AppError> {
    if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY_LEN || key.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "Idempotency-Key",
            InvalidReason::PrintableUpTo {
                min: 1,
                max: MAX_IDEMPOTENCY_KEY_LEN,
            },
        ));
    }
    // serde_json keeps object keys sorted (BTreeMap), so equal requests give
    // equal text.
    let fingerprint = serde_json::json!({
        "document_type": request.document_type,
        "context": request.context,
        "scope_value": request.scope_value,
        "document_date": request.document_date,
        "metadata": request.metadata,
    })
    .to_string();
    Ok(IdempotencyClaim {
        key: key.to_owned(),
        fingerprint,
    })
}

pub(crate) fn reservation_of(row: &IssuedNumber) -> Reservation {
    let (counter_key, scope_value) = match &row.counter_key {
        Some(k) => (k.as_str().to_owned(), k.scope_value().to_owned()),
        None => (String::new(), "GLOBAL".to_owned()),
    };
    Reservation {
        token: row.token,
        document_number: row.document_number.clone(),
        document_type: row.document_type.clone(),
        counter_key,
        scope_value,
        value: row.value.unwrap_or_default(),
        context: row.context.clone(),
        expires_at: row.expires_at.unwrap_or(row.issued_at),
        metadata: row.metadata.clone(),
    }
}
