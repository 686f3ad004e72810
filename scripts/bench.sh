#!/usr/bin/env bash
# Builds the release bundle and measures it in headless Chromium against the development
# API on loopback (see BENCHMARKS.md). Not part of the test command: timings need a quiet
# machine. Extra arguments go to bench/bench.mjs (e.g. --runs 40).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
. scripts/env.sh

port="${BENCH_PORT:-8785}"
# No write limit: 20 saves in a row must not be throttled.
target/debug/dev-api --port "$port" --static dist --write-limit 0 --users 1200 >/dev/null &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/config.json" >/dev/null && break; sleep 0.1; done
node bench/bench.mjs --base "http://127.0.0.1:$port" --dist dist --out bench/results.json "$@"
