#!/usr/bin/env bash
# Builds the REAL Prometheus 3.x (prometheus + promtool) used by the end-to-end tests from its Go
# module, and caches both outside the repo:
#   ${CC_OTEL_CACHE:-~/.cache/cc-otel}/servers/prometheus-<version>/{prometheus,promtool}
# A second run with the same version is a cache hit and builds nothing.
# Prometheus 3.X.Y is published as Go module github.com/prometheus/prometheus v 0.3XX.Y. `go install`
# refuses that module (its go.mod has exclude directives), so the module is downloaded, copied to a
# writable temp dir and built there as the main module. Without the builtinassets tag the binary has
# no web UI; the HTTP API (all tests need) works.
# Versions come from stack/versions.json (prometheus.version, prometheus.goModule); docker-compose
# pins the same version as an image. Logs go to stderr; the LAST line of stdout is the directory.
# Usage: bash scripts/servers/build-prometheus.sh   (CC_OTEL_REBUILD=1 forces a rebuild)
set -euo pipefail

name=build-prometheus
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
module=github.com/prometheus/prometheus
version="$(read_version prometheus version)"
gomod="$(read_version prometheus goModule)"

# 3.X.Y <-> v0.3XX.Y (X zero-padded to two digits).
expected="$(python3 -c 'import sys; M,m,p=sys.argv[1].split("."); print(f"v0.{M}{int(m):02d}.{p}")' "$version")"
[ "$gomod" = "$expected" ] || die "stack/versions.json: prometheus $version is Go module $expected, not $gomod"

dest="$cache/prometheus-$version"
if [ -x "$dest/prometheus" ] && [ -x "$dest/promtool" ] && [ "${CC_OTEL_REBUILD:-0}" != 1 ]; then
  log "cache hit: prometheus $version at $dest"
  echo "$dest"
  exit 0
fi
if [ -d "$dest" ]; then why="CC_OTEL_REBUILD=1 or an incomplete $dest"; else why="cache miss at $dest"; fi
log "building prometheus $version (module $module@$gomod, $("$go_bin" env GOVERSION)) because $why"

mkdir -p "$cache"
tmp="$(mktemp -d "$cache/.tmp-prometheus-$version.XXXXXX")"
trap 'chmod -R u+w "$tmp" 2>/dev/null || true; rm -rf "$tmp"' EXIT

start=$SECONDS
# Go's default module and build caches are used on purpose: they persist between runs.
"$go_bin" mod download -json "$module@$gomod" >"$tmp/download.json" ||
  { cat "$tmp/download.json" >&2 2>/dev/null || true; die "go mod download $module@$gomod failed"; }
read -r moddir revision < <(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
if d.get("Error"): sys.exit("go mod download: " + d["Error"])
print(d["Dir"], (d.get("Origin") or {}).get("Hash") or d["Version"])' "$tmp/download.json")
[ -f "$moddir/go.mod" ] || die "module directory $moddir has no go.mod"

cp -r "$moddir" "$tmp/src"
chmod -R u+w "$tmp/src"

# Stamp the version the way Prometheus' own release builds do (prometheus/common/version).
v=github.com/prometheus/common/version
ldflags="-s -w -X $v.Version=$version -X $v.Revision=$revision -X $v.Branch=HEAD"
ldflags+=" -X $v.BuildUser=cc-otel -X $v.BuildDate=$(date -u +%Y%m%d-%H:%M:%S)"
mkdir "$tmp/out"
for cmd in prometheus promtool; do
  log "go build ./cmd/$cmd"
  # GOWORK=off: the module zip ships a go.work naming nested modules the zip leaves out.
  (cd "$tmp/src" && GOWORK=off GOFLAGS="$goflags" \
    "$go_bin" build -ldflags "$ldflags" -o "$tmp/out/$cmd" "./cmd/$cmd" >&2)
done
log "built in $((SECONDS - start))s"

# Move the finished directory into place in one rename.
rm -rf "$dest"
mv -T "$tmp/out" "$dest" 2>/dev/null || { [ -x "$dest/prometheus" ] && [ -x "$dest/promtool" ]; } ||
  die "could not move the build to $dest"
"$dest/prometheus" --version >&2
echo "$dest"
