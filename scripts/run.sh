#!/usr/bin/env bash
# Sets up the machine, then serves the app with the development API on one origin.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh

port="${PORT:-8080}"
echo
echo "User Admin: open http://127.0.0.1:$port/ (Ctrl+C stops it)"
exec target/debug/dev-api --port "$port" --static dist
