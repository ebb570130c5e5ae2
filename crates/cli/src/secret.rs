//! The JWT signing secret: `DOCNUM_JWT_SECRET`, or a random secret kept in a
//! file beside the SQLite database (mode 0600), created on first use.
//!
//! A secret file others may read is refused: whoever reads it can mint
//! admin tokens. Two processes starting together never race on creating
//! it: the secret is written to a private temporary file, then linked into
//! place (atomic, and refused when the name exists), so the loser reads the
//! winner's complete file.
//!
//! `docnum token` never invents a secret for a server database: the
//! instances of a shared database sign with the secret they are given, and
//! a new random one would sign tokens none of them accepts.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use docnum_domain::Message;

use crate::lang;

/// The refusal `key` about the secret file `path`, in the output's language.
fn refused(key: &'static str, path: &Path) -> Message {
    Message::new(key).with("path", path.display().to_string())
}

/// Where the secret file lives when none is named: beside the SQLite file,
/// or in the working directory for server databases.
pub(crate) fn default_secret_file(database_url: &str) -> PathBuf {
    match crate::config::sqlite_path(database_url) {
        Some(db) => PathBuf::from(format!("{db}.jwt-secret")),
        None => PathBuf::from("docnum.jwt-secret"),
    }
}

/// What to do when there is no secret yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IfMissing {
    /// Create the file (`docnum serve`).
    Create,
    /// Create it beside a SQLite database and say so on stderr; refuse for
    /// a server database (`docnum token`).
    CreateForSqliteOnly,
}

/// The secret bytes; creates the file as `missing` says when it does not
/// exist.
pub(crate) fn load(
    database_url: &str,
    file: Option<&Path>,
    missing: IfMissing,
) -> anyhow::Result<Vec<u8>> {
    if let Ok(secret) = std::env::var("DOCNUM_JWT_SECRET") {
        if secret.len() < 32 {
            return Err(lang::error(&Message::new("secret-env-too-short")));
        }
        return Ok(secret.into_bytes());
    }
    let path = file.map_or_else(|| default_secret_file(database_url), Path::to_path_buf);
    match read_private(&path) {
        Ok(secret) => return Ok(secret),
        Err(e)
            if is_not_found(&e)
                && missing == IfMissing::CreateForSqliteOnly
                && crate::config::sqlite_path(database_url).is_none() =>
        {
            return Err(lang::error(&refused("secret-none-for-server", &path)));
        }
        Err(e) if is_not_found(&e) => {}
        Err(e) => return Err(e),
    }
    let secret = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    match write_private(&path, &secret) {
        Ok(()) => {
            tracing::warn!(path = %path.display(), "DOCNUM_JWT_SECRET is not set: created a random JWT secret file (mode 0600); `docnum token` uses it");
            if missing == IfMissing::CreateForSqliteOnly {
                crate::output::note(&lang::tr(&refused("secret-created-note", &path)));
            }
            Ok(secret.into_bytes())
        }
        // Another process created it first: use its secret.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_private(&path),
        Err(e) => Err(lang::error(
            &refused("secret-cannot-create", &path).with("detail", e.to_string()),
        )),
    }
}

fn is_not_found(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound)
}

/// The secret of an existing file, refused when group or others may read it.
fn read_private(path: &Path) -> anyhow::Result<Vec<u8>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(e.into()),
        Err(e) => {
            return Err(lang::error(
                &refused("secret-unreadable", path).with("detail", e.to_string()),
            ));
        }
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(lang::error(
                &refused("secret-readable-by-others", path)
                    .with("mode", format!("{:o}", mode & 0o777)),
            ));
        }
    }
    let secret = text.trim();
    if secret.len() < 32 {
        return Err(lang::error(&refused("secret-too-short", path)));
    }
    Ok(secret.as_bytes().to_vec())
}

/// Writes `secret` to `path` atomically: a private temporary file beside
/// it, linked into place (fails with `AlreadyExists` if `path` exists).
fn write_private(path: &Path, secret: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        uuid::Uuid::new_v4().simple()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let written = options.open(&temp).and_then(|mut f| {
        f.write_all(secret.as_bytes())?;
        f.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&temp, path));
    let _ = std::fs::remove_file(&temp);
    linked
}
