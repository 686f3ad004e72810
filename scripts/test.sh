#!/usr/bin/env bash
# Every test: lint, native tests, component tests in headless Chromium, the release
# build (offline, proven with the network cut where the machine allows) and its size
# budget, the Playwright end-to-end tests against that build and the development API,
# and the same build behind nginx with the production headers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh

step() { printf '\n== %s\n' "$*"; }

step "Format and lint (native and wasm32)"
cargo fmt --all -- --check
cargo clippy --offline --workspace --all-targets -- -D warnings
cargo clippy --offline -p user-admin --target wasm32-unknown-unknown --all-targets -- -D warnings
# The release build's code: with release.toml's split flags, the deferred parts are split
# points (src/components/deferred.rs). Target rustflags from the environment add to
# .cargo/config.toml's; its own target directory, so the flags rebuild nothing else.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$(cargo xtask split-rustflags)" cargo clippy --offline \
  -p user-admin --target wasm32-unknown-unknown --lib --target-dir target/split-check -- -D warnings
# The release tool's test module, as its tests build it.
cargo clippy --offline -p xtask-fixture --target wasm32-unknown-unknown -- -D warnings
# The contract's own tests are native only (proptest does not build for wasm32).
cargo clippy --offline -p contract --target wasm32-unknown-unknown --lib -- -D warnings

step "Native tests: contract, development API, app logic, the release tool"
cargo test --offline --workspace

step "Component tests in headless Chromium (wasm-bindgen-test)"
cargo test --offline -p user-admin --target wasm32-unknown-unknown --test web

step "Release build, offline"
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
  # No network at all: proves the build needs nothing from outside.
  unshare -n scripts/release.sh
else
  echo "(cannot cut the network here: building with --offline only)"
  scripts/release.sh
fi

step "Size budget of the release bundle (BENCHMARKS.md; timings are left to scripts/bench.sh)"
node bench/bench.mjs --dist dist --sizes-only

step "End-to-end tests: Playwright, Debian's Chromium, release build + development API"
cargo build --offline -p dev-api
e2e_log="$(mktemp)"
trap 'rm -f "$e2e_log"' EXIT
npx playwright test 2>&1 | tee -a "$e2e_log"

step "Hardened stack: nginx with the production headers, proxying to the development API"
npx playwright test -c playwright.hardened.config.ts 2>&1 | tee -a "$e2e_log"

step "The release build with rustup's stable toolchain: it builds, and every end-to-end test passes"
# Where Debian's rustc-web is not the pinned one, TRUNK_RELEASE_STABLE=1 builds with
# rustup's stable toolchain: that bundle must work too (its size is only reported).
TRUNK_RELEASE_STABLE=1 scripts/release.sh --dist target/stable-dist
node bench/bench.mjs --dist target/stable-dist --sizes-only
E2E_DIST=target/stable-dist npx playwright test 2>&1 | tee -a "$e2e_log"

step "Trunk's own one-module release build (trunk build --release): it builds, and the app signs in"
trunk build --release --offline --dist target/plain-dist
E2E_DIST=target/plain-dist npx playwright test tests/e2e/smoke.spec.ts -g "signs in with the demo account" 2>&1 \
  | tee -a "$e2e_log"

# Reached only when every run passed (pipefail): one closing count for all.
passed=$(grep -oE '^ *[0-9]+ passed' "$e2e_log" | awk '{n += $1} END {print n + 0}')
echo
echo "e2e: $passed passed, 0 failed"
