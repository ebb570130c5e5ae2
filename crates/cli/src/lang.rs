//! The language of the CLI's words: `--lang`, else the POSIX locale
//! variables (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English. Only text for
//! people goes through here; `--json` output stays language-neutral.

use std::sync::OnceLock;

use docnum_domain::Message;
use docnum_i18n::Locale;

static LOCALE: OnceLock<Locale> = OnceLock::new();

/// Fixes the language for the rest of the process (`--lang`, if given).
pub(crate) fn init(flag: Option<Locale>) {
    let _ = LOCALE.set(flag.unwrap_or_else(from_env));
}

fn from_env() -> Locale {
    Locale::from_env(|name| std::env::var(name).ok())
}

/// The language of the output.
pub(crate) fn locale() -> Locale {
    *LOCALE.get_or_init(from_env)
}

/// `message` in the output's language.
pub(crate) fn tr(message: &Message) -> String {
    docnum_i18n::render(locale(), message)
}

/// An error whose text is `message` in the output's language (a start-up
/// setting refused, a file that cannot be read).
pub(crate) fn error(message: &Message) -> anyhow::Error {
    anyhow::anyhow!(tr(message))
}

/// The text of `key` (a message without arguments) in the output's language.
pub(crate) fn t(key: &'static str) -> String {
    docnum_i18n::text(locale(), key)
}
