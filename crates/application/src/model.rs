//! The records use cases exchange with ports and callers.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use docnum_domain::{AuditOperation, Context, CounterKey, NumberState};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who did something, from where.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Actor {
    /// The user id (`sub` of the token, or the CLI user).
    pub user_id: String,
    /// The client's IP address, when known.
    pub ip: Option<String>,
    /// The client's user agent, when known.
    pub user_agent: Option<String>,
}

impl Actor {
    /// An actor known only by user id (CLI, jobs).
    pub fn user(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            ip: None,
            user_agent: None,
        }
    }

    /// The actor of background jobs.
    pub fn system() -> Self {
        Self::user("system")
    }
}

/// How a registry row came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NumberSource {
    /// Handed out by reserve.
    Reserve,
    /// Registered by hand (manual override).
    Manual,
    /// Imported from a legacy system.
    Import,
    /// Issued to replace a voided number.
    Replacement,
}

impl NumberSource {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reserve => "RESERVE",
            Self::Manual => "MANUAL",
            Self::Import => "IMPORT",
            Self::Replacement => "REPLACEMENT",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Reserve, Self::Manual, Self::Import, Self::Replacement]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }
}

/// One row of the registry of issued numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedNumber {
    /// The reservation token (also set for manual and imported numbers).
    pub token: Uuid,
    /// The series.
    pub document_type: String,
    /// The uniqueness domain.
    pub namespace: String,
    /// The rendered number.
    pub document_number: String,
    /// The counter it came from; `None` for a number outside any counter.
    pub counter_key: Option<CounterKey>,
    /// Its sequence value; `None` for a number outside any counter.
    pub value: Option<u64>,
    /// Its state.
    pub state: NumberState,
    /// How it was issued.
    pub source: NumberSource,
    /// The context it was rendered with.
    pub context: BTreeMap<String, String>,
    /// Caller metadata.
    pub metadata: serde_json::Value,
    /// The template it was rendered with.
    pub template: String,
    /// The caller's document id, given at confirm.
    pub document_ref: Option<String>,
    /// When it left the counter.
    pub issued_at: DateTime<Utc>,
    /// When an unconfirmed reservation lapses.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was confirmed.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// When it was cancelled, expired or voided.
    pub closed_at: Option<DateTime<Utc>>,
    /// Who issued it.
    pub issued_by: String,
    /// Why it was cancelled, voided or registered by hand.
    pub reason: Option<String>,
    /// The number this one replaces.
    pub replaces: Option<String>,
    /// The number that replaced this one.
    pub replaced_by: Option<String>,
}

/// A number plus the whole void/replace chain it belongs to, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberDetails {
    /// The number asked about.
    pub number: IssuedNumber,
    /// Every member of its chain (including itself), oldest first.
    pub chain: Vec<String>,
}

/// What a reservation request asks for, after parsing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReserveRequest {
    /// The series.
    pub document_type: String,
    /// Context values by name.
    pub context: BTreeMap<String, String>,
    /// Shorthand for the single scope dimension's value.
    pub scope_value: Option<String>,
    /// Back-dating (within the series' window).
    pub document_date: Option<NaiveDate>,
    /// Caller metadata, stored with the number.
    pub metadata: serde_json::Value,
    /// Replays return the original reservation.
    pub idempotency_key: Option<String>,
}

/// A reservation handed to the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct Reservation {
    /// The token to confirm or cancel with.
    pub token: Uuid,
    /// The number.
    pub document_number: String,
    /// The series.
    pub document_type: String,
    /// The counter key.
    pub counter_key: String,
    /// The counter key without the document type (`YEAR=2025`, `GLOBAL`).
    pub scope_value: String,
    /// The sequence value.
    pub value: u64,
    /// The context the number was rendered with.
    pub context: BTreeMap<String, String>,
    /// When it lapses unless confirmed.
    pub expires_at: DateTime<Utc>,
    /// Caller metadata.
    pub metadata: serde_json::Value,
}

/// An audit log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Monotonic id (storage order).
    pub id: i64,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// What happened (stored as `RESERVE`, `CONFIRM` …).
    pub operation: AuditOperation,
    /// The series.
    pub document_type: String,
    /// The number concerned, if any.
    pub document_number: Option<String>,
    /// The counter concerned, if any.
    pub counter_key: Option<CounterKey>,
    /// The template in force.
    pub template: Option<String>,
    /// Counter value (or state) before.
    pub old_value: Option<String>,
    /// Counter value (or state) after.
    pub new_value: Option<String>,
    /// Who.
    pub user_id: String,
    /// From where.
    pub ip: Option<String>,
    /// With what client.
    pub user_agent: Option<String>,
    /// How long the operation had taken when it was recorded, in ms.
    pub duration_ms: i64,
    /// Whether the lock fell back to database-only.
    pub fallback_used: bool,
    /// Anything else worth keeping (reason, token, document_ref …).
    pub metadata: serde_json::Value,
}

/// Filters for reading the audit log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    /// Only this user.
    pub user_id: Option<String>,
    /// Only this operation.
    pub operation: Option<String>,
    /// Only this series.
    pub document_type: Option<String>,
    /// Only this number.
    pub document_number: Option<String>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub to: Option<DateTime<Utc>>,
    /// Entries with an id greater than this (keyset pagination).
    pub after_id: Option<i64>,
    /// At most this many (1..=1000).
    pub limit: u32,
}

/// One counter's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct CounterStatus {
    /// The counter.
    pub counter_key: CounterKey,
    /// The last value handed out.
    pub current_value: u64,
    /// When it last changed.
    pub last_used_at: Option<DateTime<Utc>>,
    /// How many registry rows are in each state.
    pub counts_by_state: BTreeMap<String, u64>,
}

/// A context as the name → value map stored with a number.
pub fn context_to_map(ctx: &Context) -> BTreeMap<String, String> {
    ctx.iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.as_str().to_owned()))
        .collect()
}

/// A new reservation token: a version 7 UUID stamped with `now` (the
/// millisecond) followed by 74 random bits.
///
/// Time-ordered rather than fully random (version 4) so that each batch's
/// tokens land at the end of the token index instead of on a random page
/// each: a batch of n reservations then dirties a few index pages rather
/// than about n, which is most of what a commit writes to the WAL on every
/// backend. The random part stays as large as unpredictability needs (no
/// per-process counter, unlike `Uuid::now_v7`, so a token does not reveal
/// its neighbours).
pub fn new_token(now: DateTime<Utc>) -> Uuid {
    let millis = u64::try_from(now.timestamp_millis()).unwrap_or(0);
    let ts = uuid::Timestamp::from_unix(
        uuid::NoContext,
        millis / 1000,
        u32::try_from(millis % 1000).unwrap_or(0) * 1_000_000,
    );
    Uuid::new_v7(ts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_their_millisecond_and_random_bits() {
        let now = DateTime::parse_from_rfc3339("2025-06-15T10:00:00.123Z")
            .unwrap()
            .with_timezone(&Utc);
        let (a, b) = (new_token(now), new_token(now));
        assert_eq!(a.get_version_num(), 7);
        let (secs, nanos) = a.get_timestamp().unwrap().to_unix();
        assert_eq!((secs, nanos), (1_749_981_600, 123_000_000));
        assert_ne!(a, b, "the 74 random bits differ");
        // The first 48 bits (the millisecond) order tokens across batches.
        let later = new_token(now + chrono::Duration::milliseconds(1));
        assert!(later > a && later > b);
    }
}
