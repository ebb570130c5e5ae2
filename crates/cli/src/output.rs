//! User-facing terminal output: the only place the CLI prints.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write as _;

/// The exit status of a command whose standard output was closed by its
/// reader (`docnum … | head -1`): what a shell reports for a filter ended
/// by SIGPIPE, 128 + 13.
const BROKEN_PIPE: i32 = 141;

/// Prints a line to standard output.
pub(crate) fn line(text: &str) {
    out(format_args!("{text}\n"));
}

/// Prints a value as pretty JSON.
pub(crate) fn json(value: &serde_json::Value) {
    out(format_args!(
        "{}\n",
        serde_json::to_string_pretty(value).unwrap_or_default()
    ));
}

/// Whether `e` is, or wraps (a CSV or JSON writer's error), a write to a
/// pipe whose reader went away.
pub(crate) fn is_broken_pipe(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    if e.kind() == BrokenPipe {
        return true;
    }
    let Some(inner) = e.get_ref() else {
        return false;
    };
    if let Some(csv) = inner.downcast_ref::<csv::Error>() {
        return matches!(csv.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe);
    }
    inner
        .downcast_ref::<serde_json::Error>()
        .and_then(serde_json::Error::io_error_kind)
        == Some(BrokenPipe)
}

/// Ends the command the way a filter whose reader went away ends.
pub(crate) fn exit_broken_pipe() -> ! {
    std::process::exit(BROKEN_PIPE)
}

/// Writes to standard output. `println!` panics when the write fails; a
/// reader that went away (`| head`) instead ends the command quietly with
/// the status a shell gives such a filter, and any other failure (a full
/// disk) ends it with an error. Either way whatever the command did before
/// printing (a reservation, say) is already committed.
fn out(text: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(text).and_then(|()| stdout.flush()) {
        if is_broken_pipe(&e) {
            exit_broken_pipe();
        }
        error(&crate::lang::tr(
            &docnum_domain::Message::new("cli-stdout-failed").with("detail", e.to_string()),
        ));
        std::process::exit(1);
    }
}

/// Prints a note to standard error (kept off standard output, which may
/// carry the command's data).
pub(crate) fn note(text: &str) {
    eprintln!("{text}");
}

/// Prints an error to standard error, in the output's language.
pub(crate) fn error(text: &str) {
    let message = docnum_domain::Message::new("cli-error").with("message", text);
    eprintln!("{}", crate::lang::tr(&message));
}
