#!/usr/bin/env bash
# Installs a real n8n, the peer of this package's opt-in peer tests, OUTSIDE the
# repository (~4 min, ~3 GB). Idempotent: does nothing when it is already there.
#
#   PLATFORM_KIT_N8N_DIR      where to install (default ${TMPDIR:-/tmp}/n8n-peer)
#   PLATFORM_KIT_N8N_VERSION  default 2.35.7 (the last release that runs on Node 22)
#
# Uses the `node` and `npm` on PATH (under ./kit: the bundled Node 22) and builds
# nothing: scripts are ignored (n8n then runs on PostgreSQL, whose client is pure JS).
set -euo pipefail

dir="${PLATFORM_KIT_N8N_DIR:-${TMPDIR:-/tmp}/n8n-peer}"
version="${PLATFORM_KIT_N8N_VERSION:-2.35.7}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"

die() {
  echo "install-n8n-peer: $*" >&2
  exit 1
}

command -v node >/dev/null || die "node is not on PATH (run through ./kit, or put Node 22 on PATH)"
command -v npm >/dev/null || die "npm is not on PATH"
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 22 ] || die "n8n@$version needs Node >= 22.22; node on PATH is $(node -v)"

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
case "$dir/" in
  "$repo"/*) die "$dir is inside the repository $repo: choose a directory outside it" ;;
esac

installed="$(node -p "try { require('$dir/node_modules/n8n/package.json').version } catch { '' }")"
if [ "$installed" = "$version" ]; then
  echo "n8n $version is installed in $dir"
  exit 0
fi

nodedir="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
[ -f "$dir/package.json" ] || echo '{ "name": "n8n-peer", "private": true }' >"$dir/package.json"
echo "Installing n8n $version into $dir (takes a few minutes, ~3 GB)..."
npm install --prefix "$dir" "n8n@$version" --ignore-scripts --no-audit --no-fund \
  --loglevel=error --nodedir="$nodedir"
echo "n8n $version is installed in $dir"
