#!/usr/bin/env bash
# Builds the REAL OpenTelemetry Collector used by the end-to-end tests, with the official builder (OCB)
# and the manifest stack/collector/builder-config.yaml, and caches it outside the repo:
#   ${CC_OTEL_CACHE:-~/.cache/cc-otel}/servers/otelcol-<version>-<manifest hash>/otelcol-cc-otel
# A second run with the same version and manifest is a cache hit and builds nothing.
# Versions come from stack/versions.json (collector.version, ocb.version); docker-compose pins the
# same collector version as an image, so tests and compose run the same collector release.
# Logs go to stderr; the LAST line of stdout is the binary's path.
# Usage: bash scripts/servers/build-collector.sh   (CC_OTEL_REBUILD=1 forces a rebuild)
set -euo pipefail

name=build-collector
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
manifest="$root/stack/collector/builder-config.yaml"
version="$(read_version collector version)"
ocb_version="$(read_version ocb version)"

# The manifest must build the version versions.json names (dist.version and every component).
manifest_version="$(sed -n 's/^ *version: *\([0-9][0-9.]*\).*/\1/p' "$manifest" | head -n1)"
[ "$manifest_version" = "$version" ] ||
  die "stack/collector/builder-config.yaml dist.version is '$manifest_version' but stack/versions.json says collector $version"
if grep -E '^\s*- gomod:' "$manifest" | grep -vq " v$version\s*$"; then
  die "every gomod in builder-config.yaml must be at v$version (stack/versions.json); offenders: $(grep -E '^\s*- gomod:' "$manifest" | grep -v " v$version\s*$" | tr -s ' ' | tr '\n' ';')"
fi

# Cache key: collector version + short hash of (manifest, OCB version, Go version).
go_version="$("$go_bin" env GOVERSION)"
hash="$({ cat "$manifest"; echo "ocb=$ocb_version go=$go_version"; } | sha256sum | cut -c1-12)"
dest="$cache/otelcol-$version-$hash"
bin="$dest/otelcol-cc-otel"

if [ -x "$bin" ] && [ "${CC_OTEL_REBUILD:-0}" != 1 ]; then
  log "cache hit: otelcol $version (manifest $hash) at $bin"
  echo "$bin"
  exit 0
fi

mkdir -p "$cache"
tmp="$(mktemp -d "$cache/.tmp-otelcol-$version.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# OCB itself, cached by version.
ocb="$cache/ocb-$ocb_version/builder"
if [ ! -x "$ocb" ]; then
  log "installing OCB $ocb_version into $(dirname "$ocb")"
  GOBIN="$tmp/ocb" GOFLAGS="$goflags" \
    "$go_bin" install "go.opentelemetry.io/collector/cmd/builder@$ocb_version" >&2
  mkdir -p "$(dirname "$ocb")"
  mv -f "$tmp/ocb/builder" "$ocb"
fi

if [ -e "$bin" ]; then why="CC_OTEL_REBUILD=1"; else why="cache miss at $bin"; fi
log "building otelcol $version (OCB $ocb_version, $go_version) because $why"

# OCB has no --output-path flag: build from a copy of the manifest whose output_path is the temp dir.
sed "s#^\(\s*output_path:\).*#\1 $tmp/src#" "$manifest" >"$tmp/builder-config.yaml"
grep -q "output_path: $tmp/src" "$tmp/builder-config.yaml" || die "could not rewrite output_path in the manifest"

start=$SECONDS
# Go's default module and build caches are used on purpose: they persist between runs.
(cd "$tmp" && PATH="$(dirname "$go_bin"):$PATH" GOFLAGS="$goflags" \
  "$ocb" --config "$tmp/builder-config.yaml" >&2)
[ -x "$tmp/src/otelcol-cc-otel" ] || die "OCB finished but produced no $tmp/src/otelcol-cc-otel"
log "built in $((SECONDS - start))s"

# Assemble the cache entry in the temp dir, then move it into place in one rename.
mkdir "$tmp/out"
mv "$tmp/src/otelcol-cc-otel" "$tmp/out/otelcol-cc-otel"
cp "$manifest" "$tmp/out/builder-config.yaml"
printf '{"version":"%s","ocb":"%s","go":"%s","manifestHash":"%s"}\n' \
  "$version" "$ocb_version" "$go_version" "$hash" >"$tmp/out/build-info.json"
rm -rf "$dest"
mv -T "$tmp/out" "$dest" 2>/dev/null || [ -x "$bin" ] || die "could not move the build to $dest"
"$bin" --version >&2
echo "$bin"
