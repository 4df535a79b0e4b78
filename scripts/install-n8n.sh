#!/usr/bin/env bash
# Installs the real n8n used by `npm start` and `npm run test:e2e` into a cache folder
# outside the package (it is a tool we run the node in, not a dependency of the node).
# n8n 2.8.4 is the newest n8n whose engines accept Node 20. Its n8n-nodes-base pulls `xlsx`
# from a CDN that is not the npm registry, so the installing folder overrides it with the
# registry's 0.18.5. sqlite3 compiles from source here (about 2 minutes, once).
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.8.4}"
CACHE_DIR="${VEO3_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-veo3/n8n-$N8N_VERSION}"
if [ -x "$CACHE_DIR/node_modules/.bin/n8n" ] && [ -f "$CACHE_DIR/.installed" ]; then
  echo "$CACHE_DIR"
  exit 0
fi
mkdir -p "$CACHE_DIR"
cat > "$CACHE_DIR/package.json" <<JSON
{
  "name": "veo3-n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" }
}
JSON
echo "Installing n8n $N8N_VERSION into $CACHE_DIR (first time only, a few minutes)..." >&2
(cd "$CACHE_DIR" && npm install --no-audit --no-fund --loglevel=error >&2)
touch "$CACHE_DIR/.installed"
echo "$CACHE_DIR"
