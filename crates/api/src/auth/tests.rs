//! Tests of `auth`.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::verify::LEEWAY_SECS;
use super::*;
use crate::error::ApiError;

const SECRET: &[u8] = b"unit-test-secret-unit-test-secret-0000";

fn token(ttl_secs: u64) -> (String, u64) {
    let token = issue_token(
        SECRET,
        "alice",
        &[permissions::RESERVE.to_owned()],
        Duration::from_secs(ttl_secs),
    )
    .unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    (token, now)
}

fn message(result: Result<AuthUser, ApiError>) -> String {
    match result {
        Err(e @ ApiError::Unauthenticated(_)) => e.client_message(),
        other => panic!("expected 401, got {other:?}"),
    }
}

#[test]
fn a_remembered_token_gives_the_same_user_as_a_fresh_one() {
    let auth = AuthConfig::hs256(SECRET);
    let (token, now) = token(3600);
    let first = auth.verify_at(&token, now).unwrap();
    let again = auth.verify_at(&token, now).unwrap();
    assert_eq!(first, again);
    assert_eq!(again.user_id, "alice");
    assert_eq!(again.permissions, [permissions::RESERVE]);
}

#[test]
fn a_remembered_token_still_expires() {
    let auth = AuthConfig::hs256(SECRET);
    let (token, now) = token(10);
    auth.verify_at(&token, now).unwrap();
    let exp = now + 10;
    // Within the leeway it is still good, past it it is refused, and
    // it stays refused (it is not remembered as good again).
    auth.verify_at(&token, exp + LEEWAY_SECS).unwrap();
    let refused = message(auth.verify_at(&token, exp + LEEWAY_SECS + 1));
    assert!(refused.contains("expired"), "{refused}");
    let again = message(auth.verify_at(&token, exp + LEEWAY_SECS + 1));
    assert!(again.contains("expired"), "{again}");
}

#[test]
fn a_token_one_character_off_a_remembered_one_is_verified_afresh() {
    let auth = AuthConfig::hs256(SECRET);
    let (_, now) = token(3600);
    // Many signatures, so the test does not hang on one token's bytes.
    for i in 0..64 {
        let token = issue_token(
            SECRET,
            &format!("user-{i}"),
            &[permissions::RESERVE.to_owned()],
            Duration::from_hours(1),
        )
        .unwrap();
        auth.verify_at(&token, now).unwrap();
        // The signature's first character carries six whole bits (its
        // last may carry padding bits, and changing those is a decoding
        // error rather than a wrong signature).
        let at = token.rfind('.').unwrap() + 1;
        let swapped = if token[at..].starts_with('A') {
            "B"
        } else {
            "A"
        };
        let forged = format!("{}{swapped}{}", &token[..at], &token[at + 1..]);
        let refused = message(auth.verify_at(&forged, now));
        assert!(refused.contains("signature"), "{refused}");
    }
    // A token signed with another secret, too.
    let other = issue_token(
        b"another-secret-another-secret-000000",
        "alice",
        &[permissions::ADMIN.to_owned()],
        Duration::from_hours(1),
    )
    .unwrap();
    assert!(message(auth.verify_at(&other, now)).contains("signature"));
}
