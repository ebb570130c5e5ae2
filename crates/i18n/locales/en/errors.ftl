# docnum's error messages, English.
#
# One entry per message key; the same keys, with the same { $arguments },
# exist in ../th/errors.ftl (a test fails otherwise). The key and the NB code
# never change with the language: clients branch on the code, never on text.
# A literal brace is written { "{" }; a token such as {SEQ} as { "{SEQ}" }.
# These texts are also what the errors' Display says in the logs; a test in
# docnum-api keeps the two equal.

## Templates (NB006)

template-empty = the template is empty; write something like { "COR-{YYYY}-{SEQ:5}" }
template-too-long = the template is { $length } characters long; the limit is { $max }
template-missing-seq = the template has no { "{SEQ}" } token; add exactly one, e.g. { "{SEQ:4}" }
template-duplicate-seq = second { "{" }{ $token }{ "}" } at position { $position }; a template has exactly one { "{SEQ}" }
template-unknown-token = unknown token { "{" }{ $token }{ "}" } at position { $position }; known tokens: { $known }
template-seq-width = { "{" }{ $token }{ "}" } at position { $position }: the width must be a number from 1 to { $max }
template-unbalanced-brace = unbalanced '{ $brace }' at position { $position }; write '{ $brace }{ $brace }' for a literal brace
template-control-character = control character { $character } at position { $position }; numbers must be printable

## Business rules (domain)

invalid-template = invalid template: { $reason }
missing-context = the template token { "{" }{ $token }{ "}" } needs context value { $name }; add "{ $name }" to the request's context
invalid-format = invalid { $field }: { $reason }
number-mismatch = document number '{ $number }' does not match template '{ $template }': { $reason }
invalid-value = invalid { $field }: { $reason }
sequence-exhausted = sequence exhausted: counter { $counter } reached max_value { $max }; raise max_value or start a new scope
manual-override-not-allowed = manual override is not allowed for document type { $document_type }; enable allow_manual_override on the series first
reservation-unknown = reservation not found: the token is unknown; reserve a new number
reservation-expired = reservation expired: its TTL passed before it was confirmed; reserve a new number
reservation-cancelled = reservation was cancelled (state CANCELLED); reserve a new number
reservation-closed = reservation is no longer open (state { $state }); reserve a new number
invalid-transition = cannot { $action } a { $state } number
invalid-transition-use-void = cannot { $action } a { $state } number: use void instead
invalid-transition-confirm-first = cannot { $action } a { $state } number: confirm it first, or cancel it
invalid-transition-void-confirmed-only = cannot { $action } a { $state } number: only CONFIRMED numbers can be voided
counter-below-issued = cannot set the counter to { $requested }: value { $highest } has already been issued; the counter never goes down

## Reasons inside invalid-format, number-mismatch and invalid-value
## (DomainError's FormatReason, MismatchReason and ValueReason)

format-length = must be 1-{ $max } characters, got { $got }
format-unprintable = invisible or control character { $character } at position { $position }; remove it
format-padded = leading or trailing whitespace; trim it
format-brace = braces are not allowed (position { $position })
format-unknown-context-name = unknown context name; use one of { $known }
format-namespace-characters = '{ $value }' must be 1-50 characters of a-z, 0-9, _, - and .
format-document-type-character = '{ $value }' contains { $character }; use only A-Z, 0-9 and _
format-unknown-time-zone = '{ $value }' is not an IANA time zone (e.g. UTC, Asia/Bangkok)
format-unknown-dimension = unknown dimension '{ $value }'; use YEAR, MONTH or a context name such as PROJECT
format-unknown-scope = unknown scope '{ $value }'; use GLOBAL, PROJECT, CONTRACT, YEARLY, MONTHLY or a list of dimensions
format-dimension-twice = dimension { $dimension } is listed twice
format-scope-not-rendered = the scope restarts the counter per { $dimension } but the template does not render it, so different counters would issue the same numbers; add the token to the template or drop it from the scope
format-rendered-too-long = '{ $number }' is { $length } characters; the series allows at most { $max } (raise max_length or shorten the template)
mismatch-too-long = it is longer than { $max } bytes
mismatch-too-many-readings = it can be read in too many ways; supply the context values
mismatch-stops-at = it stops following the template at character { $position }
mismatch-ambiguous = it can be read in more than one way; supply the context values to disambiguate
mismatch-no-sequence = no sequence value found
value-too-short = must be at least { $min } characters after trimming, got { $got }; say why
value-too-long = must be at most { $max } characters, got { $got }
value-control-characters = contains control characters
value-year-out-of-range = { $year } is outside { $min }-{ $max }
value-not-a-month = { $month } is not a month (1-12)
value-counter-key-too-long = the context values make a counter key of { $length } characters, more than { $max }; use shorter values
value-sequence-out-of-range = sequence value { $value } is outside 1..={ $max }
value-above-max-value = { $requested } is above the series' max_value { $max }
value-out-of-range = must be between { $min } and { $max }, got { $got }
value-too-many-days = must be at most { $max } days, got { $got }
value-date-in-future = { $date } is in the future (today is { $today } in { $time_zone })
value-backdated-too-far = { $date } is { $days } days back; series { $document_type } allows back-dating by at most { $max } days
value-not-single-context = series { $document_type } is not scoped by a single context value; send "context" instead

## Use cases and stores (application)

series-not-found = no numbering series for document type { $document_type }; create it first (POST /series or `docnum series create`)
series-exists = series { $document_type } already exists; use update (PUT /series/{ $document_type }) to change it
number-not-found = document number { $number } is not in the registry
number-taken = document number { $number } already exists in namespace { $namespace }; choose another number
value-taken = sequence value { $value } of counter { $counter } is already taken by another number, so document number { $number } cannot be added to the registry
idempotency-conflict = Idempotency-Key '{ $key }' was already used with a different request body; use a new key for a new request
lock-timeout = the counter { $counter } is busy; retry in a moment
series-changed = series { $document_type } was changed while this request was served; retry in a moment
overloaded = too many requests are waiting for counter { $counter }; retry in a moment
database-unavailable = the database is unavailable or timed out; retry in a moment
internal-error = an unexpected error occurred; it has been logged with this request's id — retry, and report it if it persists

## Reasons inside invalid-value raised by the application (InvalidReason)

invalid-scope-value-contradicts = '{ $scope_value }' contradicts context.{ $name } = '{ $existing }'
invalid-printable-at-most = must be at most { $max } printable characters
invalid-printable-length = must be { $min }-{ $max } printable characters
invalid-renamed = the body says { $body } but the path says { $path }; a series cannot be renamed
invalid-page-size = must be 1-{ $max }
invalid-from-after-to = must not be after 'to'
invalid-unknown-operation = '{ $operation }' is not an audit operation; use one of { $known }
invalid-created-at-empty = is empty; give the date the legacy system created the number (YYYY-MM-DD or RFC 3339)
invalid-not-a-date = '{ $value }' is not a date; use YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or RFC 3339
invalid-skipped-by-clock = { $value } does not exist in time zone { $time_zone } (the clocks skipped it)
invalid-in-future = { $value } is in the future
invalid-metadata-too-large = must be at most { $max } KiB, got { $got } bytes
invalid-metadata-not-object = must be a JSON object or empty
invalid-metadata-not-json = is not valid JSON (line { $line }, column { $column })
invalid-context-not-object = must be an object of context values by name
invalid-context-value-not-text = value of { $name } must be a string
invalid-import-bad-rows = { $bad } of { $rows } rows are invalid (the first on line { $line }); nothing was imported
invalid-several-namespaces = { $number } exists in namespaces { $namespaces }; say which one
invalid-series-version-changed = the series changed meanwhile; reload and retry
invalid-batch-too-large = too many numbers in one batch
invalid-too-large = { $value } is too large for the database
invalid-not-sqlite-url = '{ $url }': not a SQLite URL; use sqlite://path or a file path
invalid-no-file-path = '{ $url }': no file path
invalid-in-memory-database = '{ $url }': an in-memory database cannot be shared by a connection pool; use a file path
invalid-unknown-scheme = unknown scheme '{ $scheme }://'; use sqlite://FILE, postgres://… or mysql://…
invalid-schema-too-new = migration { $migration } needs docnum { $needed } or newer, this is docnum { $binary }; run docnum { $needed } or newer against this database
invalid-schema-unlevelled = migrations { $migrations } were applied by a newer docnum and state no compatibility level; this docnum { $binary } cannot tell whether it may run against them: run the newer docnum
invalid-look-alikes-exist = { $count } group(s) of issued numbers look the same once compatibility-normalised (NFKC) and cannot all keep a key of their own: { $examples }; `docnum validate` lists them all. Nothing was changed. To keep them as issued, run `docnum migrate --keep-look-alikes --reason "…"` as an admin (each kept number is audited as LOOK_ALIKE_KEPT), then start docnum again
invalid-schema-behind = the schema is behind this docnum (pending: { $pending }) and this database user may not change it ({ $detail }); run `docnum migrate` as the schema owner
invalid-series-overlap = numbers of this series and of series { $other } can be the same text under both series' declarations, e.g. { $example }; give the template a literal part no number of { $other } has (a prefix such as `RFA-`) or narrow the declarations so that no text fits both
invalid-connection-tls = { $detail }

## A batch that collided with the registry (NB005, Collision)

collided-one = document number { $number }
collided-one-of = one of the document numbers { $first } … { $last }
duplicate-in-namespace = { $numbers } already exists in namespace { $namespace }; choose another number
duplicate-value = sequence value { $value } of counter { $counter } is already taken by another number, so { $numbers } cannot be added to the registry
duplicate-value-in-batch = a sequence value of counter { $counter } is already taken by another number, so { $numbers } cannot be added to the registry
value-outside-declaration = { $dimension } '{ $value }' is not what the series declares { $dimension } may hold ({ $allowed })
format-declared-not-rendered = values are declared for { $dimension }, which the template does not render; add {"{"}{ $dimension }{"}"} to the template or drop the declaration
format-bad-declaration = the declaration of { $dimension } is not a class with a count such as [A-Z0-9]+ or [A-Z]{"{"}3{"}"}, nor a list of codes: { $detail }
