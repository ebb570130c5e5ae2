#!/usr/bin/env bash
# What a twin counter costs its victim (issue 16): on one `docnum serve`
# (SQLite by default), counter A (PROJECT=LCBP3-C2, CONTRACT=A) issues
# $SQUAT numbers LCBP3-C2-A-0001 …; then counter B (PROJECT=LCBP3,
# CONTRACT=C2-A), whose numbers render the same text, reserves: its first
# draw skips every one of them. Prints the time of B's first reserve (the
# skipping draw) and of $SAMPLES ordinary reserves after it, as curl sees
# them (ms).
#
#   docs/bench/twin-counter.sh /path/to/docnum
#
# Environment: SQUAT (default 10000), SAMPLES (default 20), PORT (18091),
# DATABASE_URL (default a fresh SQLite file).
set -euo pipefail
bin=$1
SQUAT=${SQUAT:-10000}
SAMPLES=${SAMPLES:-20}
PORT=${PORT:-18091}
work=$(mktemp -d /tmp/docnum-twin.XXXXXX)
trap 'kill "${serve_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
. "$(dirname "$0")/serve.sh"
bench_serve "$bin" "$PORT" "$work"
curl -sf -X POST "$base/series" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' \
  -d '{"document_type":"CT","template":"{PROJECT}-{CONTRACT}-{SEQ:4}","scope":["PROJECT","CONTRACT"]}' >/dev/null
"$bin" load-test --url "http://127.0.0.1:$PORT" --token "$token" --type CT \
  --context PROJECT=LCBP3-C2 --context CONTRACT=A \
  --requests "$SQUAT" --concurrency 64 --json >"$work/squat.json"
reserve() { # -> "ms number"
  curl -s -o "$work/r.json" -w '%{time_total}' -X POST "$base/reserve" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"document_type":"CT","context":{"PROJECT":"LCBP3","CONTRACT":"C2-A"}}' |
    python3 -c 'import json,sys; t=float(sys.stdin.read()); n=json.load(open(sys.argv[1]))["data"]["document_number"]; print(f"{t*1000:.2f} {n}")' "$work/r.json"
}
echo "first (skipping) draw: $(reserve)"
for _ in $(seq 1 "$SAMPLES"); do reserve; done | sort -n | awk '{a[NR]=$1} END {printf "ordinary draws: min %s median %s max %s ms (%d)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'
