//! Text that looks the same is the same (issue 16): context values that
//! differ only by compatibility characters (full-width letters, Thai ำ
//! against ํ + า) share one counter, and a number is unique in its
//! namespace by its number key (NFKC form): a look-alike of an issued
//! number is skipped at draw time and refused (NB005) when registered,
//! whichever store holds them.

use docnum_application::{Actor, NumberSource, ScopeSpec, SeriesConfig, Settings};

use super::coalescing::plain;
use super::collisions::{admin, request, validate_is_clean};
use super::{Store, audit_of, code, create, manual};

/// `LCBP3` in full-width letters.
const WIDE: &str = "\u{FF2C}\u{FF23}\u{FF22}\u{FF30}\u{FF13}";

pub async fn look_alikes_share_a_counter_and_a_key(store: Store) {
    let numbering = plain(&store, Settings::default());
    let config = SeriesConfig::new(
        "LA",
        "{PROJECT}-{SEQ:4}",
        ScopeSpec::Dimensions(vec!["PROJECT".into()]),
    );
    numbering.create_series(&config, &admin()).await.unwrap();
    let alice = Actor::user("alice");

    let plain_text = numbering
        .reserve(&request("LA", &[("PROJECT", "LCBP3")]), &alice)
        .await
        .unwrap();
    let wide = numbering
        .reserve(&request("LA", &[("PROJECT", WIDE)]), &alice)
        .await
        .unwrap();
    assert_eq!(plain_text.document_number, "LCBP3-0001");
    // Rendered as sent, counted as one.
    assert_eq!(wide.document_number, format!("{WIDE}-0002"));
    assert_eq!(wide.counter_key, plain_text.counter_key);
    let thai = |v: &'static str| request("LA", &[("PROJECT", v)]);
    let am = numbering
        .reserve(&thai("\u{0E01}\u{0E33}"), &alice)
        .await
        .unwrap();
    let nikhahit = numbering
        .reserve(&thai("\u{0E01}\u{0E4D}\u{0E32}"), &alice)
        .await
        .unwrap();
    assert_eq!((am.value, nikhahit.value), (1, 2));
    assert_eq!(am.counter_key, nikhahit.counter_key);

    // Another series of the namespace registers a look-alike of the value
    // the LA counter draws next: the draw skips it and names it.
    let mut other = SeriesConfig::new(
        "OTHER",
        "{PREFIX}-{SEQ:4}",
        ScopeSpec::Dimensions(vec!["PREFIX".into()]),
    );
    other.allow_manual_override = true;
    let other = create(&store, other).await;
    let squat = format!("{WIDE}-0003");
    store
        .register_manual(vec![manual(&other, &squat, NumberSource::Import)])
        .await
        .unwrap();
    let next = numbering
        .reserve(&request("LA", &[("PROJECT", "LCBP3")]), &alice)
        .await
        .unwrap();
    assert_eq!(next.document_number, "LCBP3-0004");
    let skips = audit_of(&store, "SEQUENCE_SKIP").await;
    let skip = skips
        .iter()
        .find(|e| {
            e.counter_key
                .as_ref()
                .is_some_and(|k| k.as_str() == next.counter_key)
        })
        .expect("the skip of LCBP3-0003");
    assert_eq!(skip.metadata["existing"], serde_json::json!([squat]));

    // Registering a look-alike of an issued number is NB005 and changes
    // nothing; the same text in another namespace is a number of its own.
    let before = audit_of(&store, "IMPORT").await.len();
    let half_wide = "\u{FF2C}CBP3-0001";
    let err = store
        .register_manual(vec![manual(&other, half_wide, NumberSource::Import)])
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NB005", "{err:?}");
    assert!(store.find_numbers(half_wide).await.unwrap().is_empty());
    assert_eq!(audit_of(&store, "IMPORT").await.len(), before);
    let mut elsewhere = SeriesConfig::new(
        "ELSEWHERE",
        "{PREFIX}-{SEQ:4}",
        ScopeSpec::Dimensions(vec!["PREFIX".into()]),
    );
    elsewhere.allow_manual_override = true;
    elsewhere.namespace = "elsewhere".into();
    let elsewhere = create(&store, elsewhere).await;
    store
        .register_manual(vec![manual(&elsewhere, half_wide, NumberSource::Import)])
        .await
        .unwrap();

    validate_is_clean(&numbering).await;
}
