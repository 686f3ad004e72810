#!/usr/bin/env bash
# Installs every tool the build and the tests need, pinned, and skips what is already
# there, so a warm machine is ready in seconds. Run from anywhere; safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# Must equal the `wasm-bindgen = "=…"` pin in Cargo.toml: Trunk and wasm-bindgen-test-runner
# refuse a CLI/crate mismatch.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "Rust target wasm32-unknown-unknown"
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

step "trunk $TRUNK_VERSION"
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
# Without --locked: one of its locked dependency versions is no longer served.
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
# Installs those of the Debian packages named that are missing; extra apt flags first.
apt_ensure() {
  local flags=() missing=() pkg
  while [ "${1:-}" != "${1#-}" ]; do flags+=("$1"); shift; done
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${flags[@]}" "${missing[@]}"
  fi
}

# Installs the packages named at exactly `version` (a pinned compiler: never a silent change).
apt_ensure_version() {
  local version="$1" pkg pinned=()
  shift
  for pkg in "$@"; do pinned+=("$pkg=$version"); done
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends --allow-downgrades "${pinned[@]}"
}

step "Debian packages: chromium, chromium-driver, nginx (+ brotli)"
apt_ensure chromium chromium-driver nginx libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static

step "Size compiler for the release wasm: Debian's rustc-web at release.toml's version"
# `cargo xtask release` rebuilds std with it (BENCHMARKS.md) and refuses any other version
# (TRUNK_RELEASE_STABLE=1 builds with rustup's stable toolchain instead); rustup's
# toolchain does everything else.
size_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' release.toml | head -n1)
installed=$(dpkg-query -W -f='${Version}' rustc-web 2>/dev/null || true)
if [ "$installed" != "$size_version" ]; then
  if ! apt_ensure_version "$size_version" rustc-web rust-web-src rust-web-llvm; then
    echo "setup: rustc-web $size_version (release.toml) cannot be installed here${installed:+ ($installed is)}:" >&2
    echo "setup: the release build will refuse to run; TRUNK_RELEASE_STABLE=1 builds with rustup's stable toolchain" >&2
  fi
fi
if [ -L /usr/bin/rust-lld ]; then
  # rust-web-llvm's rust-lld points at an lld it does not depend on (lld-22 when seen).
  apt_ensure --no-install-recommends "$(readlink /usr/bin/rust-lld)"
fi

step "Node packages (Playwright, axe, esbuild, binaryen's wasm-opt) from package-lock.json"
# Never let Playwright fetch a browser: the tests use Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.setup-stamp; then
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.setup-stamp
fi

step "Rust crates (so every later build can run --offline)"
cargo fetch --locked 2>/dev/null || cargo fetch
# The crates the standard library's own build needs (its workspace uses a cargo feature
# that stable cargo takes only with RUSTC_BOOTSTRAP).
RUSTC_BOOTSTRAP=1 cargo fetch --locked --manifest-path /usr/lib/rustlib/src/rust/library/Cargo.toml

step "The release tool (xtask/: cargo xtask release)"
# Built now, once the crates are here, so the first release build only runs it.
cargo build --offline --quiet --profile tool -p xtask

echo
echo "setup: all tools present."
