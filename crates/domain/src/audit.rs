//! The operations the audit log records, and their stored spellings.
//!
//! The spelling is what the `audit_log.operation` column holds and what the
//! API and exports show; it never changes for an existing operation (no data
//! migration). Operations are grouped by a prefix naming what they concern,
//! so that the ones still to come take a group of their own instead of a
//! bare verb that could collide with today's (`EXPIRE`):
//!
//! | group | stored as | written when |
//! |---|---|---|
//! | a number's life | `RESERVE`, `CONFIRM`, `CANCEL`, `EXPIRE`, `VOID`, `REPLACE` | reserve, settle, expiry, void and its replacement |
//! | registration | `MANUAL_OVERRIDE`, `IMPORT`, `LOOK_ALIKE_KEPT` | a number registered by hand or imported; a look-alike an admin kept at the upgrade to number keys |
//! | counters (`SEQUENCE_`) | `SEQUENCE_SET`, `SEQUENCE_SKIP` | an admin's set; a raise by registered numbers |
//! | series (`CONFIG_`) | `CONFIG_CHANGE` | a series created or updated |
//!
//! Reserved for what is planned: `APPROVAL_…` (approvals, e.g.
//! `APPROVAL_REQUESTED`), `REVISION_…` (document revisions), `BREAK_GLASS_…`
//! (emergency changes).

/// One kind of audit entry.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuditOperation {
    /// A number drawn from its counter as RESERVED.
    Reserve,
    /// RESERVED → CONFIRMED.
    Confirm,
    /// RESERVED → CANCELLED.
    Cancel,
    /// RESERVED → EXPIRED (its TTL passed).
    Expire,
    /// A number registered by hand (manual override).
    ManualOverride,
    /// CONFIRMED → VOIDED.
    Void,
    /// The CONFIRMED replacement of a voided number, drawn from its counter.
    Replace,
    /// A counter set by an admin.
    SequenceSet,
    /// A counter raised past registered numbers, with the values skipped.
    SequenceSkip,
    /// A series created or updated.
    ConfigChange,
    /// A number imported from a legacy system.
    Import,
    /// A number that looks like another of its namespace, issued before
    /// docnum compared numbers by their compatibility form, kept as issued
    /// by an admin (`docnum migrate --keep-look-alikes`).
    LookAlikeKept,
}

impl AuditOperation {
    /// Every operation, in the order the documentation lists them.
    pub const ALL: [AuditOperation; 12] = [
        Self::Reserve,
        Self::Confirm,
        Self::Cancel,
        Self::Expire,
        Self::ManualOverride,
        Self::Void,
        Self::Replace,
        Self::SequenceSet,
        Self::SequenceSkip,
        Self::ConfigChange,
        Self::Import,
        Self::LookAlikeKept,
    ];

    /// The stored spelling (`RESERVE` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reserve => "RESERVE",
            Self::Confirm => "CONFIRM",
            Self::Cancel => "CANCEL",
            Self::Expire => "EXPIRE",
            Self::ManualOverride => "MANUAL_OVERRIDE",
            Self::Void => "VOID",
            Self::Replace => "REPLACE",
            Self::SequenceSet => "SEQUENCE_SET",
            Self::SequenceSkip => "SEQUENCE_SKIP",
            Self::ConfigChange => "CONFIG_CHANGE",
            Self::Import => "IMPORT",
            Self::LookAlikeKept => "LOOK_ALIKE_KEPT",
        }
    }

    /// Parses a stored spelling.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == raw)
    }
}

impl PartialEq<&str> for AuditOperation {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for AuditOperation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::AuditOperation;

    #[test]
    fn operations_round_trip_through_their_stored_spelling() {
        for op in AuditOperation::ALL {
            assert_eq!(AuditOperation::parse(op.as_str()), Some(op));
        }
        assert_eq!(AuditOperation::parse("reserve"), None);
        assert_eq!(AuditOperation::SequenceSkip.as_str(), "SEQUENCE_SKIP");
    }
}
