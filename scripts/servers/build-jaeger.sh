#!/usr/bin/env bash
# Builds the REAL Jaeger v2 (all-in-one: OTLP receivers, in-memory storage, query API) used by the
# trace tests from its Go module, and caches it outside the repo:
#   ${CC_OTEL_CACHE:-~/.cache/cc-otel}/servers/jaeger-<version>/jaeger
# A second run with the same version is a cache hit and builds nothing.
# Jaeger 2.N.0 is released from the same commit as Go module github.com/jaegertracing/jaeger
# v1.(63+N).0 (2.0.0 <-> v1.63.0). Its go.mod has a replace directive, so `go install module@version`
# refuses it; instead a scratch module takes it as a tool dependency (`go get -tool`) and builds the
# command from there. The version is stamped the way Jaeger's own release builds do (internal/version).
# Versions come from stack/versions.json (jaeger.version, jaeger.goModule); docker-compose pins the same
# version as an image (the optional `traces` profile). Logs go to stderr; the LAST line of stdout is the
# binary's path. Usage: bash scripts/servers/build-jaeger.sh   (CC_OTEL_REBUILD=1 forces a rebuild)
set -euo pipefail

name=build-jaeger
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
module=github.com/jaegertracing/jaeger
version="$(read_version jaeger version)"
gomod="$(read_version jaeger goModule)"

expected="$(python3 -c 'import sys; M,m,p=sys.argv[1].split("."); assert M=="2", "Jaeger v2 expected"; print(f"v1.{63+int(m)}.{p}")' "$version")"
[ "$gomod" = "$expected" ] || die "stack/versions.json: jaeger $version is Go module $expected, not $gomod"

dest="$cache/jaeger-$version"
bin="$dest/jaeger"
if [ -x "$bin" ] && [ "${CC_OTEL_REBUILD:-0}" != 1 ]; then
  log "cache hit: jaeger $version at $bin"
  echo "$bin"
  exit 0
fi
if [ -d "$dest" ]; then why="CC_OTEL_REBUILD=1 or an incomplete $dest"; else why="cache miss at $dest"; fi
log "building jaeger $version (module $module@$gomod, $("$go_bin" env GOVERSION)) because $why"

mkdir -p "$cache"
tmp="$(mktemp -d "$cache/.tmp-jaeger-$version.XXXXXX")"
trap 'chmod -R u+w "$tmp" 2>/dev/null || true; rm -rf "$tmp"' EXIT

start=$SECONDS
mkdir "$tmp/src" "$tmp/out"
# Go's default module and build caches are used on purpose: they persist between runs.
(cd "$tmp/src" && GOWORK=off "$go_bin" mod init cc-otel.local/jaeger-build >&2 &&
  GOWORK=off GOFLAGS="$goflags" "$go_bin" get -tool "$module/cmd/jaeger@$gomod" >&2) ||
  die "go get -tool $module/cmd/jaeger@$gomod failed"

v=$module/internal/version
ldflags="-s -w -X $v.latestVersion=v$version -X $v.commitSHA=$gomod -X $v.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
log "go build $module/cmd/jaeger"
(cd "$tmp/src" && GOWORK=off GOFLAGS="$goflags" \
  "$go_bin" build -ldflags "$ldflags" -o "$tmp/out/jaeger" "$module/cmd/jaeger" >&2)
log "built in $((SECONDS - start))s"

rm -rf "$dest"
mv -T "$tmp/out" "$dest" 2>/dev/null || [ -x "$bin" ] || die "could not move the build to $dest"
"$bin" version >&2 || true
echo "$bin"
