#!/usr/bin/env bash
# Generates the TypeScript client's types from an OpenAPI document with the
# pinned openapi-typescript; requests are sent by openapi-fetch, which reads
# those types (no generated runtime code).
#
#   clients/typescript/generate.sh DOCUMENT OUT_FILE
#
# DOCUMENT is a file or the URL of a running server's document
# (http://HOST:PORT/api-docs/openapi.json); OUT_FILE is the `.d.ts` to write.
# The packages (package.json + package-lock.json here) are installed with
# `npm ci` into $DOCNUM_NODE_DIR, default
# ${XDG_CACHE_HOME:-~/.cache}/docnum-ci/node, outside the repository; put
# that directory's node_modules where your sources resolve modules (CI
# compiles the example there).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
document="${1:?usage: generate.sh DOCUMENT OUT_FILE}"
out="${2:?usage: generate.sh DOCUMENT OUT_FILE}"
node_dir="${DOCNUM_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/docnum-ci/node}"

mkdir -p "$node_dir"
# Reinstall only when the pinned set changed (npm's own cache makes it quick).
if ! cmp -s "$here/package-lock.json" "$node_dir/package-lock.json" || [ ! -d "$node_dir/node_modules" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$node_dir/"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
mkdir -p "$(dirname "$out")"
# --default-non-nullable=false: a request field with a default may be left
# out (the server fills it in); answers list every field as required anyway.
"$node_dir/node_modules/.bin/openapi-typescript" "$document" --output "$out" --default-non-nullable=false
