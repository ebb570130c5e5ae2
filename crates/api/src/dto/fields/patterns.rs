//! The character rules of the request fields as ECMA-262 patterns.

// Character classes, as pattern fragments. Whitespace is Rust's
// `char::is_whitespace` (Unicode White_Space), what `str::trim` removes;
// control characters are `char::is_control` (Unicode Cc).
macro_rules! white_space {
    () => {
        r"\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    };
}
macro_rules! control {
    () => {
        r"\x00-\x1f\x7f-\x9f"
    };
}

/// Invisible characters the domain refuses in context values and numbers
/// (`docnum_domain`'s `text::is_printable`): the format characters (Cf) of
/// the Basic Multilingual Plane, the BMP private-use area and the fillers.
/// A pattern cannot list unassigned code points or the rare astral format
/// characters; the server refuses those too (422 NB006).
macro_rules! invisible {
    () => {
        concat!(
            r"\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160",
            r"\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164",
            r"\ue000-\uf8ff\ufeff\uffa0\ufff9-\ufffb"
        )
    };
}

/// `A-Z`, `0-9`, `_` (`DocumentType`).
pub(crate) const DOCUMENT_TYPE_PATTERN: &str = "^[A-Z0-9_]+$";
/// `a-z`, `0-9`, `_`, `-`, `.` (`Namespace`).
pub(crate) const NAMESPACE_PATTERN: &str = r"^[a-z0-9_.\-]+$";
/// Printable (no control character, no line or paragraph separator), no
/// braces, no whitespace at either end (`ContextValue`).
pub(crate) const CONTEXT_VALUE_PATTERN: &str = concat!(
    "^[^",
    control!(),
    invisible!(),
    white_space!(),
    "{}](?:[^",
    control!(),
    invisible!(),
    r"\u2028\u2029{}]*[^",
    control!(),
    invisible!(),
    white_space!(),
    "{}])?$"
);
/// Printable, no whitespace at either end (`DocumentNumber`).
pub(crate) const DOCUMENT_NUMBER_PATTERN: &str = concat!(
    "^[^",
    control!(),
    invisible!(),
    white_space!(),
    "](?:[^",
    control!(),
    invisible!(),
    r"\u2028\u2029]*[^",
    control!(),
    invisible!(),
    white_space!(),
    "])?$"
);
/// At least one character that is not whitespace, and between the first and
/// the last of those no control character but line feed and tab (`Reason`).
pub(crate) const REASON_PATTERN: &str = concat!(
    "^[",
    white_space!(),
    "]*[^",
    control!(),
    white_space!(),
    r"](?:[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^",
    control!(),
    white_space!(),
    "])?[",
    white_space!(),
    "]*$"
);
/// As [`REASON_PATTERN`], with at least ten characters between the first and
/// the last that are not whitespace (`Reason::for_void`; the count is
/// [`Reason::VOID_MIN_LEN`], checked in `tests/openapi.rs`).
pub(crate) const VOID_REASON_PATTERN: &str = concat!(
    "^[",
    white_space!(),
    "]*[^",
    control!(),
    white_space!(),
    r"][^\x00-\x08\x0b-\x1f\x7f-\x9f]{8,}[^",
    control!(),
    white_space!(),
    "][",
    white_space!(),
    "]*$"
);
/// No control character (the confirm use case's `document_ref` rule).
pub(crate) const DOCUMENT_REF_PATTERN: &str = concat!("^[^", control!(), "]*$");
/// Visible ASCII, spaces only inside: what an HTTP header value can carry
/// once its surrounding spaces are stripped, without control characters.
pub(crate) const IDEMPOTENCY_KEY_PATTERN: &str = r"^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$";
