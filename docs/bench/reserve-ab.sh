#!/usr/bin/env bash
# Reserve throughput, the sixth run's method (docs/benchmarks.md), for one or
# more `docnum` binaries side by side: per backend, per client count, per
# round, each binary gets a fresh database and a fresh `docnum serve`
# (NUMBERING_BATCH_MAX=256, durable defaults), then one
# `docnum load-test --type COR --json --requests $REQUESTS --concurrency C`.
# Binaries alternate within a round so that a slow minute hits all of them.
#
#   docs/bench/reserve-ab.sh LABEL=/path/to/docnum [LABEL=/path/to/docnum ...]
#
# Environment: BACKENDS (default "sqlite postgres mysql"), CLIENTS
# (default "64 256"), ROUNDS (default 2), REQUESTS (default 30000), PORT
# (default 18090), PG_URL / MYSQL_URL (server roots, default the local
# trust/root users), PG_QUERY / MYSQL_QUERY (appended to each database's URL;
# PostgreSQL defaults to `?sslmode=disable`). Prints one TSV line per run:
#   label  backend  clients  round  throughput/s  p99_ms  errors  duplicates
set -euo pipefail

BACKENDS=${BACKENDS:-"sqlite postgres mysql"}
CLIENTS=${CLIENTS:-"64 256"}
ROUNDS=${ROUNDS:-2}
REQUESTS=${REQUESTS:-30000}
PORT=${PORT:-18090}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
# Plain TCP to the local PostgreSQL unless told otherwise: binaries before
# issue 20 cannot speak TLS to it, and since then `sslmode=prefer` (the
# default) encrypts every round trip when the server offers TLS, which is a
# cost of the connection, not of the reserve path (docs/benchmarks.md).
PG_QUERY=${PG_QUERY-?sslmode=disable}
MYSQL_URL=${MYSQL_URL:-mysql://root@127.0.0.1:3306}
work=$(mktemp -d /tmp/docnum-bench.XXXXXX)
trap 'kill "${serve_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

export DOCNUM_JWT_SECRET=bench-secret-bench-secret-bench-secret-00 \
  NUMBERING_RATE_LIMIT=1000000000 DOCNUM_LOG=warn NUMBERING_BATCH_MAX=256 \
  DOCNUM_RATE_LIMIT_MUTATIONS=0 DOCNUM_RATE_LIMIT_READS=0
# (The per-user budgets of issue 17 are off: one load-test user would
# otherwise be held at 600 requests a minute. Older binaries ignore them.)

fresh_database() { # backend name -> DATABASE_URL
  case $1 in
    sqlite) mkdir -p "$work/$2"; echo "sqlite://$work/$2/docnum.db" ;;
    postgres)
      psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE $2" >/dev/null
      echo "$PG_URL/$2${PG_QUERY:-}" ;;
    mysql)
      mariadb -h 127.0.0.1 -u root -e "CREATE DATABASE $2"
      echo "$MYSQL_URL/$2${MYSQL_QUERY:-}" ;;
  esac
}

drop_database() {
  case $1 in
    postgres) psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $2" >/dev/null ;;
    mysql) mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $2" ;;
  esac
}

run_one() { # label binary backend clients round
  local label=$1 bin=$2 backend=$3 clients=$4 round=$5
  local db="bench_$(date +%s)_$RANDOM"
  local url; url=$(fresh_database "$backend" "$db")
  DATABASE_URL=$url "$bin" migrate >/dev/null
  DATABASE_URL=$url "$bin" serve --port "$PORT" >"$work/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
    kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.1
  done
  local token; token=$(DATABASE_URL=$url "$bin" token --user bench --permission numbering:admin)
  curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/document-numbering/series" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"document_type":"COR","template":"COR-{YYYY}-{SEQ:6}","scope":"YEARLY"}' >/dev/null
  "$bin" load-test --url "http://127.0.0.1:$PORT" --token "$token" --type COR \
    --json --requests "$REQUESTS" --concurrency "$clients" >"$work/result.json"
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=
  drop_database "$backend" "$db"
  python3 - "$label" "$backend" "$clients" "$round" "$work/result.json" <<'PY'
import json, sys
label, backend, clients, rnd, path = sys.argv[1:]
r = json.load(open(path))
errors = sum(r["errors"].values()) if isinstance(r["errors"], dict) else len(r["errors"])
print(f'{label}\t{backend}\t{clients}\t{rnd}\t{r["throughput_per_second"]:.0f}\t'
      f'{r["latency_ms"]["p99"]:.1f}\t{errors}\t{r["duplicate_count"]}', flush=True)
PY
}

for backend in $BACKENDS; do
  for clients in $CLIENTS; do
    for round in $(seq 1 "$ROUNDS"); do
      for pair in "$@"; do
        run_one "${pair%%=*}" "${pair#*=}" "$backend" "$clients" "$round"
      done
    done
  done
done
