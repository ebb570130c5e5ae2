//! The JWT signing secret: `DOCNUM_JWT_SECRET`, or a random secret kept in a
//! file beside the SQLite database (mode 0600), created on first use.
//!
//! `docnum token` never invents a secret for a server database: the
//! instances of a shared database sign with the secret they are given, and
//! a new random one would sign tokens none of them accepts.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

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
            bail!("DOCNUM_JWT_SECRET must be at least 32 characters");
        }
        return Ok(secret.into_bytes());
    }
    let path = file.map_or_else(|| default_secret_file(database_url), Path::to_path_buf);
    match std::fs::read_to_string(&path) {
        Ok(s) if s.trim().len() >= 32 => return Ok(s.trim().as_bytes().to_vec()),
        Ok(_) => bail!(
            "the JWT secret file {} is shorter than 32 characters",
            path.display()
        ),
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && missing == IfMissing::CreateForSqliteOnly
                && crate::config::sqlite_path(database_url).is_none() =>
        {
            bail!(
                "no JWT secret for this server database: set DOCNUM_JWT_SECRET to the secret the \
                 instances use, or pass --secret-file FILE (DOCNUM_JWT_SECRET_FILE) naming their \
                 secret file ({} does not exist); a new random secret would sign tokens no instance accepts",
                path.display()
            );
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(e).with_context(|| {
                format!("cannot read the JWT secret file {} (set DOCNUM_JWT_SECRET or run `docnum serve` once)", path.display())
            });
        }
    }
    let secret = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    write_private(&path, &secret)
        .with_context(|| format!("cannot create the JWT secret file {}", path.display()))?;
    tracing::warn!(path = %path.display(), "DOCNUM_JWT_SECRET is not set: created a random JWT secret file (mode 0600); `docnum token` uses it");
    if missing == IfMissing::CreateForSqliteOnly {
        crate::output::note(&format!(
            "note: DOCNUM_JWT_SECRET is not set and {} did not exist: created a new random JWT secret there \
             (mode 0600); `docnum serve` on this database reads the same file",
            path.display()
        ));
    }
    Ok(secret.into_bytes())
}

fn write_private(path: &Path, secret: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(secret.as_bytes())?;
    f.sync_all()
}
