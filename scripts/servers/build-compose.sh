#!/usr/bin/env bash
# Builds the REAL Docker Compose CLI (v2 line, Go module github.com/docker/compose/v5) from its Go
# module, for the test that renders stack/compose.yaml with `docker compose config` (no daemon
# needed), and caches it outside the repo:
#   ${CC_OTEL_CACHE:-~/.cache/cc-otel}/servers/compose-<version>/docker-compose
# A second run with the same version is a cache hit and builds nothing.
# Compose's go.mod has replace directives, so `go install module@version` refuses it: the module is
# downloaded, copied to a writable temp dir and built there as the main module (as Prometheus is).
# The version is stamped the way Compose's own Makefile does (internal.Version).
# The version comes from stack/versions.json (compose.version, compose.goModule). Logs go to
# stderr; the LAST line of stdout is the binary's path.
# Usage: bash scripts/servers/build-compose.sh   (CC_OTEL_REBUILD=1 forces a rebuild)
set -euo pipefail

name=build-compose
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
version="$(read_version compose version)"
gomod="$(read_version compose goModule)"
# Compose v2.N is github.com/docker/compose/v2; since v5.0.0 the module path carries the major.
major="${gomod#v}"
major="${major%%.*}"
module=github.com/docker/compose/v$major
[ "$gomod" = "v$version" ] || die "stack/versions.json: compose $version is Go module v$version, not $gomod"

dest="$cache/compose-$version"
bin="$dest/docker-compose"
if [ -x "$bin" ] && [ "${CC_OTEL_REBUILD:-0}" != 1 ]; then
  log "cache hit: docker compose $version at $bin"
  echo "$bin"
  exit 0
fi
if [ -d "$dest" ]; then why="CC_OTEL_REBUILD=1 or an incomplete $dest"; else why="cache miss at $dest"; fi
log "building docker compose $version (module $module@$gomod, $("$go_bin" env GOVERSION)) because $why"

mkdir -p "$cache"
tmp="$(mktemp -d "$cache/.tmp-compose-$version.XXXXXX")"
trap 'chmod -R u+w "$tmp" 2>/dev/null || true; rm -rf "$tmp"' EXIT

start=$SECONDS
# Go's default module and build caches are used on purpose: they persist between runs.
"$go_bin" mod download -json "$module@$gomod" >"$tmp/download.json" ||
  { cat "$tmp/download.json" >&2 2>/dev/null || true; die "go mod download $module@$gomod failed"; }
moddir="$(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
if d.get("Error"): sys.exit("go mod download: " + d["Error"])
print(d["Dir"])' "$tmp/download.json")"
[ -f "$moddir/go.mod" ] || die "module directory $moddir has no go.mod"

cp -r "$moddir" "$tmp/src"
chmod -R u+w "$tmp/src"

mkdir "$tmp/out"
log "go build ./cmd"
(cd "$tmp/src" && GOWORK=off GOFLAGS="$goflags" \
  "$go_bin" build -ldflags "-s -w -X $module/internal.Version=v$version" -o "$tmp/out/docker-compose" ./cmd >&2)
log "built in $((SECONDS - start))s"

rm -rf "$dest"
mv -T "$tmp/out" "$dest" 2>/dev/null || [ -x "$bin" ] || die "could not move the build to $dest"
"$bin" version >&2
echo "$bin"
