//! Writing audit rows.

use super::{Conn, INSERT_CHUNK, insert_audit};
use crate::db::errors::StoreError;
use crate::db::rows::NewAudit;

/// Appends the entries (multi-row INSERTs) in the current transaction.
pub(super) async fn append(conn: &mut Conn, entries: &[NewAudit]) -> Result<(), StoreError> {
    for chunk in entries.chunks(INSERT_CHUNK) {
        insert_audit(conn, chunk.to_vec()).await?;
    }
    Ok(())
}
