# Sourced by the other scripts: the tools setup.sh installed, first on PATH.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
