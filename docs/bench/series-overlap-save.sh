#!/usr/bin/env bash
# What the overlap check costs a series save (issue 21): on one `docnum
# serve` (SQLite by default), times `POST /series` as curl sees it (ms) for
#   empty     — the first series of a namespace (nothing to compare with);
#   prefixed  — a series beside $N series told apart by a literal prefix
#               (S001-{YYYY}-{SEQ:5} …): the common case;
#   suffixed  — a series beside $N undeclared series it cannot meet, told
#               apart only by a literal near the end
#               ({PROJECT}-{CONTRACT}-U001-{SEQ:4} … against {PROJECT}-V1-{SEQ:4});
#   free      — a series beside $N undeclared series that all can meet it
#               ({PROJECT}-{CONTRACT}-{SEQ:4} against {PROJECT}-{SEQ:4}: each
#               pair finds an example, a warning each);
#   budget    — a series whose comparison with one other runs out of the
#               walk's budget (eight 1–100-character dimensions, distinct
#               last literals): the worst case per pair.
# Each is the median of $SAMPLES saves (a new document type each time).
#
#   docs/bench/series-overlap-save.sh /path/to/docnum
#
# Environment: N (default 200), SAMPLES (default 5), PORT (18092),
# DATABASE_URL (default a fresh SQLite file).
set -euo pipefail
bin=$1
N=${N:-200}
SAMPLES=${SAMPLES:-5}
PORT=${PORT:-18092}
work=$(mktemp -d /tmp/docnum-overlap.XXXXXX)
trap 'kill "${serve_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
. "$(dirname "$0")/serve.sh"
bench_serve "$bin" "$PORT" "$work"
create() { # JSON body -> ms (fails the script on anything but 201)
  local code
  code=$(curl -s -o "$work/c.json" -w '%{http_code} %{time_total}' -X POST "$base/series" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$1")
  [[ ${code%% *} == 201 ]] || { echo "create failed: $code $(cat "$work/c.json")" >&2; exit 1; }
  awk -v t="${code#* }" 'BEGIN {printf "%.1f\n", t * 1000}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
series() { # type template namespace [values]
  printf '{"document_type":"%s","template":"%s","scope":"GLOBAL","namespace":"%s","values":%s}' \
    "$1" "$2" "$3" "${4:-{\}}"
}

empty=$(for i in $(seq 1 "$SAMPLES"); do create "$(series "E$i" "E$i-{SEQ:4}" "e$i")"; done | median)
for i in $(seq -w 1 "$N"); do create "$(series "S$i" "S$i-{YYYY}-{SEQ:5}" prefixed)" >/dev/null; done
prefixed=$(for i in $(seq 1 "$SAMPLES"); do create "$(series "T$i" "T$i-{YYYY}-{SEQ:5}" prefixed)"; done | median)
for i in $(seq -w 1 "$N"); do create "$(series "U$i" "{PROJECT}-{CONTRACT}-U$i-{SEQ:4}" suffixed)" >/dev/null; done
suffixed=$(for i in $(seq 1 "$SAMPLES"); do create "$(series "V$i" "{PROJECT}-V$i-{SEQ:4}" suffixed)"; done | median)
for i in $(seq -w 1 "$N"); do create "$(series "F$i" "{PROJECT}-{CONTRACT}-{SEQ:4}" free)" >/dev/null; done
free=$(for i in $(seq 1 "$SAMPLES"); do create "$(series "G$i" "{PROJECT}-{SEQ:4}" free)"; done | median)
free_kinds=$( (grep -o '"kind":"[a-z_]*"' "$work/c.json" || true) | sort | uniq -c | awk '{printf "%s %s ", $1, $2}')
p='{"pattern":"[A-Z0-9-]{1,100}"}'
four() { printf '{"%s":%s,"%s":%s,"%s":%s,"%s":%s}' "$1" "$p" "$2" "$p" "$3" "$p" "$4" "$p"; }
budget=$(for i in $(seq 1 "$SAMPLES"); do
  create "$(series "A$i" '{PROJECT}{CORR_TYPE}{DISCIPLINE}{RFA_TYPE}{SEQ:4}X' "budget$i" \
    "$(four PROJECT CORR_TYPE DISCIPLINE RFA_TYPE)")" >/dev/null
  create "$(series "B$i" '{REV}{ORIGINATOR}{RECIPIENT}{CONTRACT}{SEQ:5}Y' "budget$i" \
    "$(four REV ORIGINATOR RECIPIENT CONTRACT)")"
  grep -q '"kind":"undecided"' "$work/c.json" || { cat "$work/c.json" >&2; exit 1; }
done | median)
echo "N=$N SAMPLES=$SAMPLES median ms of POST /series: empty $empty, prefixed $prefixed, suffixed $suffixed, free $free, budget $budget"
echo "the last free save's overlaps: $free_kinds"
