#!/usr/bin/env bash
# Sets the machine up, then builds the development API and the app's release bundle
# (dist/), offline.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh
cargo build --offline -p dev-api
scripts/release.sh
