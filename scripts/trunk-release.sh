#!/usr/bin/env bash
# The release bundle (dist/), offline, built for size: Debian's rustc-web compiles the
# wasm with the standard library rebuilt for size and panics that abort at once, no
# message formatting (BENCHMARKS.md: about 16 KiB brotli). Its unstable flags need
# RUSTC_BOOTSTRAP on that stable compiler; rustup's toolchain does everything else
# (lint, tests, the development API). scripts/setup.sh installs it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
if ! /usr/bin/rustc -V >/dev/null 2>&1 || [ ! -d /usr/lib/rustlib/src/rust/library ]; then
  echo "trunk-release: Debian's rustc-web or its std source is missing: run scripts/setup.sh" >&2
  exit 1
fi
export RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# Cargo adds these to .cargo/config.toml's flags for the target (erase_components).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
# Another compiler and another std: their own target directory, so neither toolchain
# invalidates the other's build.
export CARGO_TARGET_DIR="$PWD/target/size"
exec trunk build --release --offline "$@"
