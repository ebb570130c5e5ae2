//! Reserve through the coalescer (`Numbering` over the real store): many
//! requests for one counter share transactions, and still get exactly the
//! values 1..=n, in the order they queued; a failed batch fails all its
//! requests and nothing else; a full queue answers NB017 at once.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use docnum_application::ports::{
    DatabaseOnlyLocks, IntegrityQueries, Metrics, NumberStore, SeriesRepository, SystemClock,
    UpgradeSteps,
};
use docnum_application::testing::FaultyStore;
use docnum_application::{
    Actor, AppError, Numbering, Ports, Reservation, ReserveRequest, ScopeSpec, SeriesConfig,
    Settings,
};
use tokio::task::JoinHandle;

use super::{Store, audit_of, code, cor, create};

/// Records the size of every batch.
#[derive(Default)]
struct Batches(Mutex<Vec<usize>>);

impl Metrics for Batches {
    fn numbers_issued(&self, _: &str, _: u64) {}
    fn counter_value(&self, _: &str, _: &str, _: u64, _: u64) {}
    fn lock_wait(&self, _: &str, _: f64) {}
    fn lock_failure(&self, _: &str, _: &str) {}
    fn manual_override(&self, _: &str) {}
    fn error(&self, _: &str) {}
    fn batch_size(&self, _: &str, n: usize) {
        self.0.lock().unwrap().push(n);
    }
}

fn service(
    numbers: Arc<dyn NumberStore>,
    store: &Store,
    settings: Settings,
    metrics: Arc<dyn Metrics>,
) -> Numbering {
    let series: Arc<dyn SeriesRepository> = store.clone();
    let integrity: Arc<dyn IntegrityQueries> = store.clone();
    let upgrade: Arc<dyn UpgradeSteps> = store.clone();
    let ports = Ports {
        store: numbers,
        series,
        integrity,
        upgrade,
        clock: Arc::new(SystemClock),
        locks: Arc::new(DatabaseOnlyLocks),
        metrics,
    };
    Numbering::new(ports, settings)
}

/// A service whose number store is `numbers` (e.g. a [`FaultyStore`]).
pub fn service_on(numbers: Arc<dyn NumberStore>, store: &Store, settings: Settings) -> Numbering {
    service(numbers, store, settings, Arc::new(Batches::default()))
}

pub fn plain(store: &Store, settings: Settings) -> Numbering {
    service(store.clone(), store, settings, Arc::new(Batches::default()))
}

pub fn request(document_type: &str) -> ReserveRequest {
    ReserveRequest {
        document_type: document_type.to_owned(),
        context: BTreeMap::new(),
        scope_value: None,
        document_date: None,
        metadata: serde_json::Value::Null,
        idempotency_key: None,
    }
}

fn actor(user: &str) -> Actor {
    Actor {
        user_id: user.to_owned(),
        ip: None,
        user_agent: None,
    }
}

pub fn spawn(
    numbering: &Numbering,
    request: ReserveRequest,
) -> JoinHandle<Result<Reservation, AppError>> {
    let numbering = numbering.clone();
    tokio::spawn(async move { numbering.reserve(&request, &actor("alice")).await })
}

/// Waits (at most 30 s) until `cond` holds.
pub async fn until(what: &str, cond: impl Fn() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out: {what}"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// The current value of the only counter of `document_type`.
async fn current(store: &Store, document_type: &str) -> u64 {
    let status = store.counter_status(document_type).await.unwrap();
    assert_eq!(status.len(), 1, "{status:?}");
    status[0].current_value
}

/// The counter and the registry agree: `n` rows, values up to `n`.
async fn consistent(store: &Store, document_type: &str, n: u64) {
    let integrity = store.counter_integrity().await.unwrap();
    let mine: Vec<_> = integrity
        .iter()
        .filter(|c| c.document_type == document_type)
        .collect();
    assert_eq!(mine.len(), 1, "{integrity:?}");
    assert_eq!(mine[0].current_value, Some(n));
    assert_eq!(mine[0].highest_issued, (n > 0).then_some(n));
    assert_eq!(mine[0].issued, n);
    assert!(store.duplicate_values(10).await.unwrap().is_empty());
}

async fn values(tasks: Vec<JoinHandle<Result<Reservation, AppError>>>) -> Vec<u64> {
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        out.push(t.await.unwrap().unwrap().value);
    }
    out
}

pub async fn five_thousand_concurrent_reserves_are_1_to_5000(store: Store) {
    cor(&store).await;
    let batches = Arc::new(Batches::default());
    // Held until every request is in a transaction or queued behind one, so
    // that coalescing is certain rather than a matter of timing.
    let faulty = Arc::new(FaultyStore::new(store.clone()).closed());
    let numbering = service(faulty.clone(), &store, Settings::default(), batches.clone());
    let tasks: Vec<_> = (0..5000)
        .map(|_| spawn(&numbering, request("COR")))
        .collect();
    until("all held or queued", || {
        batches.0.lock().unwrap().iter().sum::<usize>() + numbering.queued_reservations() == 5000
    })
    .await;
    faulty.open();
    let mut got = values(tasks).await;
    got.sort_unstable();
    assert_eq!(got, (1..=5000).collect::<Vec<u64>>());
    assert_eq!(current(&store, "COR").await, 5000);
    consistent(&store, "COR", 5000).await;
    assert_eq!(audit_of(&store, "RESERVE").await.len(), 5000);
    let sizes = batches.0.lock().unwrap().clone();
    assert_eq!(sizes.iter().sum::<usize>(), 5000);
    assert!(sizes.len() < 5000, "requests were coalesced: {sizes:?}");
    assert!(sizes.iter().all(|&n| n <= 256));
    assert_eq!(numbering.queued_reservations(), 0);
}

pub async fn earlier_requests_get_lower_numbers(store: Store) {
    cor(&store).await;
    let faulty = Arc::new(FaultyStore::new(store.clone()).closed());
    let settings = Settings {
        batch_max: 4,
        ..Settings::default()
    };
    let numbering = service(
        faulty.clone(),
        &store,
        settings,
        Arc::new(Batches::default()),
    );
    let mut tasks = vec![spawn(&numbering, request("COR"))];
    until("first transaction", || faulty.calls() == 1).await;
    for i in 1..=20 {
        tasks.push(spawn(&numbering, request("COR")));
        until("queued", || numbering.queued_reservations() == i).await;
    }
    faulty.open();
    let got = values(tasks).await;
    assert_eq!(got, (1..=21).collect::<Vec<u64>>(), "submission order");
    consistent(&store, "COR", 21).await;
}

pub async fn mixed_counters_in_one_burst_are_each_contiguous(store: Store) {
    let types = ["COR", "INV", "ORD"];
    for t in types {
        let config = SeriesConfig::new(
            t,
            &format!("{t}-{{YYYY}}-{{SEQ:5}}"),
            ScopeSpec::Preset("YEARLY".into()),
        );
        create(&store, config).await;
    }
    let numbering = plain(&store, Settings::default());
    let tasks: Vec<_> = (0..1800)
        .map(|i| (types[i % 3], spawn(&numbering, request(types[i % 3]))))
        .collect();
    let mut by_type: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for (t, task) in tasks {
        let r = task.await.unwrap().unwrap();
        assert!(r.document_number.starts_with(t));
        by_type.entry(t).or_default().push(r.value);
    }
    for t in types {
        let got = by_type.get_mut(t).unwrap();
        got.sort_unstable();
        assert_eq!(*got, (1..=600).collect::<Vec<u64>>(), "{t}");
        consistent(&store, t, 600).await;
    }
}

pub async fn failed_batch_fails_every_request_of_it_and_nothing_else(store: Store) {
    cor(&store).await;
    let faulty = Arc::new(FaultyStore::new(store.clone()).failing_call(2).closed());
    let numbering = service(
        faulty.clone(),
        &store,
        Settings::default(),
        Arc::new(Batches::default()),
    );
    let first = spawn(&numbering, request("COR"));
    until("first transaction", || faulty.calls() == 1).await;
    let batch: Vec<_> = (1..=30)
        .map(|_| spawn(&numbering, request("COR")))
        .collect();
    until("queued", || numbering.queued_reservations() == 30).await;
    faulty.open();
    assert_eq!(first.await.unwrap().unwrap().value, 1);
    for task in batch {
        let e = task.await.unwrap().expect_err("the batch failed");
        assert_eq!(code(&e), "NB014", "{e}");
    }
    assert_eq!(faulty.failed_batches(), vec![30]);
    // Nobody of the failed batch got a number: the next ones follow on.
    let next: Vec<_> = (0..10).map(|_| spawn(&numbering, request("COR"))).collect();
    let mut got = values(next).await;
    got.sort_unstable();
    assert_eq!(got, (2..=11).collect::<Vec<u64>>());
    assert_eq!(current(&store, "COR").await, 11);
    consistent(&store, "COR", 11).await;
    assert_eq!(audit_of(&store, "RESERVE").await.len(), 11);
}

pub async fn full_queue_is_nb017_at_once_and_loses_nothing(store: Store) {
    cor(&store).await;
    let faulty = Arc::new(FaultyStore::new(store.clone()).closed());
    let settings = Settings {
        queue_max: 10,
        ..Settings::default()
    };
    let numbering = service(
        faulty.clone(),
        &store,
        settings,
        Arc::new(Batches::default()),
    );
    let mut tasks = vec![spawn(&numbering, request("COR"))];
    until("first transaction", || faulty.calls() == 1).await;
    for _ in 0..10 {
        tasks.push(spawn(&numbering, request("COR")));
    }
    until("queue full", || numbering.queued_reservations() == 10).await;
    // The transaction in flight is still held: these are answered without
    // waiting for it.
    for _ in 0..5 {
        let e = numbering
            .reserve(&request("COR"), &actor("bob"))
            .await
            .expect_err("queue full");
        assert_eq!(code(&e), "NB017", "{e}");
        assert!(e.is_transient());
    }
    faulty.open();
    let mut got = values(tasks).await;
    got.sort_unstable();
    assert_eq!(got, (1..=11).collect::<Vec<u64>>());
    consistent(&store, "COR", 11).await;
}

pub async fn one_idempotency_key_twice_in_a_batch_gives_one_number(store: Store) {
    cor(&store).await;
    let faulty = Arc::new(FaultyStore::new(store.clone()).closed());
    let numbering = service(
        faulty.clone(),
        &store,
        Settings::default(),
        Arc::new(Batches::default()),
    );
    let first = spawn(&numbering, request("COR"));
    until("first transaction", || faulty.calls() == 1).await;
    let keyed = |metadata: serde_json::Value| ReserveRequest {
        idempotency_key: Some("order-42".into()),
        metadata,
        ..request("COR")
    };
    let mut same = Vec::new();
    for i in 1..=10 {
        same.push(spawn(&numbering, keyed(serde_json::json!({ "n": 1 }))));
        until("queued", || numbering.queued_reservations() == i).await;
    }
    let other = spawn(&numbering, keyed(serde_json::json!({ "n": 2 })));
    until("queued", || numbering.queued_reservations() == 11).await;
    faulty.open();
    assert_eq!(first.await.unwrap().unwrap().value, 1);
    let tokens: BTreeSet<_> = values_of(same).await.into_iter().map(|r| r.token).collect();
    assert_eq!(tokens.len(), 1, "one reservation for one key");
    let e = other.await.unwrap().expect_err("another payload");
    assert_eq!(code(&e), "NB015", "{e}");
    consistent(&store, "COR", 2).await;
}

/// A request whose rendering can never fit fails alone, before it joins a
/// batch: the batch it would have joined commits in one transaction, with
/// no one-by-one redo of its members.
pub async fn a_request_that_cannot_render_fails_alone_without_a_redo(store: Store) {
    let mut config = SeriesConfig::new(
        "RFA",
        "RFA-{REV}-{SEQ:4}",
        ScopeSpec::Preset("GLOBAL".into()),
    );
    config.max_length = 16;
    create(&store, config).await;
    let faulty = Arc::new(FaultyStore::new(store.clone()).closed());
    let numbering = service_on(faulty.clone(), &store, Settings::default());
    let with_rev = |rev: &str| ReserveRequest {
        context: BTreeMap::from([("REV".to_owned(), rev.to_owned())]),
        ..request("RFA")
    };
    let first = spawn(&numbering, with_rev("A"));
    until("first transaction", || faulty.calls() == 1).await;
    let mut good = Vec::new();
    for i in 1..=10 {
        good.push(spawn(&numbering, with_rev("B")));
        until("queued", || numbering.queued_reservations() == i).await;
    }
    // "RFA-" + 20 letters + "-0001" is longer than 16 characters at any value.
    let bad = spawn(&numbering, with_rev("ABCDEFGHIJKLMNOPQRST"));
    until("refused or queued", || {
        bad.is_finished() || numbering.queued_reservations() == 11
    })
    .await;
    assert_eq!(
        numbering.queued_reservations(),
        10,
        "refused before the queue"
    );
    faulty.open();
    let e = bad.await.unwrap().expect_err("too long");
    assert_eq!(code(&e), "NB006", "{e}");
    assert_eq!(first.await.unwrap().unwrap().value, 1);
    let mut got = values(good).await;
    got.sort_unstable();
    assert_eq!(got, (2..=11).collect::<Vec<u64>>());
    assert_eq!(faulty.calls(), 2, "one transaction for the ten, no redo");
    assert!(faulty.failed_batches().is_empty());
    consistent(&store, "RFA", 11).await;
}

async fn values_of(tasks: Vec<JoinHandle<Result<Reservation, AppError>>>) -> Vec<Reservation> {
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap().unwrap());
    }
    out
}
