# The docnum command line's own texts, English: errors, table headers and
# reports. `--json` output never goes through here (it stays language-neutral).
# The same keys and { $arguments } exist in ../th/cli.ftl.

## Errors

cli-error = error: { $message }
cli-refused = { $code }: { $message }
cli-internal-error = internal error: { $detail }
cli-database-unavailable = the database is unavailable ({ $detail }); retry in a moment
cli-stdout-failed = cannot write to standard output: { $detail }
cli-runtime-failed = cannot start the async runtime: { $detail }
cli-database-unopened = cannot open the database named by DATABASE_URL
cli-migrations-applied = migrations applied
cli-invalid-value = invalid value '{ $value }' for { $setting } (given on the command line or by its environment variable, e.g. DOCNUM_PORT for --port)

## Table headers

col-type = type
col-template = template
col-scope = scope
col-current = current
col-max = max
col-used-percent = used %
col-last-used = last used
col-manual-override = manual override
col-manual = manual
col-zone = zone
col-namespace = namespace
col-version = version
col-counter = counter
col-skipped = skipped
col-next-value = next value
col-reserved = reserved
col-confirmed = confirmed
col-cancelled = cancelled
col-expired = expired
col-voided = voided
col-problem = problem
col-where = where
col-details = details
col-line = line
col-document-number = document_number
col-code = code
col-value = value
col-created-at = created_at
col-rows = rows
col-lowest = lowest
col-highest = highest
col-counter-before = counter before
col-counter-after = counter after
col-when = when
col-who = who
col-reason = reason
col-template-change = template before → after
word-yes = yes
word-no = no

## docnum validate, docnum check-duplicates

validate-ok = OK: { $counters } counters and { $numbers } numbers checked; no duplicate, no unexplained gap, no counter behind its numbers
check-duplicates-ok = OK: no rendered number is issued twice in a namespace
validate-problems = { $count } problem(s) found
validate-problems-truncated = { $count } problem(s) found (only the first { $max } of a kind are listed)
validate-place-namespace = namespace { $namespace }
violation-duplicate-value = value { $value } of counter { $counter } is held by { $count } numbers: { $numbers }
violation-duplicate-number = { $number } is issued { $count } times in namespace { $namespace }
violation-look-alike-numbers = { $count } numbers of namespace { $namespace } look the same (equal once normalised, NFKC): { $numbers }; keep one and void the others with a replacement (POST /void, docs/cli.md)
violation-gap-one = value { $from } of counter { $counter } is neither in the registry nor recorded as skipped
violation-gap = values { $from }..={ $to } of counter { $counter } are neither in the registry nor recorded as skipped
violation-counter-missing = counter { $counter } does not exist but value { $highest } has been issued; raise it with `docnum set` to at least { $highest }
violation-counter-behind = counter { $counter } stands at { $current } but value { $highest } has been issued; raise it with `docnum set` to at least { $highest }

## docnum series update

series-effect-summary = { $counters ->
        [one] 1 counter is
       *[other] { $counters } counters are
    } drawn from today under this configuration; { $skipping ->
        [0] none will skip a value
        [one] 1 will skip values whose numbers already exist (audited as SEQUENCE_SKIP when drawn)
       *[other] { $skipping } will skip values whose numbers already exist (audited as SEQUENCE_SKIP when drawn)
    }
series-effect-truncated = only the first { $max } counters of the series were looked at
series-dry-run = dry run: nothing was changed
series-ambiguous = warning: this series' numbers can read more than one way, because { $fields } can run into each other; declare what they may hold (--pattern DIM=PATTERN or --codes DIM=A,B) to prove that they read one way only
series-overlap-undeclared = warning: a number of series { $other } can be the same text as one of this series, e.g. { $example } (only through a value one of the two series does not declare; declare every dimension of both and such an overlap is refused)
series-overlap-undecided = warning: could not tell whether numbers of series { $other } can be the same text as this series' (the templates are too intricate for the check)
series-overlap-undecided-earlier = warning: could not tell whether numbers issued under version { $version } of this series can be the same text as the new ones (the templates are too intricate for the check)
series-overlap-earlier = warning: numbers issued under version { $version } of this series can be the same text as new ones, e.g. { $example }; the next draws skip those that exist (see the counters above, or run with --dry-run first)

## docnum set

set-unchanged = counter { $counter } already stands at { $value }; nothing changed
set-changed = counter { $counter }: { $old } → { $new } (highest issued value: { $highest }); next number gets { $next }
set-skipped = values { $from }..={ $to } recorded as skipped (SEQUENCE_SET)

set-period-format = --period '{ $period }' is not YYYY or YYYY-MM
set-period-invalid = --period '{ $period }': { $reason }

## docnum import

import-bad-rows = { $file }: { $bad } of { $rows } rows are bad; nothing can be imported. Fix them and run again.
import-bad-rows-applied = { $file }: { $bad } of { $rows } rows are bad; nothing was imported. Fix them and run again.
import-done = { $file }: imported { $count } numbers as CONFIRMED (audited as IMPORT); counters raised as shown
import-dry-run = Dry run of { $file }: { $rows } rows, all valid.
import-nothing-written = Nothing was written. Run again with --apply to import all { $count } rows in one transaction.
import-checking = checking
import-importing = importing
import-importing-rows = importing { $count } rows in one transaction
import-progress = { "{msg} {wide_bar} {pos}/{len}" } rows ({ "{per_sec}" }, { "{eta}" } left)
import-number-in-file = { $number } is already on line { $line } of this file
import-value-in-file = value { $value } of counter { $counter } is already taken on line { $line } of this file
import-number-in-registry = { $number } is already in the registry (namespace { $namespace })
import-value-in-registry = value { $value } of counter { $counter } is already taken by a number in the registry
import-csv-row = not a valid CSV row: { $reason }
import-file-unreadable = cannot read { $file }: { $detail }
import-header-unreadable = { $file }: cannot read the header row: { $detail }
import-unknown-column = { $file }: unknown column '{ $column }'; the columns are document_type,document_number,created_at,metadata
import-missing-column = { $file }: the header has no '{ $column }' column
import-no-rows = { $file } has no rows
import-csv-field-count = it has { $fields } fields, the header has { $expected }
import-csv-not-utf8 = it is not UTF-8 text
import-csv-other = { $detail }

## docnum serve: start-up settings

serve-cannot-listen = cannot listen on { $address }: { $detail }
serve-cannot-listen-metrics = cannot listen for /metrics on { $address }: { $detail }
serve-jwt-max-lifetime = DOCNUM_JWT_MAX_LIFETIME `{ $value }` is not a lifetime such as 12h or 365d (0: any)
serve-trusted-proxy = DOCNUM_TRUSTED_PROXIES: `{ $value }` is neither an address nor a network (10.0.0.0/8)
serve-key-unreadable = cannot read { $setting } { $path }: { $detail }
serve-key-invalid = { $setting } { $path } holds no usable key: { $detail }
serve-redis-settings = the Redis settings (REDIS_URL, REDIS_CLUSTER_NODES, REDIS_TLS_CA_FILE) are invalid: { $detail }
serve-db-wait-gave-up = gave up waiting for the database after { $seconds } s (DOCNUM_DB_WAIT)
serve-starting-waiting-for-database = starting: waiting for the database ({ $attempts } failed attempts, giving up in { $seconds } s): { $detail }
secret-env-too-short = DOCNUM_JWT_SECRET must be at least 32 characters
secret-none-for-server = no JWT secret for this server database: set DOCNUM_JWT_SECRET to the secret the instances use, or pass --secret-file FILE (DOCNUM_JWT_SECRET_FILE) naming their secret file ({ $path } does not exist); a new random secret would sign tokens no instance accepts
secret-created-note = note: DOCNUM_JWT_SECRET is not set and { $path } did not exist: created a new random JWT secret there (mode 0600); `docnum serve` on this database reads the same file
secret-cannot-create = cannot create the JWT secret file { $path }: { $detail }
secret-unreadable = cannot read the JWT secret file { $path } (set DOCNUM_JWT_SECRET or run `docnum serve` once): { $detail }
secret-readable-by-others = the JWT secret file { $path } may be read by others (mode { $mode }); run `chmod 600 { $path }` (whoever reads it can sign admin tokens)
secret-too-short = the JWT secret file { $path } is shorter than 32 characters

## docnum migrate: the data steps a migration leaves
migrate-look-alikes-kept = kept as issued in { $namespace }: { $numbers }
migrate-counter-merged = counter { $counter } merged with its look-alikes: { $old } → { $new }
migrate-step-done = data step { $step } done ({ $kept } look-alike group(s) kept, { $merged } counter(s) merged)
migrate-step-pending = data step { $step } pending: `docnum migrate` (or any command that changes data) runs it
