//! Void (CONFIRMED → VOIDED) and the optional replacement, in one
//! transaction; the rows and entries are [`plan`]'s.

use diesel::{ExpressionMethods, QueryDsl};
use diesel_async::RunQueryDsl;
use docnum_application::plan;
use docnum_application::ports::{VoidRequest, VoidResult};
use docnum_domain::NumberState;

use super::queries::row_by_number;
use super::{Conn, audit, draw};
use crate::db::errors::StoreError;
use crate::db::rows::{IssuedRow, NewAudit, micros};
use crate::db::schema::issued_numbers;

/// Voids the CONFIRMED number and issues its replacement when asked, the
/// two linked both ways (`replaced_by` / `replaces`); `None` when no
/// CONFIRMED row has this number (nothing is written then).
pub(super) async fn void(
    conn: &mut Conn,
    request: &VoidRequest,
    how: draw::Draw,
) -> Result<Option<VoidResult>, StoreError> {
    let op = &request.op;
    let now = micros(op.now);
    let confirmed = NumberState::Confirmed.as_str();
    let changed = diesel::update(
        issued_numbers::table
            .filter(issued_numbers::namespace.eq(&request.namespace))
            .filter(issued_numbers::document_number.eq(&request.document_number))
            .filter(issued_numbers::state.eq(confirmed)),
    )
    .set((
        issued_numbers::state.eq(NumberState::Voided.as_str()),
        issued_numbers::closed_at.eq(now),
        issued_numbers::reason.eq(request.reason.as_str()),
    ))
    .execute(conn)
    .await?;
    if changed == 0 {
        return Ok(None);
    }

    let (replacement, replace_entries) = match &request.replacement {
        Some(batch) => {
            let (mut rows, entries) =
                draw::draw(conn, batch, Some(&request.document_number), how).await?;
            draw::insert_rows(conn, &rows, &[]).await?;
            let row = rows.pop().ok_or_else(|| {
                StoreError::corrupt("a replacement was asked for without a draft")
            })?;
            diesel::update(
                issued_numbers::table
                    .filter(issued_numbers::namespace.eq(&request.namespace))
                    .filter(issued_numbers::document_number.eq(&request.document_number)),
            )
            .set(issued_numbers::replaced_by.eq(&row.document_number))
            .execute(conn)
            .await?;
            (Some(row), entries)
        }
        None => (None, Vec::new()),
    };

    let voided = reread(conn, request).await?.into_number()?;
    let mut entries = vec![NewAudit::from(plan::voided_entry(&voided, op))];
    entries.extend(replace_entries);
    audit::append(conn, &entries).await?;
    Ok(Some(VoidResult {
        voided,
        replacement: replacement.map(IssuedRow::into_number).transpose()?,
    }))
}

async fn reread(conn: &mut Conn, request: &VoidRequest) -> Result<IssuedRow, StoreError> {
    row_by_number(conn, &request.namespace, &request.document_number)
        .await?
        .ok_or_else(|| {
            StoreError::corrupt(format!(
                "{} vanished inside its transaction",
                request.document_number
            ))
        })
}
