#!/usr/bin/env bash
# The upgrade to number keys (issue 16) on a million-row SQLite registry an
# older docnum wrote: 500 000 Thai numbers `สำนักงาน-0000001…` (ำ, which
# NFKC changes: each needs its own key) and 500 000 `COR-0000001…` (their
# own key), filled by SQL; the number-keys migration undone as a 0.1.0
# database has it; then `docnum migrate` applies the SQL and runs the data
# step. Prints the wall time and peak RSS of that `docnum migrate`.
#
#   docs/bench/number-keys-upgrade.sh /path/to/docnum
set -euo pipefail
docnum=${1:?usage: $0 /path/to/docnum}
work=$(mktemp -d /tmp/docnum-upgrade.XXXXXX)
trap 'rm -rf "$work"' EXIT
export DATABASE_URL="sqlite://$work/docnum.db" DOCNUM_LOG=warn
"$docnum" migrate >/dev/null
"$docnum" series create PRJ --template '{PROJECT}-{SEQ:7}' --scope PROJECT >/dev/null
python3 - "$work/docnum.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
DELETE FROM docnum_schema_compat WHERE migration = '20261205000000';
DROP TABLE docnum_pending_steps;
DROP INDEX ux_issued_numbers_namespace_key;
ALTER TABLE issued_numbers DROP COLUMN number_key;
ALTER TABLE series DROP COLUMN values_json;
DELETE FROM __diesel_schema_migrations WHERE version = '20261205000000';
INSERT INTO counters VALUES ('PRJ|PROJECT=สำนักงาน', 'PRJ', 500000, 0, 0);
INSERT INTO counters VALUES ('PRJ|PROJECT=COR', 'PRJ', 500000, 0, 0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000)
INSERT INTO issued_numbers (token, document_type, namespace, document_number, counter_key,
  seq_value, state, source, context_json, metadata_json, template, issued_at, confirmed_at, issued_by)
SELECT printf('00000000-0000-4000-8000-%012d', i), 'PRJ', 'default', printf('สำนักงาน-%07d', i),
  'PRJ|PROJECT=สำนักงาน', i, 'CONFIRMED', 'RESERVE', '{"PROJECT":"สำนักงาน"}', '{}',
  '{PROJECT}-{SEQ:7}', 0, 0, 'bench' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000)
INSERT INTO issued_numbers (token, document_type, namespace, document_number, counter_key,
  seq_value, state, source, context_json, metadata_json, template, issued_at, confirmed_at, issued_by)
SELECT printf('00000000-0000-4000-9000-%012d', i), 'PRJ', 'default', printf('COR-%07d', i),
  'PRJ|PROJECT=COR', i, 'CONFIRMED', 'RESERVE', '{"PROJECT":"COR"}', '{}',
  '{PROJECT}-{SEQ:7}', 0, 0, 'bench' FROM n;
""")
db.commit()
PY
/usr/bin/time -f "%e s wall, %M KiB max RSS" "$docnum" migrate --user bench
"$docnum" validate >/dev/null && echo "validate: clean"
python3 - "$work/docnum.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print("rows without a key:", db.execute("SELECT COUNT(*) FROM issued_numbers WHERE number_key IS NULL").fetchone()[0])
print("keys that differ from the text:", db.execute("SELECT COUNT(*) FROM issued_numbers WHERE number_key <> document_number").fetchone()[0])
PY
