//! Rendering a [`Message`] in a language with the embedded Fluent catalogue.

use std::borrow::Cow;
use std::collections::HashMap;

use docnum_domain::{Arg, Message};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader as _, static_loader};

use crate::locale::Locale;

static_loader! {
    pub(crate) static CATALOGUE = {
        locales: "./locales",
        fallback_language: "en",
        // Fluent wraps every argument in Unicode isolation marks (U+2068,
        // U+2069) by default. docnum's arguments are document numbers,
        // counter keys and field names that readers copy and paste and
        // clients compare: the marks would make `COR-2568-0001` in a
        // message differ from the number itself. Thai and English are both
        // left-to-right, so the marks protect nothing here.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The largest whole number passed to Fluent as a number (above it, a
/// 64-bit float would round it); larger ones are passed as text.
const MAX_EXACT_NUMBER: u64 = 1 << 53;

/// `message` in `locale`; a key missing in `locale` falls back to English,
/// and a key missing everywhere (a bug a test catches) yields the key and
/// its arguments rather than nothing.
pub fn render(locale: Locale, message: &Message) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> = message
        .args()
        .iter()
        .map(|(name, arg)| (Cow::Borrowed(*name), value(locale, arg)))
        .collect();
    CATALOGUE
        .try_lookup_with_args(locale.langid(), message.key(), &args)
        .unwrap_or_else(|| untranslated(message))
}

/// The text of `key`, a message without arguments (a table header, a label).
pub fn text(locale: Locale, key: &'static str) -> String {
    render(locale, &Message::new(key))
}

fn value(locale: Locale, arg: &Arg) -> FluentValue<'static> {
    match arg {
        Arg::Text(text) => FluentValue::from(text.clone()),
        // Arabic digits, no grouping: what the spec's numbers look like.
        #[allow(clippy::cast_precision_loss)] // exact below MAX_EXACT_NUMBER
        Arg::Number(n) if *n <= MAX_EXACT_NUMBER => FluentValue::from(*n as f64),
        Arg::Number(n) => FluentValue::from(n.to_string()),
        Arg::Message(inner) => FluentValue::from(render(locale, inner)),
    }
}

fn untranslated(message: &Message) -> String {
    let args: Vec<String> = message
        .args()
        .iter()
        .map(|(name, arg)| match arg {
            Arg::Text(t) => format!("{name}={t}"),
            Arg::Number(n) => format!("{name}={n}"),
            Arg::Message(m) => format!("{name}={}", untranslated(m)),
        })
        .collect();
    format!("{}({})", message.key(), args.join(", "))
}
