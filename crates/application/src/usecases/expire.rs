//! The expiry job: reservations past their TTL become EXPIRED.

use crate::error::AppError;
use crate::model::Actor;
use crate::service::Numbering;

/// How many reservations one expiry transaction handles.
const EXPIRY_BATCH: u32 = 500;

impl Numbering {
    /// Marks every due reservation EXPIRED (each audited), in batches;
    /// returns how many. Guarded in SQL, so concurrent runs on several
    /// instances are harmless.
    pub async fn expire_reservations(&self) -> Result<u64, AppError> {
        let mut total = 0u64;
        loop {
            let op = self.op(&Actor::system());
            let n = self.ports.store.expire_due(EXPIRY_BATCH, &op).await?;
            total += u64::from(n);
            if n < EXPIRY_BATCH {
                return Ok(total);
            }
        }
    }
}
