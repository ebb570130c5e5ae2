# Sourced by the benchmark scripts: `bench_serve BIN PORT WORKDIR` migrates
# $DATABASE_URL (default a fresh SQLite file in WORKDIR), starts one
# `docnum serve` on PORT with rate limits off, waits for /healthz, and sets
# `serve_pid`, `base` (the API's base URL) and `token` (an admin token).
# The caller's EXIT trap should kill "$serve_pid".
bench_serve() {
  local bin=$1 port=$2 work=$3
  export DOCNUM_JWT_SECRET=bench-secret-bench-secret-bench-secret-00 \
    NUMBERING_RATE_LIMIT=1000000000 DOCNUM_LOG=warn \
    DOCNUM_RATE_LIMIT_MUTATIONS=0 DOCNUM_RATE_LIMIT_READS=0
  export DATABASE_URL=${DATABASE_URL:-sqlite://$work/docnum.db}
  "$bin" migrate >/dev/null
  "$bin" serve --port "$port" >"$work/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
  done
  base="http://127.0.0.1:$port/api/v1/document-numbering"
  token=$("$bin" token --user bench --permission numbering:admin)
}
