# Sourced by the build-*.sh scripts: where builds are cached, how they log, which Go builds them,
# and how they read stack/versions.json. Set `name` (the log prefix) before sourcing.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${CC_OTEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cc-otel}/servers"
versions="$root/stack/versions.json"

log() { printf '[%s] %s\n' "$name" "$*" >&2; }
die() { log "error: $*"; exit 1; }

go_bin="${GO:-$(command -v go || true)}"
[ -n "$go_bin" ] || go_bin=/usr/local/go/bin/go
[ -x "$go_bin" ] || die "no Go toolchain (looked for \$GO, go on PATH, /usr/local/go/bin/go)"
# Keep GOFLAGS from the environment or `go env -w`; add -trimpath, and no VCS stamping (sources are copies).
goflags="$("$go_bin" env GOFLAGS) -trimpath -buildvcs=false"

read_version() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]][sys.argv[3]])' "$versions" "$1" "$2"; }
