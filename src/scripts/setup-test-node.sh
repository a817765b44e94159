#!/usr/bin/env bash
# Installs the Node packages of the TF.js reference harness (src/test/node) from its lock file.
# Exits 3 when Node.js/npm is not installed (the tests that need it then skip with a message).
set -euo pipefail
dir="$(cd "$(dirname "$0")/../test/node" && pwd)"
command -v npm >/dev/null 2>&1 || { echo "setup-test-node: npm is not installed; the TF.js reference tests will skip" >&2; exit 3; }
stamp="$dir/node_modules/.dancelens-lock-sha256"
want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
