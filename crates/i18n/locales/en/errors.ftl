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

## Use cases and stores (application)

series-not-found = no numbering series for document type { $document_type }; create it first (POST /series or `docnum series create`)
series-exists = series { $document_type } already exists; use update (PUT /series/{ $document_type }) to change it
number-not-found = document number { $number } is not in the registry
number-taken = document number { $number } already exists in namespace { $namespace }; choose another number
value-taken = sequence value { $value } of counter { $counter } is already taken by another number, so document number { $number } cannot be added to the registry
duplicate-number = { $detail }
idempotency-conflict = Idempotency-Key '{ $key }' was already used with a different request body; use a new key for a new request
lock-timeout = the counter { $counter } is busy; retry in a moment
series-changed = series { $document_type } was changed while this request was served; retry in a moment
overloaded = too many requests are waiting for counter { $counter }; retry in a moment
database-unavailable = the database is unavailable or timed out; retry in a moment
internal-error = an unexpected error occurred; it has been logged with this request's id — retry, and report it if it persists
