#!/usr/bin/env bash
# The release bundle (dist/, or --dist DIR), offline: `cargo xtask release` (xtask/;
# README, "The release build"). Built for size with the pinned Debian rustc-web of
# release.toml, which scripts/setup.sh installs; any other compiler is refused unless
# TRUNK_RELEASE_STABLE=1 asks for rustup's stable toolchain (a larger bundle, marked as
# such in the bundle's `.release-build` for bench/bench.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
exec cargo xtask release "$@"
