//! The series a reserve draws with, kept in memory between requests.
//!
//! Reserve is the hot path and its series rarely changes, so reading it from
//! the database on every request costs a round trip for nothing. A cached
//! series is never trusted blindly: the store checks the series' version
//! inside the allocation transaction and answers
//! [`AppError::SeriesChanged`](crate::AppError::SeriesChanged) when another
//! request or instance updated it; reserve then drops the entry and tries
//! again with the stored series. Updates made through this service drop the
//! entry at once. The map holds only series that exist, so it is as small
//! as the list of series.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::AppError;
use crate::series_config::SeriesRecord;
use crate::service::Numbering;

/// Series by document type, as last read.
#[derive(Debug, Default)]
pub(crate) struct SeriesCache {
    entries: Mutex<HashMap<String, Arc<SeriesRecord>>>,
}

impl SeriesCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<SeriesRecord>>> {
        // Every statement leaves the map consistent; a panic elsewhere does
        // not make it unusable.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets `document_type`'s series, so the next reserve reads it again.
    pub(crate) fn forget(&self, document_type: &str) {
        self.entries().remove(document_type);
    }
}

impl Numbering {
    /// The series of `document_type`: from the cache when it holds it,
    /// unless `fresh`, then read from the store (and cached).
    pub(crate) async fn cached_series(
        &self,
        document_type: &str,
        fresh: bool,
    ) -> Result<Arc<SeriesRecord>, AppError> {
        if !fresh && let Some(found) = self.series_cache.entries().get(document_type) {
            return Ok(found.clone());
        }
        let loaded = self.load_series(document_type).await?;
        let mut entries = self.series_cache.entries();
        // A concurrent reader may have stored a newer version meanwhile;
        // never replace it with an older one.
        let kept = entries
            .entry(document_type.to_owned())
            .and_modify(|e| {
                if e.version < loaded.version {
                    *e = loaded.clone();
                }
            })
            .or_insert(loaded);
        Ok(kept.clone())
    }
}
