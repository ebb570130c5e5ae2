//! Legacy import (`docnum import`): numbers issued by an older system,
//! registered as CONFIRMED numbers audited as IMPORT.
//!
//! First a plan (the dry run): every row is checked against its series
//! (it exists, the number follows the template — see
//! [`docnum_domain::rules::validate_imported_number`], which does not need
//! `allow_manual_override`: import is an admin operation of its own), and
//! for duplicates inside the file and in the registry, by number and by
//! counter value. Then, only when no row is bad, the apply: one call to
//! [`crate::ports::NumberStore::register_manual`], one transaction that
//! inserts every row or none and raises each counter to its highest
//! imported value (never lowers one), auditing the values it skips.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use docnum_domain::{Message, Reason, number_key};
use serde::Serialize;

use crate::error::AppError;
use crate::error_reason::InvalidReason;
use crate::model::Actor;
use crate::ports::ManualRegistration;
use crate::service::Numbering;
use crate::usecases::import_row::{LegacyRecord, RowSetting, SeriesCache};

/// Rows shown in a plan's preview.
pub const IMPORT_PREVIEW_ROWS: usize = 10;
/// Rows checked between two progress reports.
const PROGRESS_STEP: usize = 1000;
/// Numbers or values per registry look-up.
const LOOKUP_BATCH: usize = 5000;

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Its line in the file.
    pub line: u64,
    /// The number as given.
    pub document_number: String,
    /// The NB code.
    pub code: &'static str,
    /// What is wrong and what to do (rendered by the catalogue, `docnum-i18n`).
    pub message: Message,
}

/// What the import does to one counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportCounter {
    /// The series.
    pub document_type: String,
    /// The counter.
    pub counter_key: String,
    /// Rows imported into it.
    pub rows: u64,
    /// Lowest imported value.
    pub lowest: u64,
    /// Highest imported value.
    pub highest: u64,
    /// The counter before the import.
    pub current_value: u64,
    /// The counter after it (`max(current_value, highest)`).
    pub after: u64,
}

/// A row as it will be registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportPreviewRow {
    /// Its line in the file.
    pub line: u64,
    /// The series.
    pub document_type: String,
    /// The number.
    pub document_number: String,
    /// Its counter.
    pub counter_key: String,
    /// Its value in the counter.
    pub value: u64,
    /// Its creation instant (the registry's `issued_at`).
    pub created_at: DateTime<Utc>,
}

/// The dry run's result: what would be imported, and every bad row.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    /// Rows read.
    pub rows: u64,
    /// Bad rows, by line; the import writes nothing unless this is empty.
    pub problems: Vec<ImportProblem>,
    /// What happens to each counter, by key.
    pub counters: Vec<ImportCounter>,
    /// The first rows, as they would be registered.
    pub preview: Vec<ImportPreviewRow>,
    registrations: Vec<ManualRegistration>,
}

impl ImportPlan {
    /// Whether every row can be imported.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }

    /// Rows that passed every check.
    pub fn importable(&self) -> usize {
        self.registrations.len()
    }
}

/// The apply's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// Rows registered.
    pub imported: u64,
    /// Each counter as it stands after the import.
    pub counters: Vec<ImportCounter>,
}

impl Numbering {
    /// The dry run: checks every row and plans the import, writing nothing.
    /// `progress` is told how many rows have been checked, now and then.
    pub async fn plan_import(
        &self,
        records: &[LegacyRecord],
        reason: &str,
        actor: &Actor,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<ImportPlan, AppError> {
        let reason = Reason::new(reason)?;
        let op = self.op(actor);
        let setting = RowSetting {
            reason: &reason,
            op: &op,
        };
        let mut cache = SeriesCache::new();
        let mut problems = Vec::new();
        let mut accepted: Vec<(u64, ManualRegistration)> = Vec::with_capacity(records.len());
        let mut numbers: HashMap<(String, String), u64> = HashMap::new();
        let mut values: HashMap<(String, u64), u64> = HashMap::new();
        for (i, record) in records.iter().enumerate() {
            if i % PROGRESS_STEP == 0 {
                progress(i as u64);
            }
            let reg = match self.legacy_registration(record, &mut cache, &setting).await {
                Ok(reg) => reg,
                Err(e) if e.is_transient() => return Err(e),
                Err(e) => {
                    problems.push(problem(record.line, &record.document_number, &e));
                    continue;
                }
            };
            // By key: two lines that only look different are one number.
            let in_file = (
                reg.series.config.namespace.clone(),
                number_key(reg.manual.number.as_str()),
            );
            if let Some(first) = numbers.get(&in_file) {
                problems.push(duplicate(
                    record,
                    Message::new("import-number-in-file")
                        .with("number", reg.manual.number.as_str())
                        .with("line", *first),
                ));
                continue;
            }
            if let Some((key, value)) = &reg.manual.counted {
                let value_key = (key.as_str().to_owned(), *value);
                if let Some(first) = values.get(&value_key) {
                    problems.push(duplicate(
                        record,
                        Message::new("import-value-in-file")
                            .with("value", *value)
                            .with("counter", key.as_str())
                            .with("line", *first),
                    ));
                    continue;
                }
                values.insert(value_key, record.line);
            }
            numbers.insert(in_file, record.line);
            accepted.push((record.line, reg));
        }
        progress(records.len() as u64);
        self.registry_conflicts(&accepted, &mut problems).await?;
        let bad: HashSet<u64> = problems.iter().map(|p| p.line).collect();
        accepted.retain(|(line, _)| !bad.contains(line));
        problems.sort_by_key(|p| p.line);
        Ok(ImportPlan {
            rows: records.len() as u64,
            counters: self.counter_plan(&accepted).await?,
            preview: accepted
                .iter()
                .take(IMPORT_PREVIEW_ROWS)
                .map(|(line, reg)| preview_row(*line, reg))
                .collect(),
            registrations: accepted.into_iter().map(|(_, reg)| reg).collect(),
            problems,
        })
    }

    /// Imports a plan with no bad rows: all rows in one transaction, or none.
    pub async fn apply_import(&self, plan: ImportPlan) -> Result<ImportOutcome, AppError> {
        if let Some(first) = plan.problems.first() {
            return Err(AppError::invalid(
                "import",
                InvalidReason::ImportHasBadRows {
                    bad: plan.problems.len(),
                    rows: plan.rows,
                    line: first.line,
                },
            ));
        }
        let mut counters = plan.counters;
        if plan.registrations.is_empty() {
            return Ok(ImportOutcome {
                imported: 0,
                counters,
            });
        }
        let rows = self.ports.store.register_manual(plan.registrations).await?;
        for counter in &mut counters {
            let key = docnum_domain::CounterKey::from_stored(counter.counter_key.clone());
            counter.after = self.ports.store.counter_value(&key).await?;
            // Imported numbers are not drawn from a counter (not counted as
            // issued); the counter gauge follows the raise.
            let scope = key.scope_value().to_owned();
            if let Ok(series) = self.load_series(&counter.document_type).await {
                self.ports.metrics.counter_value(
                    &counter.document_type,
                    &scope,
                    counter.after,
                    series.config.max_value,
                );
            }
        }
        Ok(ImportOutcome {
            imported: rows.len() as u64,
            counters,
        })
    }

    /// Adds a problem for every accepted row whose number or counter value
    /// the registry already holds.
    async fn registry_conflicts(
        &self,
        accepted: &[(u64, ManualRegistration)],
        problems: &mut Vec<ImportProblem>,
    ) -> Result<(), AppError> {
        let mut by_namespace: BTreeMap<&str, Vec<(u64, &str)>> = BTreeMap::new();
        let mut by_counter: BTreeMap<&str, Vec<(u64, u64, &str)>> = BTreeMap::new();
        for (line, reg) in accepted {
            let number = reg.manual.number.as_str();
            by_namespace
                .entry(reg.series.config.namespace.as_str())
                .or_default()
                .push((*line, number));
            if let Some((key, value)) = &reg.manual.counted {
                by_counter
                    .entry(key.as_str())
                    .or_default()
                    .push((*line, *value, number));
            }
        }
        let store = &self.ports.integrity;
        let mut flagged = HashSet::new();
        for (namespace, rows) in by_namespace {
            for batch in rows.chunks(LOOKUP_BATCH) {
                // Keys: a number that only looks like an issued one is taken too.
                let asked: Vec<String> = batch.iter().map(|(_, n)| number_key(n)).collect();
                let found: HashSet<String> = store
                    .numbers_with_keys(namespace, &asked)
                    .await?
                    .iter()
                    .map(|n| number_key(n))
                    .collect();
                for ((line, number), key) in batch.iter().zip(&asked) {
                    if found.contains(key) {
                        flagged.insert(*line);
                        problems.push(ImportProblem {
                            line: *line,
                            document_number: (*number).to_owned(),
                            code: "NB005",
                            message: Message::new("import-number-in-registry")
                                .with("number", *number)
                                .with("namespace", namespace),
                        });
                    }
                }
            }
        }
        for (key, rows) in by_counter {
            for batch in rows.chunks(LOOKUP_BATCH) {
                let asked: Vec<u64> = batch.iter().map(|(_, v, _)| *v).collect();
                let found = store.taken_values(key, &asked).await?;
                for (line, value, number) in batch {
                    // One problem per line: a number already found names it.
                    if found.binary_search(value).is_ok() && !flagged.contains(line) {
                        problems.push(ImportProblem {
                            line: *line,
                            document_number: (*number).to_owned(),
                            code: "NB005",
                            message: Message::new("import-value-in-registry")
                                .with("value", *value)
                                .with("counter", key),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// What the accepted rows do to each counter.
    async fn counter_plan(
        &self,
        accepted: &[(u64, ManualRegistration)],
    ) -> Result<Vec<ImportCounter>, AppError> {
        let mut counters: BTreeMap<String, ImportCounter> = BTreeMap::new();
        for (_, reg) in accepted {
            let Some((key, value)) = &reg.manual.counted else {
                continue;
            };
            let c = counters
                .entry(key.as_str().to_owned())
                .or_insert_with(|| ImportCounter {
                    document_type: reg.series.config.document_type.clone(),
                    counter_key: key.as_str().to_owned(),
                    rows: 0,
                    lowest: *value,
                    highest: *value,
                    current_value: 0,
                    after: 0,
                });
            c.rows += 1;
            c.lowest = c.lowest.min(*value);
            c.highest = c.highest.max(*value);
        }
        for c in counters.values_mut() {
            let key = docnum_domain::CounterKey::from_stored(c.counter_key.clone());
            c.current_value = self.ports.store.counter_value(&key).await?;
            c.after = c.current_value.max(c.highest);
        }
        Ok(counters.into_values().collect())
    }
}

fn problem(line: u64, document_number: &str, e: &AppError) -> ImportProblem {
    ImportProblem {
        line,
        document_number: document_number.to_owned(),
        code: e.code().as_str(),
        message: e.message(),
    }
}

fn duplicate(record: &LegacyRecord, message: Message) -> ImportProblem {
    ImportProblem {
        line: record.line,
        document_number: record.document_number.clone(),
        code: "NB005",
        message,
    }
}

fn preview_row(line: u64, reg: &ManualRegistration) -> ImportPreviewRow {
    let (counter_key, value) = reg
        .manual
        .counted
        .as_ref()
        .map_or((String::new(), 0), |(k, v)| (k.as_str().to_owned(), *v));
    ImportPreviewRow {
        line,
        document_type: reg.series.config.document_type.clone(),
        document_number: reg.manual.number.as_str().to_owned(),
        counter_key,
        value,
        created_at: reg.issued_at,
    }
}
