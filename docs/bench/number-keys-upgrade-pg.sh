#!/usr/bin/env bash
# docs/bench/number-keys-upgrade.sh on PostgreSQL: the same million rows
# (500 000 Thai numbers with ำ, each needing its own key; 500 000 ASCII)
# in a database a 0.1.0 docnum leaves (the number-keys migration undone),
# then `docnum migrate`. Needs psql and a PostgreSQL that PG_URL reaches as
# a user who may create databases.
#
#   docs/bench/number-keys-upgrade-pg.sh /path/to/docnum
set -euo pipefail
docnum=${1:?usage: $0 /path/to/docnum}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
db=docnum_upgrade_bench_$$
psql -q "$PG_URL/postgres" -c "CREATE DATABASE $db"
trap 'psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
export DATABASE_URL="$PG_URL/$db?sslmode=disable" DOCNUM_LOG=warn
"$docnum" migrate >/dev/null
"$docnum" series create PRJ --template '{PROJECT}-{SEQ:7}' --scope PROJECT >/dev/null
psql -q "$PG_URL/$db" <<'SQL'
DELETE FROM docnum_schema_compat WHERE migration = '20261205000000';
DROP TABLE docnum_pending_steps;
DROP INDEX ux_issued_numbers_namespace_key;
ALTER TABLE issued_numbers DROP COLUMN number_key;
ALTER TABLE series DROP COLUMN values_json;
DELETE FROM __diesel_schema_migrations WHERE version = '20261205000000';
INSERT INTO counters VALUES ('PRJ|PROJECT=สำนักงาน', 'PRJ', 500000, 0, 0);
INSERT INTO counters VALUES ('PRJ|PROJECT=COR', 'PRJ', 500000, 0, 0);
INSERT INTO issued_numbers (token, document_type, namespace, document_number, counter_key,
  seq_value, state, source, context_json, metadata_json, template, issued_at, confirmed_at, issued_by)
SELECT '00000000-0000-4000-8000-' || lpad(i::text, 12, '0'), 'PRJ', 'default',
  'สำนักงาน-' || lpad(i::text, 7, '0'), 'PRJ|PROJECT=สำนักงาน', i, 'CONFIRMED', 'RESERVE',
  '{"PROJECT":"สำนักงาน"}', '{}', '{PROJECT}-{SEQ:7}', 0, 0, 'bench'
FROM generate_series(1, 500000) AS i;
INSERT INTO issued_numbers (token, document_type, namespace, document_number, counter_key,
  seq_value, state, source, context_json, metadata_json, template, issued_at, confirmed_at, issued_by)
SELECT '00000000-0000-4000-9000-' || lpad(i::text, 12, '0'), 'PRJ', 'default',
  'COR-' || lpad(i::text, 7, '0'), 'PRJ|PROJECT=COR', i, 'CONFIRMED', 'RESERVE',
  '{"PROJECT":"COR"}', '{}', '{PROJECT}-{SEQ:7}', 0, 0, 'bench'
FROM generate_series(1, 500000) AS i;
VACUUM ANALYZE issued_numbers;
SQL
/usr/bin/time -f "%e s wall, %M KiB max RSS" "$docnum" migrate --user bench
"$docnum" validate >/dev/null && echo "validate: clean"
psql -qAt "$PG_URL/$db" -c "SELECT 'rows without a key: ' || COUNT(*) FROM issued_numbers WHERE number_key IS NULL"
