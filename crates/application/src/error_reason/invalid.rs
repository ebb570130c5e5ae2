//! [`InvalidReason`]: why a request value is refused beyond what the domain
//! checks (NB009).

use std::fmt;

use docnum_domain::Message;

/// Why a request value is refused beyond what the domain checks (NB009).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidReason {
    /// A `scope_value` that says otherwise than the `context`.
    ScopeValueContradicts {
        /// The `scope_value` given.
        scope_value: String,
        /// The context name it stands for.
        name: String,
        /// The context's value.
        existing: String,
    },
    /// Longer than `max` or with control characters (`Idempotency-Key`,
    /// `document_ref`).
    PrintableUpTo {
        /// The shortest allowed (0 or 1).
        min: usize,
        /// The longest allowed.
        max: usize,
    },
    /// A series update whose body names another document type.
    Renamed {
        /// The body's document type.
        body: String,
        /// The path's document type.
        path: String,
    },
    /// A page size outside `1..=max`.
    PageSize {
        /// The largest page.
        max: u32,
    },
    /// `from` after `to`.
    FromAfterTo,
    /// Not an audit operation.
    UnknownOperation {
        /// The operation given.
        operation: String,
        /// The operations there are.
        known: String,
    },
    /// An empty `created_at` in an import file.
    CreatedAtEmpty,
    /// A `created_at` that is not a date.
    NotADate {
        /// The value given.
        value: String,
    },
    /// A wall-clock time the zone's clocks skipped.
    SkippedByClock {
        /// The value given.
        value: String,
        /// The series' zone.
        time_zone: &'static str,
    },
    /// A `created_at` after now.
    InFuture {
        /// The value given.
        value: String,
    },
    /// An import row's metadata larger than allowed.
    MetadataTooLarge {
        /// The bound, in KiB.
        max_kib: usize,
        /// The size given, in bytes.
        got: usize,
    },
    /// Metadata that is JSON but not an object.
    MetadataNotObject,
    /// Metadata that is not JSON.
    MetadataNotJson {
        /// Where the parser stopped: line.
        line: usize,
        /// Where the parser stopped: column.
        column: usize,
    },
    /// `metadata.context` that is not an object.
    ContextNotObject,
    /// A context value in metadata that is not a string.
    ContextValueNotText {
        /// The context name.
        name: String,
    },
    /// An import with bad rows.
    ImportHasBadRows {
        /// How many are bad.
        bad: usize,
        /// How many rows in all.
        rows: u64,
        /// The line of the first bad one.
        line: u64,
    },
    /// A number in several namespaces, none named.
    SeveralNamespaces {
        /// The number.
        number: String,
        /// Its namespaces, comma-separated.
        namespaces: String,
    },
    /// The series' version moved on since the caller read it.
    SeriesVersionChanged,
    /// A batch larger than a store can take.
    BatchTooLarge,
    /// A value larger than the database column.
    TooLarge {
        /// The value.
        value: u64,
    },
    /// A `DATABASE_URL` that is not a SQLite URL where one is needed.
    NotSqliteUrl {
        /// The URL.
        url: String,
    },
    /// A SQLite URL without a file path.
    NoFilePath {
        /// The URL.
        url: String,
    },
    /// An in-memory SQLite database.
    InMemoryDatabase {
        /// The URL.
        url: String,
    },
    /// A URL scheme docnum does not know.
    UnknownScheme {
        /// The scheme.
        scheme: String,
    },
    /// A migration that needs a newer docnum.
    SchemaTooNew {
        /// The migration.
        migration: String,
        /// The docnum version it needs.
        needed: String,
        /// This binary's version.
        binary: String,
    },
    /// Migrations of a newer docnum without a compatibility level.
    SchemaUnlevelled {
        /// The migrations, comma-separated.
        migrations: String,
        /// This binary's version.
        binary: String,
    },
    /// A schema behind this binary that this user may not migrate.
    SchemaBehind {
        /// The pending migrations, comma-separated.
        pending: String,
        /// The database's refusal.
        detail: String,
    },
    /// Existing numbers that look the same (equal once NFKC-normalised):
    /// the upgrade to number keys stops until an admin keeps them.
    LookAlikesExist {
        /// How many groups of look-alikes there are.
        count: usize,
        /// The first groups, as text (`namespace: A = B; …`).
        examples: String,
    },
    /// A series whose numbers can be the same text as another series'
    /// under both series' declarations (spec §12: no overlap in a
    /// namespace).
    SeriesOverlap {
        /// The other series.
        other: String,
        /// A text both can issue.
        example: String,
    },
    /// A TLS failure connecting to the database (waiting would not mend it).
    ConnectionTls {
        /// The driver's message.
        detail: String,
    },
}

impl fmt::Display for InvalidReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ScopeValueContradicts {
                scope_value,
                name,
                existing,
            } => write!(
                f,
                "'{scope_value}' contradicts context.{name} = '{existing}'"
            ),
            Self::PrintableUpTo { min: 0, max } => {
                write!(f, "must be at most {max} printable characters")
            }
            Self::PrintableUpTo { min, max } => {
                write!(f, "must be {min}-{max} printable characters")
            }
            Self::Renamed { body, path } => write!(
                f,
                "the body says {body} but the path says {path}; a series cannot be renamed"
            ),
            Self::PageSize { max } => write!(f, "must be 1-{max}"),
            Self::FromAfterTo => f.write_str("must not be after 'to'"),
            Self::UnknownOperation { operation, known } => write!(
                f,
                "'{operation}' is not an audit operation; use one of {known}"
            ),
            Self::CreatedAtEmpty => f.write_str(
                "is empty; give the date the legacy system created the number (YYYY-MM-DD or RFC 3339)",
            ),
            Self::NotADate { value } => write!(
                f,
                "'{}' is not a date; use YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or RFC 3339",
                value.escape_debug()
            ),
            Self::SkippedByClock { value, time_zone } => write!(
                f,
                "{value} does not exist in time zone {time_zone} (the clocks skipped it)"
            ),
            Self::InFuture { value } => write!(f, "{value} is in the future"),
            Self::MetadataTooLarge { max_kib, got } => {
                write!(f, "must be at most {max_kib} KiB, got {got} bytes")
            }
            Self::MetadataNotObject => f.write_str("must be a JSON object or empty"),
            Self::MetadataNotJson { line, column } => {
                write!(f, "is not valid JSON (line {line}, column {column})")
            }
            Self::ContextNotObject => f.write_str("must be an object of context values by name"),
            Self::ContextValueNotText { name } => write!(f, "value of {name} must be a string"),
            Self::ImportHasBadRows { bad, rows, line } => write!(
                f,
                "{bad} of {rows} rows are invalid (the first on line {line}); nothing was imported"
            ),
            Self::SeveralNamespaces { number, namespaces } => {
                write!(f, "{number} exists in namespaces {namespaces}; say which one")
            }
            Self::SeriesVersionChanged => f.write_str("the series changed meanwhile; reload and retry"),
            Self::BatchTooLarge => f.write_str("too many numbers in one batch"),
            Self::TooLarge { value } => write!(f, "{value} is too large for the database"),
            Self::NotSqliteUrl { url } => {
                write!(f, "'{url}': not a SQLite URL; use sqlite://path or a file path")
            }
            Self::NoFilePath { url } => write!(f, "'{url}': no file path"),
            Self::InMemoryDatabase { url } => write!(
                f,
                "'{url}': an in-memory database cannot be shared by a connection pool; use a file path"
            ),
            Self::UnknownScheme { scheme } => write!(
                f,
                "unknown scheme '{scheme}://'; use sqlite://FILE, postgres://… or mysql://…"
            ),
            Self::SchemaTooNew {
                migration,
                needed,
                binary,
            } => write!(
                f,
                "migration {migration} needs docnum {needed} or newer, this is docnum {binary}; run docnum {needed} or newer against this database"
            ),
            Self::SchemaUnlevelled { migrations, binary } => write!(
                f,
                "migrations {migrations} were applied by a newer docnum and state no compatibility level; this docnum {binary} cannot tell whether it may run against them: run the newer docnum"
            ),
            Self::SchemaBehind { pending, detail } => write!(
                f,
                "the schema is behind this docnum (pending: {pending}) and this database user may not change it ({detail}); run `docnum migrate` as the schema owner"
            ),
            Self::LookAlikesExist { count, examples } => write!(
                f,
                "{count} group(s) of issued numbers look the same once compatibility-normalised (NFKC) and cannot all keep a key of their own: {examples}; `docnum validate` lists them all. Nothing was changed. To keep them as issued, run `docnum migrate --keep-look-alikes --reason \"…\"` as an admin (each kept number is audited as LOOK_ALIKE_KEPT), then start docnum again"
            ),
            Self::SeriesOverlap { other, example } => write!(
                f,
                "numbers of this series and of series {other} can be the same text under both series' declarations, e.g. {example}; give the template a literal part no number of {other} has (a prefix such as `RFA-`) or narrow the declarations so that no text fits both"
            ),
            Self::ConnectionTls { detail } => f.write_str(detail),
        }
    }
}

impl InvalidReason {
    /// The reason for the reader (rendered by the catalogue in their language).
    pub fn message(&self) -> Message {
        match self {
            Self::ScopeValueContradicts {
                scope_value,
                name,
                existing,
            } => Message::new("invalid-scope-value-contradicts")
                .with("scope_value", scope_value)
                .with("name", name)
                .with("existing", existing),
            Self::PrintableUpTo { min: 0, max } => {
                Message::new("invalid-printable-at-most").with("max", *max)
            }
            Self::PrintableUpTo { min, max } => Message::new("invalid-printable-length")
                .with("min", *min)
                .with("max", *max),
            Self::Renamed { body, path } => Message::new("invalid-renamed")
                .with("body", body)
                .with("path", path),
            Self::PageSize { max } => {
                Message::new("invalid-page-size").with("max", u64::from(*max))
            }
            Self::FromAfterTo => Message::new("invalid-from-after-to"),
            Self::UnknownOperation { operation, known } => {
                Message::new("invalid-unknown-operation")
                    .with("operation", operation)
                    .with("known", known)
            }
            Self::CreatedAtEmpty => Message::new("invalid-created-at-empty"),
            Self::NotADate { value } => {
                Message::new("invalid-not-a-date").with("value", value.escape_debug().to_string())
            }
            Self::SkippedByClock { value, time_zone } => Message::new("invalid-skipped-by-clock")
                .with("value", value)
                .with("time_zone", *time_zone),
            Self::InFuture { value } => Message::new("invalid-in-future").with("value", value),
            Self::MetadataTooLarge { max_kib, got } => Message::new("invalid-metadata-too-large")
                .with("max", *max_kib)
                .with("got", *got),
            Self::MetadataNotObject => Message::new("invalid-metadata-not-object"),
            Self::MetadataNotJson { line, column } => Message::new("invalid-metadata-not-json")
                .with("line", *line)
                .with("column", *column),
            Self::ContextNotObject => Message::new("invalid-context-not-object"),
            Self::ContextValueNotText { name } => {
                Message::new("invalid-context-value-not-text").with("name", name)
            }
            Self::ImportHasBadRows { bad, rows, line } => Message::new("invalid-import-bad-rows")
                .with("bad", *bad)
                .with("rows", *rows)
                .with("line", *line),
            Self::SeveralNamespaces { number, namespaces } => {
                Message::new("invalid-several-namespaces")
                    .with("number", number)
                    .with("namespaces", namespaces)
            }
            Self::SeriesVersionChanged => Message::new("invalid-series-version-changed"),
            Self::BatchTooLarge => Message::new("invalid-batch-too-large"),
            Self::TooLarge { value } => Message::new("invalid-too-large").with("value", *value),
            Self::NotSqliteUrl { url } => Message::new("invalid-not-sqlite-url").with("url", url),
            Self::NoFilePath { url } => Message::new("invalid-no-file-path").with("url", url),
            Self::InMemoryDatabase { url } => {
                Message::new("invalid-in-memory-database").with("url", url)
            }
            Self::UnknownScheme { scheme } => {
                Message::new("invalid-unknown-scheme").with("scheme", scheme)
            }
            Self::SchemaTooNew {
                migration,
                needed,
                binary,
            } => Message::new("invalid-schema-too-new")
                .with("migration", migration)
                .with("needed", needed)
                .with("binary", binary),
            Self::SchemaUnlevelled { migrations, binary } => {
                Message::new("invalid-schema-unlevelled")
                    .with("migrations", migrations)
                    .with("binary", binary)
            }
            Self::SchemaBehind { pending, detail } => Message::new("invalid-schema-behind")
                .with("pending", pending)
                .with("detail", detail),
            Self::LookAlikesExist { count, examples } => Message::new("invalid-look-alikes-exist")
                .with("count", *count)
                .with("examples", examples),
            Self::SeriesOverlap { other, example } => Message::new("invalid-series-overlap")
                .with("other", other)
                .with("example", example),
            Self::ConnectionTls { detail } => {
                Message::new("invalid-connection-tls").with("detail", detail)
            }
        }
    }
}
