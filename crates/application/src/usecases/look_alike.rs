//! Numbers a reader cannot tell apart (spec §12, issue 16): two numbers of
//! one namespace whose texts differ but are equal once compatibility-
//! normalised (NFKC: full-width letters, ligatures, Thai ำ against ํ + า).
//! The unique index only sees different text; this scan finds them, for
//! `docnum validate` and `docnum check-duplicates`.
//!
//! Two different texts with one NFKC form cannot both be in NFKC already,
//! so every such group holds at least one number that normalisation
//! changes. The scan reads the registry in keyset pages and keeps only
//! those (rare outside Thai text that uses ำ), then asks the registry
//! whether each one's NFKC form exists as it is: memory is bounded by the
//! numbers that normalisation changes, not by the registry.

use std::collections::{BTreeMap, BTreeSet};

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

impl Numbering {
    /// Every group of look-alike numbers, by namespace and NFKC form.
    pub(crate) async fn look_alike_numbers(&self) -> Result<Vec<LookAlikeNumbers>, AppError> {
        let store = &self.ports.integrity;
        // (namespace, NFKC form) → the texts that normalise to it.
        let mut groups: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        let mut after_id = 0;
        loop {
            let page = store.numbers_after(after_id, PAGE).await?;
            let Some(last) = page.last() else {
                break;
            };
            after_id = last.id;
            for row in page {
                let key = compatibility_key(&row.document_number);
                if key != row.document_number {
                    groups
                        .entry((row.namespace, key))
                        .or_default()
                        .insert(row.document_number);
                }
            }
        }
        let mut by_namespace: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (namespace, key) in groups.keys() {
            by_namespace.entry(namespace).or_default().push(key.clone());
        }
        let mut normal_forms: BTreeSet<(String, String)> = BTreeSet::new();
        for (namespace, keys) in by_namespace {
            for found in store.existing_numbers(namespace, &keys).await? {
                normal_forms.insert((namespace.to_owned(), found));
            }
        }
        Ok(groups
            .into_iter()
            .filter_map(|((namespace, key), mut texts)| {
                if normal_forms.contains(&(namespace.clone(), key.clone())) {
                    texts.insert(key);
                }
                (texts.len() > 1).then(|| LookAlikeNumbers {
                    namespace,
                    document_numbers: texts.into_iter().collect(),
                })
            })
            .collect())
    }
}
