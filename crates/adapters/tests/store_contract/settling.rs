//! Confirm and cancel in batches: `settle` guards every member as confirm
//! and cancel do on their own, in one transaction; through `Numbering`,
//! concurrent confirms and cancels share transactions, and a failed one
//! fails all its members and changes nothing.

use std::sync::Arc;

use docnum_application::ports::{GuardedChange, Settlement, SettlementKind};
use docnum_application::testing::FaultyStore;
use docnum_application::{Actor, Numbering, Settings};
use docnum_domain::NumberState;
use uuid::Uuid;

use super::coalescing::{request, service_on, spawn, until};
use super::{Store, TTL_SECS, at, audit_of, code, cor, op, reserve_n, t0};

/// Reserves `n` numbers through `numbering`, concurrently; their tokens.
async fn reserved(numbering: &Numbering, n: usize) -> Vec<Uuid> {
    let tasks: Vec<_> = (0..n).map(|_| spawn(numbering, request("COR"))).collect();
    let mut tokens = Vec::with_capacity(n);
    for t in tasks {
        tokens.push(t.await.unwrap().unwrap().token);
    }
    tokens
}

fn confirm(token: Uuid, secs: i64) -> Settlement {
    Settlement {
        token,
        change: SettlementKind::Confirm {
            document_ref: Some("DOC-1".into()),
        },
        op: op("alice", at(secs)),
    }
}

fn cancel(token: Uuid, secs: i64) -> Settlement {
    Settlement {
        token,
        change: SettlementKind::Cancel {
            reason: Some("not needed after all".into()),
        },
        op: op("alice", at(secs)),
    }
}

fn state(change: &GuardedChange) -> Option<NumberState> {
    match change {
        GuardedChange::Applied(row) | GuardedChange::NotApplied(row) => Some(row.state),
        GuardedChange::NotFound => None,
    }
}

/// A large batch keeps its order too (on PostgreSQL its UPDATEs are sent
/// back to back, past the size where the joined futures are polled as a
/// set): where a token is changed twice, the first change wins, for every
/// token.
pub async fn a_large_settle_batch_keeps_its_order(store: Store) {
    let series = cor(&store).await;
    let rows = reserve_n(&store, &series, 100, t0()).await;
    let mut batch = Vec::with_capacity(200);
    for (i, row) in rows.iter().enumerate() {
        let (first, second) = if i % 2 == 0 {
            (confirm(row.token, 1), cancel(row.token, 1))
        } else {
            (cancel(row.token, 1), confirm(row.token, 1))
        };
        batch.push(first);
        batch.push(second);
    }
    let outcomes = store.settle(Arc::new(batch)).await.unwrap();
    assert_eq!(outcomes.len(), 200);
    for (i, pair) in outcomes.chunks(2).enumerate() {
        let expected = if i % 2 == 0 {
            NumberState::Confirmed
        } else {
            NumberState::Cancelled
        };
        assert!(
            matches!(pair[0], GuardedChange::Applied(_)),
            "{i}: {pair:?}"
        );
        assert!(
            matches!(pair[1], GuardedChange::NotApplied(_)),
            "{i}: {pair:?}"
        );
        assert_eq!(state(&pair[0]), Some(expected), "{i}");
        assert_eq!(state(&pair[1]), Some(expected), "{i}");
    }
}

pub async fn settle_guards_every_member_of_a_mixed_batch(store: Store) {
    let series = cor(&store).await;
    let rows = reserve_n(&store, &series, 4, t0()).await;
    let (a, b, c, d) = (rows[0].token, rows[1].token, rows[2].token, rows[3].token);
    // b is cancelled on its own first; c is let run past its TTL.
    store.settle(Arc::new(vec![cancel(b, 1)])).await.unwrap();
    let late = TTL_SECS + 1;
    let outcomes = store
        .settle(Arc::new(vec![
            confirm(a, 2),
            confirm(a, 3),
            confirm(b, 4),
            confirm(Uuid::new_v4(), 5),
            Settlement {
                op: op("alice", at(late)),
                ..confirm(c, 0)
            },
            Settlement {
                op: op("alice", at(late)),
                ..cancel(c, 0)
            },
            cancel(d, 6),
            confirm(d, 7),
        ]))
        .await
        .unwrap();
    assert_eq!(outcomes.len(), 8);
    assert!(
        matches!(outcomes[0], GuardedChange::Applied(_)),
        "{outcomes:?}"
    );
    assert!(
        matches!(outcomes[1], GuardedChange::NotApplied(_)),
        "{outcomes:?}"
    );
    assert_eq!(state(&outcomes[1]), Some(NumberState::Confirmed));
    assert!(
        matches!(outcomes[2], GuardedChange::NotApplied(_)),
        "{outcomes:?}"
    );
    assert_eq!(state(&outcomes[2]), Some(NumberState::Cancelled));
    assert_eq!(outcomes[3], GuardedChange::NotFound);
    assert_eq!(state(&outcomes[4]), Some(NumberState::Expired));
    // c, found past its TTL twice, is marked EXPIRED once.
    assert!(
        matches!(outcomes[5], GuardedChange::NotApplied(_)),
        "{outcomes:?}"
    );
    assert_eq!(state(&outcomes[5]), Some(NumberState::Expired));
    // d: cancelled, then the confirm after it in the same batch sees that.
    assert!(
        matches!(outcomes[6], GuardedChange::Applied(_)),
        "{outcomes:?}"
    );
    assert_eq!(state(&outcomes[6]), Some(NumberState::Cancelled));
    assert!(
        matches!(outcomes[7], GuardedChange::NotApplied(_)),
        "{outcomes:?}"
    );
    assert_eq!(state(&outcomes[7]), Some(NumberState::Cancelled));
    for (token, expected) in [
        (b, NumberState::Cancelled),
        (c, NumberState::Expired),
        (d, NumberState::Cancelled),
    ] {
        let stored = store.find_by_token(token).await.unwrap().unwrap();
        assert_eq!(stored.state, expected);
    }

    let stored = store.find_by_token(a).await.unwrap().unwrap();
    assert_eq!(stored.state, NumberState::Confirmed);
    assert_eq!(stored.document_ref.as_deref(), Some("DOC-1"));
    assert_eq!(audit_of(&store, "CONFIRM").await.len(), 1);
    assert_eq!(audit_of(&store, "CANCEL").await.len(), 2);
    assert_eq!(audit_of(&store, "EXPIRE").await.len(), 1);
}

pub async fn concurrent_confirms_and_cancels_share_transactions(store: Store) {
    cor(&store).await;
    let faulty = Arc::new(FaultyStore::new(store.clone()));
    let numbering = service_on(faulty.clone(), &store, Settings::default());
    let mut tokens = Vec::new();
    for _ in 0..10 {
        let reserved = reserved(&numbering, 100).await;
        tokens.extend(reserved);
    }
    let actor = Actor::user("alice");
    // Held until every change is in a transaction or queued behind one, so
    // that coalescing is certain rather than a matter of timing.
    faulty.close();
    let tasks: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(i, &token)| {
            let (numbering, actor) = (numbering.clone(), actor.clone());
            tokio::spawn(async move {
                if i % 2 == 0 {
                    numbering
                        .confirm(token, None, &actor)
                        .await
                        .map(|c| c.number)
                } else {
                    numbering.cancel(token, None, &actor).await
                }
            })
        })
        .collect();
    until("all held or queued", || {
        faulty.settle_sizes().iter().sum::<usize>() + numbering.queued_settlements() == 1000
    })
    .await;
    faulty.open();
    for (i, task) in tasks.into_iter().enumerate() {
        let row = task.await.unwrap().unwrap();
        let expected = if i % 2 == 0 {
            NumberState::Confirmed
        } else {
            NumberState::Cancelled
        };
        assert_eq!(row.state, expected);
        assert_eq!(row.token, tokens[i]);
    }
    assert_eq!(audit_of(&store, "CONFIRM").await.len(), 500);
    assert_eq!(audit_of(&store, "CANCEL").await.len(), 500);
    let sizes = faulty.settle_sizes();
    assert_eq!(sizes.iter().sum::<usize>(), 1000);
    assert!(sizes.len() < 1000, "changes were coalesced: {sizes:?}");
    assert_eq!(numbering.queued_settlements(), 0);
}

pub async fn a_failed_settle_batch_fails_its_members_and_changes_nothing(store: Store) {
    cor(&store).await;
    let faulty = Arc::new(FaultyStore::new(store.clone()));
    let numbering = service_on(faulty.clone(), &store, Settings::default());
    let tokens = reserved(&numbering, 40).await;
    faulty.close();
    faulty.fail_settles(true);
    let actor = Actor::user("alice");
    let tasks: Vec<_> = tokens
        .iter()
        .map(|&token| {
            let (numbering, actor) = (numbering.clone(), actor.clone());
            tokio::spawn(async move { numbering.confirm(token, None, &actor).await })
        })
        .collect();
    // The first change of each shard is held in its transaction; the rest
    // wait for the next one.
    until("all held or queued", || {
        faulty.settle_sizes().iter().sum::<usize>() + numbering.queued_settlements() == 40
    })
    .await;
    faulty.open();
    for task in tasks {
        let e = task.await.unwrap().expect_err("the batch failed");
        assert_eq!(code(&e), "NB014", "{e}");
    }
    assert!(
        faulty.settle_sizes().iter().any(|&n| n > 1),
        "some batch carried several changes: {:?}",
        faulty.settle_sizes()
    );
    // Nothing changed: every number is still RESERVED, nothing audited...
    for &token in &tokens {
        let row = store.find_by_token(token).await.unwrap().unwrap();
        assert_eq!(row.state, NumberState::Reserved);
    }
    assert!(audit_of(&store, "CONFIRM").await.is_empty());
    // ...so once the database is back, the same confirms go through.
    faulty.fail_settles(false);
    for &token in &tokens {
        numbering.confirm(token, None, &actor).await.unwrap();
    }
    assert_eq!(audit_of(&store, "CONFIRM").await.len(), 40);
}
