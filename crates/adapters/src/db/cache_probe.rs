//! Test support for the dialects' "prepared once per connection" tests:
//! what a connection adds to its prepared-statement cache, and the inputs
//! of a reservation batch's statements.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use diesel::connection::InstrumentationEvent;
use diesel_async::AsyncConnection;
use docnum_application::Actor;
use docnum_application::ports::OpContext;
use docnum_domain::AuditOperation;

use crate::db::rows::{CounterRaise, NewAudit};

/// The series the counter belongs to (its foreign key), as raw SQL.
pub(crate) const COR_SERIES: &str = "INSERT INTO series (document_type, template, scope_json, \
     allow_manual_override, max_value, max_length, time_zone, namespace, backdate_days, \
     metadata_json, version, created_at, updated_at) VALUES ('COR', 'COR-{YYYY}-{SEQ:5}', \
     '{}', false, 99999, 200, 'UTC', 'default', 0, '{}', 1, 0, 0)";

/// The SQL of the statements a connection cached.
#[derive(Clone, Default)]
pub(crate) struct Cached(Arc<Mutex<Vec<String>>>);

impl Cached {
    /// Records every statement `conn` adds to its cache from now on.
    pub(crate) fn record(conn: &mut impl AsyncConnection) -> Self {
        let cached = Self::default();
        let seen = cached.0.clone();
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::CacheQuery { sql, .. } = event {
                seen.lock().unwrap().push(sql.to_owned());
            }
        });
        cached
    }

    /// How many cached statements contain `what` (with the list, to show
    /// when an assertion fails).
    pub(crate) fn count(&self, what: &str) -> (usize, Vec<String>) {
        let all = self.0.lock().unwrap().clone();
        (all.iter().filter(|sql| sql.contains(what)).count(), all)
    }
}

/// Raises `COR|YEAR=2026` by 2.
pub(crate) fn raise(now: DateTime<Utc>) -> CounterRaise<'static> {
    CounterRaise {
        counter_key: "COR|YEAR=2026",
        document_type: "COR",
        by: 2,
        max: 99_999,
        now,
    }
}

/// One RESERVE audit row.
pub(crate) fn audit_row(now: DateTime<Utc>) -> NewAudit {
    let op = OpContext {
        actor: Actor {
            user_id: "alice".into(),
            ip: None,
            user_agent: None,
        },
        now,
        started: std::time::Instant::now(),
        fallback_used: false,
    };
    NewAudit::new(AuditOperation::Reserve, "COR", &op)
}
