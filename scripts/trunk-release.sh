#!/usr/bin/env bash
# The release bundle (dist/), offline, built for size: Debian's rustc-web compiles the
# wasm with the standard library rebuilt for size and panics that abort at once, no
# message formatting (BENCHMARKS.md: about 16 KiB brotli). Its unstable flags need
# RUSTC_BOOTSTRAP on that stable compiler; rustup's toolchain does everything else
# (lint, tests, the development API). scripts/setup.sh installs it.
#
# Where Debian's rustc-web or its std source is missing (any machine with rustup alone),
# or with TRUNK_RELEASE_STABLE=1, it says so on stderr and builds with rustup's stable
# toolchain instead: no std rebuilt, the normal target directory, a larger bundle. Either
# way it writes `.release-build` into the bundle (`toolchain=rustc-web` or
# `toolchain=rustup-stable`, and the commit); `bench/bench.mjs --sizes-only` reads it and
# reports an over-budget size of a fallback build as a warning, not a failure.
# Arguments go to `trunk build` (e.g. `--dist target/bench-dist`).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

# The bundle's folder: trunk's --dist/-d if given, else Trunk.toml's (dist).
out=dist
prev=
for a in "$@"; do
  case "$prev" in --dist|-d) out="$a" ;; esac
  case "$a" in --dist=*) out="${a#--dist=}" ;; esac
  prev="$a"
done

# The module is split after the build (scripts/split-module.mjs): `split` turns the
# deferred parts into split points, and the linker keeps the relocations the splitter
# reads. Plain `trunk build` sets neither and links everything into one module.
split_flags="--cfg split -Clink-args=--emit-relocs"

fallback=
if [ "${TRUNK_RELEASE_STABLE:-}" = 1 ]; then
  fallback="TRUNK_RELEASE_STABLE=1"
elif ! /usr/bin/rustc -V >/dev/null 2>&1; then
  fallback="Debian's rustc-web (/usr/bin/rustc) is not installed"
elif [ ! -d /usr/lib/rustlib/src/rust/library ]; then
  fallback="Debian's std source (rust-web-src, /usr/lib/rustlib/src/rust/library) is not installed"
fi

if [ -n "$fallback" ]; then
  echo "trunk-release: $fallback: building with rustup's stable toolchain instead" >&2
  echo "trunk-release: (std not rebuilt for size: a larger bundle; scripts/setup.sh installs rustc-web)" >&2
  toolchain=rustup-stable
  unset RUSTC RUSTC_BOOTSTRAP CARGO_UNSTABLE_BUILD_STD CARGO_UNSTABLE_BUILD_STD_FEATURES CARGO_TARGET_DIR
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$split_flags"
  module=target/wasm32-unknown-unknown/release/user-admin.wasm
else
  toolchain=rustc-web
  export RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  # Cargo adds these to .cargo/config.toml's flags for the target (erase_components).
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort $split_flags"
  # Another compiler and another std: their own target directory, so neither toolchain
  # invalidates the other's build.
  export CARGO_TARGET_DIR="$PWD/target/size"
  module="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/user-admin.wasm"
fi

# Trunk's own wasm-opt pass would be thrown away (scripts/split-module.mjs optimises each
# module it makes, with index.html's flags): Trunk builds from a copy that turns it off.
sed 's/data-wasm-opt="[^"]*"/data-wasm-opt="0"/' index.html >.index.split.html
trap 'rm -f .index.split.html' EXIT
trunk build .index.split.html --release --offline "$@"

# Two release builds at once share target/size (wasm-bindgen's output folder): one of them
# can end up with a module of zeros. Refuse to leave such a bundle behind.
for wasm in "$out"/*.wasm; do
  if [ "$(head -c 4 "$wasm" | od -An -tx1 | tr -d ' ')" != 0061736d ]; then
    echo "trunk-release: $wasm is not a wasm module (another release build at the same time?): run again" >&2
    exit 1
  fi
done

node scripts/split-module.mjs "$out" "$module"
# The glue, the stylesheet and index.html, minified (Trunk leaves them as written).
node scripts/minify.mjs "$out"
# Then each hashed asset compressed once, at the highest quality, for nginx's *_static.
node scripts/precompress.mjs "$out"

# The commit built (scripts/bench.sh sets RELEASE_COMMIT when it builds an exported one).
commit="${RELEASE_COMMIT:-}"
if [ -z "$commit" ]; then
  commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ -n "$(git status --porcelain -- src contract index.html style public Cargo.toml Cargo.lock 2>/dev/null)" ]; then
    commit="$commit+uncommitted"
  fi
fi
printf 'toolchain=%s\ncommit=%s\n' "$toolchain" "$commit" >"$out/.release-build"
