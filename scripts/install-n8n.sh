#!/usr/bin/env bash
# Installs the real n8n used by `npm start` and `npm run test:e2e` into a cache folder outside
# the package (n8n is a tool we run the node in, not a dependency of the node), from the
# committed manifest and lockfile in scripts/n8n-runtime/, so every machine gets the same n8n.
# n8n 2.8.4 is the newest n8n whose engines accept Node 20. Its n8n-nodes-base pulls `xlsx`
# from a CDN that is not the npm registry, so the manifest overrides it with the registry's
# 0.18.5. sqlite3 compiles from source here (a few minutes, once).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
LOCK_HASH="$(sha256sum "$HERE/n8n-runtime/package-lock.json" | cut -c1-16)"
CACHE_DIR="${VEO3_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-veo3/n8n-2.8.4-$LOCK_HASH}"
if [ -x "$CACHE_DIR/node_modules/.bin/n8n" ] && [ -f "$CACHE_DIR/.installed" ]; then
  echo "$CACHE_DIR"
  exit 0
fi
mkdir -p "$CACHE_DIR"
cp "$HERE/n8n-runtime/package.json" "$HERE/n8n-runtime/package-lock.json" "$CACHE_DIR/"
echo "Installing n8n 2.8.4 into $CACHE_DIR (first time only, a few minutes)..." >&2
(cd "$CACHE_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2)
touch "$CACHE_DIR/.installed"
echo "$CACHE_DIR"
