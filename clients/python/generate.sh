#!/usr/bin/env bash
# Generates the Python client (package `docnum_client`) from an OpenAPI
# document with the pinned openapi-python-client.
#
#   clients/python/generate.sh DOCUMENT OUT_DIR
#
# DOCUMENT is a file or the URL of a running server's document
# (http://HOST:PORT/api-docs/openapi.json). OUT_DIR receives the package
# directory `docnum_client/`; put OUT_DIR on PYTHONPATH (or `pip install`
# the generated project). The tools live in a virtualenv outside the
# repository: $DOCNUM_VENV, default ${XDG_CACHE_HOME:-~/.cache}/docnum-ci/venv.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
document="${1:?usage: generate.sh DOCUMENT OUT_DIR}"
out="${2:?usage: generate.sh DOCUMENT OUT_DIR}"
venv="${DOCNUM_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/docnum-ci/venv}"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source_arg=(--path "$document")
case "$document" in
  http://*|https://*) source_arg=(--url "$document") ;;
esac
"$venv/bin/openapi-python-client" generate "${source_arg[@]}" \
  --config "$here/config.yaml" --meta none --output-path "$work/docnum_client" --overwrite
rm -rf "$out/docnum_client"
mv "$work/docnum_client" "$out/docnum_client"
echo "generated $out/docnum_client"
