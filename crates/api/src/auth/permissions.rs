//! The permission names tokens carry.

/// Reserve, confirm, cancel, preview and read numbers.
pub const RESERVE: &str = "numbering:reserve";
/// Register a number by hand.
pub const MANUAL_OVERRIDE: &str = "numbering:manual_override";
/// Register a hand-typed number that does not follow the template.
pub const SKIP_VALIDATION: &str = "numbering:skip_validation";
/// Void (and replace) a confirmed number.
pub const VOID: &str = "numbering:void";
/// Everything: series administration, status, audit, and all of the above.
pub const ADMIN: &str = "numbering:admin";
/// Every permission, for validation and documentation.
pub const ALL: [&str; 5] = [RESERVE, MANUAL_OVERRIDE, SKIP_VALIDATION, VOID, ADMIN];
