//! Shared checks for user-supplied text that ends up inside document numbers.

/// Whether `c` may appear in a rendered number or a context value: printable,
/// no control characters, no line or paragraph separators.
pub(crate) fn is_printable(c: char) -> bool {
    !c.is_control() && c != '\u{2028}' && c != '\u{2029}'
}

/// The first character of `s` that is not printable, with its 1-based position.
pub(crate) fn first_unprintable(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| !is_printable(*c))
        .map(|(i, c)| (i + 1, c))
}
