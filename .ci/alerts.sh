#!/usr/bin/env bash
# Run by .ci/run: checks and unit-tests the Prometheus alert rules with
# promtool, which the Debian package `prometheus` provides (installed here if
# missing; only the promtool binary is used).
set -euo pipefail
cd "$(dirname "$0")/../deploy/prometheus"

if ! command -v promtool >/dev/null 2>&1; then
    echo "promtool missing; installing the Debian package prometheus"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    # The package may start its server where an init system runs; CI needs
    # only promtool.
    service prometheus stop >/dev/null 2>&1 || true
fi
promtool check rules alerts.yml
promtool test rules alerts_test.yml
