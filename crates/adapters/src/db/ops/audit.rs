//! Writing audit rows.

use super::{Conn, insert_batch};
use crate::db::errors::StoreError;
use crate::db::rows::NewAudit;

/// Appends the entries (multi-row INSERTs) in the current transaction.
pub(super) async fn append(conn: &mut Conn, entries: &[NewAudit]) -> Result<(), StoreError> {
    insert_batch(conn, &[], entries).await
}
