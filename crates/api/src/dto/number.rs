//! An issued number as clients see it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use docnum_application::{IssuedNumber, NumberSource};
use docnum_domain::{CounterKey, NumberState};
use serde::Serialize;
use utoipa::ToSchema;

use crate::dto::envelope;

/// Where an issued number is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[schema(as = NumberState)]
pub(crate) enum NumberStateView {
    /// Handed out, waiting for confirm or cancel.
    Reserved,
    /// In use by a document.
    Confirmed,
    /// Given back by the caller; never reused.
    Cancelled,
    /// Not confirmed within its TTL; never reused.
    Expired,
    /// Withdrawn after confirmation.
    Voided,
}

impl From<NumberState> for NumberStateView {
    fn from(state: NumberState) -> Self {
        match state {
            NumberState::Reserved => Self::Reserved,
            NumberState::Confirmed => Self::Confirmed,
            NumberState::Cancelled => Self::Cancelled,
            NumberState::Expired => Self::Expired,
            NumberState::Voided => Self::Voided,
        }
    }
}

/// How a number came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[schema(as = NumberSource)]
pub(crate) enum NumberSourceView {
    /// Handed out by reserve.
    Reserve,
    /// Registered by hand (manual override).
    Manual,
    /// Imported from a legacy system.
    Import,
    /// Issued to replace a voided number.
    Replacement,
}

impl From<NumberSource> for NumberSourceView {
    fn from(source: NumberSource) -> Self {
        match source {
            NumberSource::Reserve => Self::Reserve,
            NumberSource::Manual => Self::Manual,
            NumberSource::Import => Self::Import,
            NumberSource::Replacement => Self::Replacement,
        }
    }
}

/// One number of the registry, with its whole void/replace chain.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = IssuedNumber)]
pub(crate) struct NumberView {
    /// The rendered number.
    #[schema(example = "COR-2025-00042")]
    document_number: String,
    /// Its uniqueness domain.
    #[schema(example = "default")]
    namespace: String,
    /// Its series.
    #[schema(example = "COR")]
    document_type: String,
    /// Its state.
    state: NumberStateView,
    /// How it was issued.
    source: NumberSourceView,
    /// The counter it came from; null for a number outside any counter.
    #[schema(example = "COR|YEAR=2025", required = true)]
    counter_key: Option<String>,
    /// Its sequence value; null for a number outside any counter.
    #[schema(example = 42, required = true)]
    value: Option<u64>,
    /// The template it was rendered with.
    #[schema(example = "COR-{YYYY}-{SEQ:5}")]
    template: String,
    /// The context it was rendered with.
    context: BTreeMap<String, String>,
    /// Caller metadata.
    metadata: serde_json::Value,
    /// The caller's document id, given at confirm.
    #[schema(required = true)]
    document_ref: Option<String>,
    /// When it left the counter (or was registered).
    issued_at: DateTime<Utc>,
    /// When an unconfirmed reservation lapses.
    #[schema(required = true)]
    expires_at: Option<DateTime<Utc>>,
    /// When it was confirmed.
    #[schema(required = true)]
    confirmed_at: Option<DateTime<Utc>>,
    /// When it was cancelled, expired or voided.
    #[schema(required = true)]
    closed_at: Option<DateTime<Utc>>,
    /// Who issued it.
    issued_by: String,
    /// Why it was cancelled, voided or registered by hand.
    #[schema(required = true)]
    reason: Option<String>,
    /// The number this one replaces.
    #[schema(required = true)]
    replaces: Option<String>,
    /// The number that replaced this one.
    #[schema(required = true)]
    replaced_by: Option<String>,
    /// Every member of its void/replace chain (itself included), oldest first.
    chain: Vec<String>,
}

impl NumberView {
    /// The view of `row`; `chain` is the replace chain, oldest first.
    pub(crate) fn new(row: IssuedNumber, chain: Vec<String>) -> Self {
        Self {
            document_number: row.document_number,
            namespace: row.namespace,
            document_type: row.document_type,
            state: row.state.into(),
            source: row.source.into(),
            counter_key: row.counter_key.map(CounterKey::into_string),
            value: row.value,
            template: row.template,
            context: row.context,
            metadata: row.metadata,
            document_ref: row.document_ref,
            issued_at: row.issued_at,
            expires_at: row.expires_at,
            confirmed_at: row.confirmed_at,
            closed_at: row.closed_at,
            issued_by: row.issued_by,
            reason: row.reason,
            replaces: row.replaces,
            replaced_by: row.replaced_by,
            chain,
        }
    }

    /// The view of a number whose chain is only what its own links say
    /// (a fresh number: itself; a replacement: its predecessor and itself).
    pub(crate) fn local(row: IssuedNumber) -> Self {
        let chain = row
            .replaces
            .iter()
            .chain(std::iter::once(&row.document_number))
            .chain(row.replaced_by.iter())
            .cloned()
            .collect();
        Self::new(row, chain)
    }
}

envelope!(
    /// `{"success": true, "data": NumberView}`
    NumberResponse => NumberView
);
