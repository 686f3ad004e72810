#!/usr/bin/env bash
# The production-like stack on this machine: nginx (Debian's) serving the release build
# with the hardened headers, proxying /api/ to the development API (or to --upstream).
#
#   scripts/serve-prod.sh [--port 8443] [--upstream https://spaces.nexudus.com/api/] [--no-setup]
set -euo pipefail
cd "$(dirname "$0")/.."

port=8443
upstream=""
setup=1
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --upstream) upstream="$2"; shift 2 ;;
    --no-setup) setup=0; shift ;;
    *) echo "usage: $0 [--port N] [--upstream URL] [--no-setup]" >&2; exit 2 ;;
  esac
done

[ "$setup" = 1 ] && scripts/build.sh
. scripts/env.sh

state="$(mktemp -d "${TMPDIR:-/tmp}/user-admin-nginx.XXXXXX")"
children=()
cleanup() {
  [ -f "$state/nginx.pid" ] && kill "$(cat "$state/nginx.pid")" 2>/dev/null || true
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$state"
}
trap cleanup EXIT INT TERM

if [ -z "$upstream" ]; then
  api_port=$((port + 1))
  target/debug/dev-api --port "$api_port" &
  children+=($!)
  upstream="http://127.0.0.1:$api_port/api/"
fi

node scripts/render-nginx.mjs --dist dist --out "$state" --upstream "$upstream" \
  --listen "127.0.0.1:$port" --local-state "$state"
nginx -t -q -p "$state" -c "$state/nginx.conf" -e stderr
echo "User Admin (hardened, nginx): http://127.0.0.1:$port/ → API $upstream (Ctrl+C stops it)"
nginx -p "$state" -c "$state/nginx.conf" -e stderr -g 'daemon off;' &
children+=($!)
wait -n "${children[@]}"
