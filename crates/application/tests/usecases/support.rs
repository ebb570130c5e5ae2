//! The test harness: a service on a fresh [`MemoryStore`] and a [`ManualClock`].

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use docnum_application::memory::MemoryStore;
use docnum_application::ports::{Clock, NumberStore};
use docnum_application::testing::ManualClock;
use docnum_application::{
    Actor, AppError, AuditEntry, AuditFilter, Numbering, Ports, Reservation, ReserveRequest,
    ScopeSpec, SeriesConfig, Settings,
};

/// A service with its store and clock in reach.
pub(crate) struct App {
    pub(crate) svc: Numbering,
    pub(crate) store: Arc<MemoryStore>,
    pub(crate) clock: Arc<ManualClock>,
}

/// A fresh service whose clock stands at `now` (RFC 3339).
pub(crate) fn app_at(now: &str) -> App {
    let store = Arc::new(MemoryStore::new());
    let clock = Arc::new(ManualClock::new(at(now)));
    let mut ports = Ports::on_store(store.clone());
    ports.clock = clock.clone();
    App {
        svc: Numbering::new(ports, Settings::default()),
        store,
        clock,
    }
}

/// An instant from RFC 3339 text.
pub(crate) fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// The admin user.
pub(crate) fn admin() -> Actor {
    Actor::user("admin")
}

/// A regular user.
pub(crate) fn alice() -> Actor {
    Actor {
        user_id: "alice".into(),
        ip: Some("10.0.0.7".into()),
        user_agent: Some("docnum-tests/1".into()),
    }
}

/// The seed's correspondence series: `COR-{YYYY}-{SEQ:5}`, yearly.
pub(crate) fn cor() -> SeriesConfig {
    SeriesConfig::new(
        "COR",
        "COR-{YYYY}-{SEQ:5}",
        ScopeSpec::Preset("YEARLY".into()),
    )
}

/// A context map from pairs.
pub(crate) fn ctx(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A plain reserve request.
pub(crate) fn request(document_type: &str) -> ReserveRequest {
    ReserveRequest {
        document_type: document_type.into(),
        ..ReserveRequest::default()
    }
}

/// The NB code of an error.
pub(crate) fn code(e: &AppError) -> &'static str {
    e.code().as_str()
}

/// The NB code of a failed result.
pub(crate) fn err_code<T: std::fmt::Debug>(r: Result<T, AppError>) -> &'static str {
    code(&r.unwrap_err())
}

impl App {
    /// The clock's instant.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Creates a series as admin.
    /// Another service on the same store and clock, as a second instance
    /// on the same database would be (its own caches and queues).
    pub(crate) fn second_instance(&self) -> Numbering {
        let mut ports = Ports::on_store(self.store.clone());
        ports.clock = self.clock.clone();
        Numbering::new(ports, Settings::default())
    }

    pub(crate) async fn create(&self, config: &SeriesConfig) {
        self.svc.create_series(config, &admin()).await.unwrap();
    }

    /// Reserves in `document_type` with `context`, as alice.
    pub(crate) async fn reserve_in(
        &self,
        document_type: &str,
        context: &[(&str, &str)],
    ) -> Result<Reservation, AppError> {
        let req = ReserveRequest {
            context: ctx(context),
            ..request(document_type)
        };
        self.svc.reserve(&req, &alice()).await
    }

    /// Reserves a COR number (no context), as alice.
    pub(crate) async fn reserve_cor(&self) -> Reservation {
        self.reserve_in("COR", &[]).await.unwrap()
    }

    /// Reserves and confirms a COR number; returns it.
    pub(crate) async fn confirmed_cor(&self) -> String {
        let r = self.reserve_cor().await;
        self.svc.confirm(r.token, None, &alice()).await.unwrap();
        r.document_number
    }

    /// Every audit entry with `operation`, oldest first.
    pub(crate) async fn audit_of(&self, operation: &str) -> Vec<AuditEntry> {
        let filter = AuditFilter {
            operation: Some(operation.into()),
            limit: 1000,
            ..AuditFilter::default()
        };
        self.svc.audit(&filter).await.unwrap()
    }

    /// A counter's current value.
    pub(crate) async fn counter(&self, key: &str) -> u64 {
        let key = docnum_domain::CounterKey::from_stored(key.to_owned());
        self.store.counter_value(&key).await.unwrap()
    }
}
