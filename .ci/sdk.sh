#!/usr/bin/env bash
# Generated clients and schemathesis against the real `docnum serve`
# (issue 18). Needs only Python 3 with pip and Node with npm: the pinned
# tools are installed into a virtualenv and a node_modules under
# ${XDG_CACHE_HOME:-~/.cache}/docnum-ci/, outside the repository (pip's and
# npm's caches make reruns quick).
#
# 1. builds `docnum` (debug) and starts two servers on SQLite, each on a
#    free port with a fixed secret: one for the examples (rate limit 30 per
#    minute, so that their bursts meet 429), one for schemathesis (a limit it never reaches);
# 2. generates the Python and TypeScript clients from the document the
#    binary serves at /api-docs/openapi.json;
# 3. type-checks the TypeScript example with strict settings (tsc --noEmit)
#    and runs both examples end to end;
# 4. runs schemathesis in its examples, coverage, fuzzing and stateful
#    phases with the checks chosen in .ci/schemathesis.toml (the excluded
#    ones are explained in docs/api.md).
#
# Run from the repository root: `bash .ci/sdk.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
started=$SECONDS

SCHEMATHESIS_VERSION=4.32.5
cache="${XDG_CACHE_HOME:-$HOME/.cache}/docnum-ci"
export DOCNUM_VENV="$cache/venv"
export DOCNUM_NODE_DIR="$cache/node"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== sdk: build docnum"
cargo build --quiet -p docnum-cli
docnum="$repo/target/debug/docnum"

echo "== sdk: tools (pinned) in $cache"
mkdir -p "$cache"
if [ ! -x "$DOCNUM_VENV/bin/python" ]; then
  python3 -m venv "$DOCNUM_VENV"
fi
"$DOCNUM_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r clients/python/requirements.txt "schemathesis==$SCHEMATHESIS_VERSION"

secret="$("$DOCNUM_VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))')"
export DOCNUM_JWT_SECRET="$secret"

# Starts `docnum serve` on a fresh SQLite file and a free port; prints its URL.
serve() {
  local name="$1" rate="$2"
  # Only the reservation budget is exercised here: the per-user read and
  # mutation budgets and the failed-authentication budget (429 on any
  # authenticated route) are off, so the fuzzer's many bad tokens and
  # requests are answered as the document says.
  DATABASE_URL="sqlite://$work/$name.db" DOCNUM_PORT=0 NUMBERING_RATE_LIMIT="$rate" \
    DOCNUM_RATE_LIMIT_READS=0 DOCNUM_RATE_LIMIT_MUTATIONS=0 DOCNUM_RATE_LIMIT_FAILED_AUTH=0 \
    DOCNUM_LOG=warn "$docnum" serve >"$work/$name.log" 2>&1 &
  pids+=("$!")
  local url=""
  for _ in $(seq 1 300); do
    url="$(sed -n 's/.*docnum listening on \(http:[^ ]*\).*/\1/p' "$work/$name.log" | head -n 1)"
    [ -n "$url" ] && break
    if ! kill -0 "$!" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$url" ]; then
    echo "docnum serve ($name) did not start:" >&2
    cat "$work/$name.log" >&2
    return 1
  fi
  echo "${url%/}"
}
examples_url="$(serve examples 30)"
fuzz_url="$(serve schemathesis 1000000)"
token() {
  "$docnum" token --user "$1" --permission numbering:admin --ttl 2h
}

echo "== sdk: generate the clients from $examples_url/api-docs/openapi.json"
"$DOCNUM_VENV/bin/python" - "$examples_url/api-docs/openapi.json" "$work/openapi.json" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=30) as r, open(sys.argv[2], "wb") as f:
    f.write(r.read())
PY
bash clients/python/generate.sh "$work/openapi.json" "$work/python"
ts="$DOCNUM_NODE_DIR"
bash clients/typescript/generate.sh "$work/openapi.json" "$ts/generated/schema.d.ts"

echo "== sdk: tsc --noEmit (strict) on the TypeScript example"
cp clients/typescript/example.ts clients/typescript/tsconfig.json "$ts/"
(cd "$ts" && node_modules/.bin/tsc --noEmit -p tsconfig.json && node_modules/.bin/tsc -p tsconfig.json)

# Each example bursts 35 reservations: above the server's 30 per minute.
echo "== sdk: Python example"
DOCNUM_URL="$examples_url" DOCNUM_TOKEN="$(token py-example)" DOCNUM_BURST=35 \
  PYTHONPATH="$work/python" "$DOCNUM_VENV/bin/python" clients/python/example.py | tee "$work/py.out"
echo "== sdk: TypeScript example"
DOCNUM_URL="$examples_url" DOCNUM_TOKEN="$(token ts-example)" DOCNUM_BURST=35 \
  node "$ts/build/example.js" | tee "$work/ts.out"
for out in py ts; do
  if ! grep -Eq '429/503 retries: [1-9]' "$work/$out.out"; then
    echo "the $out example never met (and retried) a 429" >&2
    exit 1
  fi
done

echo "== sdk: schemathesis $SCHEMATHESIS_VERSION (examples, coverage, fuzzing, stateful)"
fuzz_token="$(token schemathesis)"
# The examples in the document name series COR: let them exist.
"$DOCNUM_VENV/bin/python" - "$fuzz_url" "$fuzz_token" <<'PY'
import json, sys, urllib.request
url, token = sys.argv[1], sys.argv[2]
body = {"document_type": "COR", "template": "COR-{YYYY}-{SEQ:5}", "scope": "YEARLY",
        "allow_manual_override": True}
request = urllib.request.Request(
    f"{url}/api/v1/document-numbering/series", data=json.dumps(body).encode(), method="POST",
    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
urllib.request.urlopen(request, timeout=30).read()
PY
fuzz_started=$SECONDS
(cd .ci && "$DOCNUM_VENV/bin/schemathesis" --config-file schemathesis.toml run \
  "$fuzz_url/api-docs/openapi.json" --url "$fuzz_url" \
  -H "Authorization: Bearer $fuzz_token" \
  --report junit --report-dir "$work/schemathesis") | tee "$work/schemathesis.out"
# "Schema validation mismatch" is allowed only where docs/api.md explains it:
# a random valid token is rightly 410 (confirm, cancel); a template's grammar,
# a zone name, the context a template needs and the document_date window are
# per-series rules no schema states (create and update series, reserve,
# preview, a number registered by hand).
explained='POST /api/v1/document-numbering/cancel
POST /api/v1/document-numbering/confirm
POST /api/v1/document-numbering/manual
POST /api/v1/document-numbering/preview
POST /api/v1/document-numbering/reserve
POST /api/v1/document-numbering/series
PUT /api/v1/document-numbering/series/{document_type}'
unexplained="$(sed -n '/^Schema validation mismatch/,/^💡/s/^  - //p' "$work/schemathesis.out" \
  | grep -vxF "$explained" || true)"
if [ -n "$unexplained" ]; then
  echo "schema validation mismatch on operations docs/api.md does not explain:" >&2
  echo "$unexplained" >&2
  exit 1
fi
echo "== sdk: schemathesis took $((SECONDS - fuzz_started)) s; the whole step $((SECONDS - started)) s"
