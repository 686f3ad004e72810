#!/usr/bin/env bash
# The benchmark (BENCHMARKS.md): our release build side by side with an ordinary React
# build of the same pages (../shared/peer-react), on loopback, two network profiles and a
# CPU four times slower, in headless Chromium. Not part of the test command: timings need
# a quiet machine.
#
#   scripts/bench.sh [--quick] [more bench/bench.mjs options, e.g. --runs 20 --check]
#
# It builds the development API and our bundle into its own folder (target/bench-dist,
# so a rebuild of dist/ by someone else cannot change the bundle mid-run; BENCH_DIST=dir
# measures an existing bundle instead, unbuilt; BENCH_COMMIT=rev builds that commit of
# the app, exported with `git archive`, leaving the work tree aside), and the React build into
# target/peer-react/ (copied from ../shared/peer-react, then `npm ci && npm run build`)
# when that build is missing or older than its source. bench/bench.mjs starts one
# development API per app on ports 8790-8793 (--port-base to move them).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh
cargo build --offline -p dev-api

dist="${BENCH_DIST:-}"
if [ -n "${BENCH_COMMIT:-}" ]; then
  # A committed version of the app, not the work tree: exported into target/bench-src/
  # and built there (its own target directory, kept between runs) by this checkout's
  # release tool and flags, into target/bench-dist-<commit>.
  rev="$(git rev-parse --short "$BENCH_COMMIT")"
  src="$PWD/target/bench-src"
  rm -rf "$src/tree"
  mkdir -p "$src/tree" "$src/target"
  # -m: files dated now, not at the commit, or cargo could take an older tree for built.
  git archive "$rev" | tar -x -m -C "$src/tree"
  ln -s ../target "$src/tree/target"
  dist="$PWD/target/bench-dist-$rev"
  RELEASE_COMMIT="$rev" scripts/release.sh --source "$src/tree" --dist "$dist"
elif [ -z "$dist" ]; then
  dist=target/bench-dist
  scripts/release.sh --dist "$dist"
fi

peer_src="${PEER_REACT_SRC:-$(cd .. && pwd)/shared/peer-react}"
peer=target/peer-react
case " $* " in *" --no-peer "*) peer_src= ;; esac
if [ -n "$peer_src" ]; then
  newest_src="$(find "$peer_src" -path "$peer_src/node_modules" -prune -o -path "$peer_src/dist" -prune -o -type f -newer "$peer/dist/index.html" -print -quit 2>/dev/null || true)"
  if [ ! -f "$peer/dist/index.html" ] || [ -n "$newest_src" ]; then
    echo "bench: building the React page from $peer_src into $peer/dist" >&2
    mkdir -p "$peer"
    # Its sources only (never its node_modules or build), then its own install and build.
    dest="$PWD/$peer"
    (cd "$peer_src" && find . -path ./node_modules -prune -o -path ./dist -prune -o -type f -print0 \
      | xargs -0 cp --parents -t "$dest")
    (cd "$peer" && npm ci --no-audit --no-fund && npm run build)
  fi
fi

exec node bench/bench.mjs --dist "$dist" --peer "$peer/dist" --out bench/results.json "$@"
