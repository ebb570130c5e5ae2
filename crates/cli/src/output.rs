//! User-facing terminal output: the only place the CLI prints.

#![allow(clippy::print_stdout, clippy::print_stderr)]

/// Prints a line to standard output.
pub(crate) fn line(text: &str) {
    println!("{text}");
}

/// Prints a value as pretty JSON.
pub(crate) fn json(value: &serde_json::Value) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

/// Prints a note to standard error (kept off standard output, which may
/// carry the command's data).
pub(crate) fn note(text: &str) {
    eprintln!("{text}");
}

/// Prints an error to standard error.
pub(crate) fn error(text: &str) {
    eprintln!("error: {text}");
}
