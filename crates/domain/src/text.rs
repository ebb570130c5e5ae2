//! Shared checks for user-supplied text that ends up inside document numbers.

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

/// Letters that render as nothing (Hangul fillers) and the combining
/// grapheme joiner: default-ignorable code points outside the categories
/// refused below.
const INVISIBLE_LETTERS: [char; 5] = ['\u{034F}', '\u{115F}', '\u{1160}', '\u{3164}', '\u{FFA0}'];

/// Whether `c` may appear in a rendered number or a context value: visible.
/// Refused: control characters (Cc), format characters (Cf: zero-width
/// spaces and joiners, bidi controls, the BOM …), line and paragraph
/// separators (Zl, Zp), private-use, surrogate and unassigned code points,
/// and the invisible fillers — each could make two numbers that look the
/// same differ, or reorder what a reader sees.
pub(crate) fn is_printable(c: char) -> bool {
    let refused = matches!(
        get_general_category(c),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::PrivateUse
            | GeneralCategory::Surrogate
            | GeneralCategory::Unassigned
    );
    !refused && !INVISIBLE_LETTERS.contains(&c)
}

/// The first character of `s` that is not printable, with its 1-based position.
pub(crate) fn first_unprintable(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| !is_printable(*c))
        .map(|(i, c)| (i + 1, c))
}

/// `s` in Unicode Normalization Form KC: the form in which text that only
/// looks different (full-width letters, ligatures, Thai ำ against ํ + า)
/// is the same text. What two numbers are compared by when asking whether
/// a reader could tell them apart.
pub fn compatibility_key(s: &str) -> String {
    // ASCII is its own NFKC form: the common case costs a copy.
    if s.is_ascii() {
        return s.to_owned();
    }
    s.nfkc().collect()
}

/// The longest number key, in characters: the stores' `number_key` column
/// is `VARCHAR(700)` (MariaDB's index limit with the namespace beside it).
pub const NUMBER_KEY_MAX_LEN: usize = 700;

/// The key a rendered number is unique by within its namespace: its
/// [`compatibility_key`], cut at [`NUMBER_KEY_MAX_LEN`] characters. A
/// 200-character number only grows past that through ligatures that expand
/// many-fold (U+FDFA is 18 characters in NFKC); cutting can only make two
/// different numbers count as the same, never two look-alikes as different,
/// so the bound errs on the side of never issuing both.
pub fn number_key(document_number: &str) -> String {
    let mut key = compatibility_key(document_number);
    if key.len() > NUMBER_KEY_MAX_LEN
        && let Some((cut, _)) = key.char_indices().nth(NUMBER_KEY_MAX_LEN)
    {
        key.truncate(cut);
    }
    key
}

/// `s` in Unicode Normalization Form C: how text a client sent is kept
/// and rendered (canonically equivalent spellings become one).
pub(crate) fn nfc(s: &str) -> String {
    s.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_not_printable() {
        for c in [
            '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{202E}', '\u{2066}', '\u{00AD}', '\u{2028}',
            '\u{2029}', '\u{3164}', '\u{E000}', '\n',
        ] {
            assert!(!is_printable(c), "U+{:04X}", u32::from(c));
        }
        for c in ['A', 'ก', 'ำ', '\u{0E4D}', '-', ' ', '.', 'é'] {
            assert!(is_printable(c), "{c}");
        }
    }

    #[test]
    fn number_keys_join_look_alikes_and_stay_bounded() {
        assert_eq!(number_key("\u{FF23}\u{FF2F}\u{FF32}-0001"), "COR-0001");
        assert_eq!(number_key("\u{0E4D}\u{0E32}"), number_key("\u{0E33}"));
        assert_eq!(number_key("LCBP3-C2-0001"), "LCBP3-C2-0001");
        let long = "\u{FDFA}".repeat(200);
        assert_eq!(compatibility_key(&long).chars().count(), 18 * 200);
        assert_eq!(number_key(&long).chars().count(), NUMBER_KEY_MAX_LEN);
    }

    #[test]
    fn nfc_composes_and_keeps_thai_look_alikes_apart() {
        assert_ne!(nfc("\u{0E33}"), nfc("\u{0E4D}\u{0E32}"));
        assert_eq!(nfc("e\u{0301}"), "é");
    }
}
