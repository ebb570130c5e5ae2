//! Series and their change history.

use diesel::{ExpressionMethods, OptionalExtension, QueryDsl, SelectableHelper};
use diesel_async::RunQueryDsl;
use docnum_application::ports::OpContext;
use docnum_application::{AppError, InvalidReason, SeriesChange, SeriesConfig, SeriesRecord, plan};

use super::{Conn, audit};
use crate::db::errors::{StoreError, unique_violation};
use crate::db::rows::{HistoryRow, NewAudit, NewHistory, SeriesRow};
use crate::db::schema::{series, series_history};

/// Inserts the series at version 1 with its first history entry and a
/// CONFIG_CHANGE audit row.
pub(super) async fn create(
    conn: &mut Conn,
    config: &SeriesConfig,
    reason: &str,
    op: &OpContext,
) -> Result<SeriesRecord, StoreError> {
    let row = SeriesRow::new(config, 1, op.now, op.now)?;
    if let Err(e) = diesel::insert_into(series::table)
        .values(&row)
        .execute(conn)
        .await
    {
        let e = StoreError::from(e);
        return Err(match unique_violation(&e) {
            Some(_) => AppError::SeriesExists(config.document_type.clone()).into(),
            None => e,
        });
    }
    record_change(conn, None, config, reason, op, 1).await?;
    row.into_record()
}

/// Replaces the configuration if the series is still at `expected_version`.
pub(super) async fn update(
    conn: &mut Conn,
    config: &SeriesConfig,
    expected_version: i64,
    reason: &str,
    op: &OpContext,
) -> Result<SeriesRecord, StoreError> {
    let document_type = config.document_type.as_str();
    let Some(current) = row(conn, document_type).await? else {
        return Err(AppError::SeriesNotFound(document_type.to_owned()).into());
    };
    if current.version != expected_version {
        return Err(conflict());
    }
    let next = SeriesRow::new(
        config,
        expected_version + 1,
        crate::db::rows::instant(current.created_at)?,
        op.now,
    )?;
    let changed = diesel::update(
        series::table
            .filter(series::document_type.eq(document_type))
            .filter(series::version.eq(expected_version)),
    )
    .set(&next)
    .execute(conn)
    .await?;
    if changed == 0 {
        return Err(conflict());
    }
    let before = current.config()?;
    record_change(conn, Some(&before), config, reason, op, next.version).await?;
    next.into_record()
}

fn conflict() -> StoreError {
    AppError::invalid("version", InvalidReason::SeriesVersionChanged).into()
}

/// The history row and the CONFIG_CHANGE audit row of a change.
async fn record_change(
    conn: &mut Conn,
    before: Option<&SeriesConfig>,
    after: &SeriesConfig,
    reason: &str,
    op: &OpContext,
    version: i64,
) -> Result<(), StoreError> {
    let history = NewHistory::new(before, after, &op.actor.user_id, reason, op.now)?;
    diesel::insert_into(series_history::table)
        .values(&history)
        .execute(conn)
        .await?;
    let entry = plan::config_change(before, after, version, reason, op);
    audit::append(conn, &[NewAudit::from(entry)]).await
}

async fn row(conn: &mut Conn, document_type: &str) -> Result<Option<SeriesRow>, StoreError> {
    Ok(series::table
        .find(document_type)
        .select(SeriesRow::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// One series.
pub(super) async fn get(
    conn: &mut Conn,
    document_type: &str,
) -> Result<Option<SeriesRecord>, StoreError> {
    row(conn, document_type)
        .await?
        .map(SeriesRow::into_record)
        .transpose()
}

/// All series, by document type.
pub(super) async fn list(conn: &mut Conn) -> Result<Vec<SeriesRecord>, StoreError> {
    series::table
        .order(series::document_type.asc())
        .select(SeriesRow::as_select())
        .load(conn)
        .await?
        .into_iter()
        .map(SeriesRow::into_record)
        .collect()
}

/// A series' history, oldest first.
pub(super) async fn history(
    conn: &mut Conn,
    document_type: &str,
) -> Result<Vec<SeriesChange>, StoreError> {
    series_history::table
        .filter(series_history::document_type.eq(document_type))
        .order(series_history::id.asc())
        .select(HistoryRow::as_select())
        .load(conn)
        .await?
        .into_iter()
        .map(HistoryRow::into_change)
        .collect()
}
