//! Numbers a reader cannot tell apart (spec §12, issue 16): two numbers of
//! one namespace whose texts differ but are equal once compatibility-
//! normalised (NFKC: full-width letters, ligatures, Thai ำ against ํ + า).
//! The unique index only sees different text; this scan finds them, for
//! `docnum validate` and `docnum check-duplicates`.
//!
//! Two different texts with one NFKC form cannot both be in NFKC already,
//! so every such group holds at least one number that normalisation
//! changes. The scan reads the registry in keyset pages and, per page, asks
//! the registry whether the normal forms of the numbers NFKC changes exist
//! as they are (one lookup per page): those pairs need no memory beyond the
//! page. What is left — two changed spellings of a normal form that is not
//! itself issued — is found through a map of 64-bit hashes (16 bytes per
//! changed number) and, only if such a pair is possible, a second pass that
//! collects the texts of those groups exactly. Measured on a million-row
//! registry in docs/benchmarks.md.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use docnum_domain::compatibility_key;
use serde::Serialize;

use crate::error::AppError;
use crate::service::Numbering;

/// Registry rows read per page.
const PAGE: u32 = 10_000;

/// Numbers of one namespace that look the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LookAlikeNumbers {
    /// The uniqueness domain.
    pub namespace: String,
    /// The different texts (two or more), sorted.
    pub document_numbers: Vec<String>,
}

/// The text-hash mark of a normal form reached from two different texts.
const SEVERAL: u64 = u64::MAX;

impl Numbering {
    /// Every group of look-alike numbers, by namespace and NFKC form.
    pub(crate) async fn look_alike_numbers(&self) -> Result<Vec<LookAlikeNumbers>, AppError> {
        let store = &self.ports.integrity;
        let mut groups: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        // hash(namespace, normal form) → hash(text), or SEVERAL.
        let mut spellings: HashMap<u64, u64> = HashMap::new();
        let mut after_id = 0;
        loop {
            let page = store.numbers_after(after_id, PAGE).await?;
            let Some(last) = page.last() else {
                break;
            };
            after_id = last.id;
            let mut changed: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
            for row in page {
                let key = compatibility_key(&row.document_number);
                if key == row.document_number {
                    continue;
                }
                let text = hash(&row.document_number);
                spellings
                    .entry(hash(&(&row.namespace, &key)))
                    .and_modify(|seen| {
                        if *seen != text {
                            *seen = SEVERAL;
                        }
                    })
                    .or_insert(text);
                changed
                    .entry(row.namespace)
                    .or_default()
                    .push((key, row.document_number));
            }
            for (namespace, pairs) in changed {
                let keys: Vec<String> = pairs.iter().map(|(key, _)| key.clone()).collect();
                let issued: HashSet<String> = store
                    .existing_numbers(&namespace, &keys)
                    .await?
                    .into_iter()
                    .collect();
                for (key, text) in pairs.into_iter().filter(|(key, _)| issued.contains(key)) {
                    let group = groups.entry((namespace.clone(), key.clone())).or_default();
                    group.insert(key);
                    group.insert(text);
                }
            }
        }
        if spellings.values().any(|seen| *seen == SEVERAL) {
            self.collect_spellings(&spellings, &mut groups).await?;
        }
        Ok(groups
            .into_iter()
            .filter(|(_, texts)| texts.len() > 1)
            .map(|((namespace, _), texts)| LookAlikeNumbers {
                namespace,
                document_numbers: texts.into_iter().collect(),
            })
            .collect())
    }

    /// The second pass: the texts of every normal form that two different
    /// texts reach (a hash collision only costs a group that is then
    /// found to hold one text).
    async fn collect_spellings(
        &self,
        spellings: &HashMap<u64, u64>,
        groups: &mut BTreeMap<(String, String), BTreeSet<String>>,
    ) -> Result<(), AppError> {
        let mut after_id = 0;
        loop {
            let page = self.ports.integrity.numbers_after(after_id, PAGE).await?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after_id = last.id;
            for row in page {
                let key = compatibility_key(&row.document_number);
                if key != row.document_number
                    && spellings.get(&hash(&(&row.namespace, &key))) == Some(&SEVERAL)
                {
                    groups
                        .entry((row.namespace, key))
                        .or_default()
                        .insert(row.document_number);
                }
            }
        }
    }
}

/// A fixed 64-bit hash (the same in both passes).
fn hash(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}
