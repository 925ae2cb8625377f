#!/usr/bin/env bash
# Installs the tools the Kubernetes tests use, pinned by version and cached outside the repo:
#   ${CC_OTEL_CACHE:-~/.cache/cc-otel}/tools/<name>-<version>[-<hash>]/
# A second run with the same versions is a cache hit and builds nothing.
#
#   kustomize            sigs.k8s.io/kustomize/kustomize/v5, built from the Go module proxy (~30 s).
#   kubernetes-validate  PyPI kubernetes-validate: JSON schemas of the Kubernetes OpenAPI spec for every
#                        Kubernetes minor from 1.25 on, bundled in the package, so validation is offline.
#   k8s-test-server      kube-apiserver + embedded etcd + kubectl in ONE binary, built from the Go modules
#                        k8s.io/kubernetes and go.etcd.io/etcd/server/v3 (source: packages/k8s/test-server);
#                        a real API server for server-side dry-run applies. Heavy: minutes on 2 cores.
#
# Usage: bash packages/k8s/scripts/ensure-tools.sh [kustomize] [kubernetes-validate] [k8s-test-server]
#        (no argument: kustomize and kubernetes-validate). Logs go to stderr; stdout gets one line
#        `<name>=<path of the executable>` per tool. CC_OTEL_REBUILD=1 forces a rebuild.
set -euo pipefail

KUSTOMIZE_VERSION="v5.8.2" # v5.8.3 needs Go >= 1.27
KUBERNETES_VALIDATE_VERSION="1.37.0"
# Everything kubernetes-validate pulls in, pinned too, so two machines validate with the same code.
KUBERNETES_VALIDATE_REQUIREMENTS=(
  "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
  "jsonschema==4.26.0" "jsonschema-specifications==2025.9.1" "referencing==0.37.0" "rpds-py==2026.9.1"
  "attrs==26.1.0" "PyYAML==6.0.4" "packaging==26.3" "importlib_resources==7.1.0" "typing_extensions==4.16.0"
)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pkg="$(dirname "$here")"
cache="${CC_OTEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cc-otel}/tools"

log() { printf '[k8s-tools] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

go_bin() {
  local g="${GO:-$(command -v go || true)}"
  [ -n "$g" ] || g=/usr/local/go/bin/go
  [ -x "$g" ] || die "no Go toolchain (looked for \$GO, go on PATH, /usr/local/go/bin/go)"
  echo "$g"
}

# fresh <dest> <executable>: true when the cache entry exists and no rebuild was asked for.
fresh() { [ -x "$2" ] && [ "${CC_OTEL_REBUILD:-0}" != 1 ]; }
why() { if [ -e "$1" ]; then echo "CC_OTEL_REBUILD=1"; else echo "cache miss at $1"; fi; }

# Builds into a temp dir next to the cache entry, then moves it into place in one rename.
tmpdir() { mkdir -p "$cache" && mktemp -d "$cache/.tmp-$1.XXXXXX"; }
commit() { # commit <tmp> <dest>
  rm -rf "$2"
  mv -T "$1" "$2" 2>/dev/null || [ -d "$2" ] || die "could not move the build to $2"
}

ensure_kustomize() {
  local dest="$cache/kustomize-$KUSTOMIZE_VERSION" bin
  bin="$dest/kustomize"
  if fresh "$dest" "$bin"; then log "cache hit: kustomize $KUSTOMIZE_VERSION at $bin"; echo "kustomize=$bin"; return; fi
  log "building kustomize $KUSTOMIZE_VERSION from sigs.k8s.io/kustomize/kustomize/v5 because $(why "$bin")"
  local go tmp start=$SECONDS
  go="$(go_bin)"
  tmp="$(tmpdir kustomize)"
  GOBIN="$tmp" GOFLAGS="${GOFLAGS:+$GOFLAGS }-trimpath" \
    "$go" install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" >&2
  [ -x "$tmp/kustomize" ] || die "go install finished but produced no kustomize"
  commit "$tmp" "$dest"
  log "built kustomize $("$bin" version) in $((SECONDS - start))s"
  echo "kustomize=$bin"
}

ensure_kubernetes_validate() {
  local dest="$cache/kubernetes-validate-$KUBERNETES_VALIDATE_VERSION" bin
  bin="$dest/kubernetes-validate"
  if fresh "$dest" "$bin"; then
    log "cache hit: kubernetes-validate $KUBERNETES_VALIDATE_VERSION at $bin"
    echo "kubernetes-validate=$bin"
    return
  fi
  log "installing kubernetes-validate $KUBERNETES_VALIDATE_VERSION (PyPI) because $(why "$bin")"
  command -v python3 >/dev/null 2>&1 || die "python3 is needed for kubernetes-validate"
  local tmp start=$SECONDS
  tmp="$(tmpdir kubernetes-validate)"
  # A virtualenv where the machine has the venv module; otherwise plain `pip install --target`.
  if python3 -m venv "$tmp/venv" >&2 2>/dev/null; then
    "$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check "${KUBERNETES_VALIDATE_REQUIREMENTS[@]}" >&2
    # The wrapper finds the venv next to itself, so the directory can be renamed into place.
    cat >"$tmp/kubernetes-validate" <<'EOF'
#!/bin/sh
exec "$(dirname "$0")/venv/bin/python" -m kubernetes_validate "$@"
EOF
  else
    log "python3 has no venv module: installing with pip --target instead"
    python3 -m pip install --quiet --disable-pip-version-check --target "$tmp/lib" "${KUBERNETES_VALIDATE_REQUIREMENTS[@]}" >&2
    cat >"$tmp/kubernetes-validate" <<'EOF'
#!/bin/sh
PYTHONPATH="$(dirname "$0")/lib${PYTHONPATH:+:$PYTHONPATH}" exec python3 -m kubernetes_validate "$@"
EOF
  fi
  chmod +x "$tmp/kubernetes-validate"
  "$tmp/kubernetes-validate" --version >&2 || die "kubernetes-validate does not run"
  commit "$tmp" "$dest"
  log "installed kubernetes-validate in $((SECONDS - start))s"
  echo "kubernetes-validate=$bin"
}

ensure_test_server() {
  local src="$pkg/test-server" go go_version hash dest bin
  go="$(go_bin)"
  go_version="$("$go" env GOVERSION)"
  # The versions are the ones go.mod pins (k8s.io/kubernetes, etcd); the hash covers the source too.
  local k8s_version
  k8s_version="$(sed -n 's#^\s*k8s.io/kubernetes \(v[0-9.]*\).*#\1#p' "$src/go.mod" | head -n1)"
  [ -n "$k8s_version" ] || die "cannot read the k8s.io/kubernetes version from $src/go.mod"
  # Stamp the version kubectl and the API server report (a module build carries none by itself).
  local minor ldflags="-s -w" pkg_
  minor="$(echo "$k8s_version" | cut -d. -f2)"
  for pkg_ in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags="$ldflags -X $pkg_.gitVersion=$k8s_version -X $pkg_.gitMajor=1 -X $pkg_.gitMinor=$minor -X $pkg_.gitTreeState=clean"
  done
  hash="$({ cat "$src/go.mod" "$src/go.sum" "$src"/*.go; echo "go=$go_version ldflags=$ldflags"; } | sha256sum | cut -c1-12)"
  dest="$cache/k8s-test-server-$k8s_version-$hash"
  bin="$dest/k8s-test-server"
  if fresh "$dest" "$bin"; then log "cache hit: k8s-test-server $k8s_version at $bin"; echo "k8s-test-server=$bin"; return; fi
  log "building k8s-test-server (kube-apiserver $k8s_version + etcd + kubectl, $go_version) because $(why "$bin")"
  log "this compiles most of Kubernetes: expect several minutes on 2 cores (Go's build cache makes rebuilds fast)"
  local tmp start=$SECONDS
  tmp="$(tmpdir k8s-test-server)"
  (cd "$src" && GOFLAGS="${GOFLAGS:+$GOFLAGS }-trimpath -mod=readonly" \
    "$go" build -ldflags "$ldflags" -o "$tmp/k8s-test-server" . >&2)
  [ -x "$tmp/k8s-test-server" ] || die "go build finished but produced no k8s-test-server"
  commit "$tmp" "$dest"
  log "built k8s-test-server in $((SECONDS - start))s"
  echo "k8s-test-server=$bin"
}

# One build per tool at a time: test files running in parallel wait for the first one's build.
locked() { # locked <name> <function>
  mkdir -p "$cache"
  (
    flock 9
    "$2"
  ) 9>"$cache/.lock-$1"
}

[ "$#" -gt 0 ] || set -- kustomize kubernetes-validate
for tool in "$@"; do
  case "$tool" in
    kustomize) locked kustomize ensure_kustomize ;;
    kubernetes-validate) locked kubernetes-validate ensure_kubernetes_validate ;;
    k8s-test-server) locked k8s-test-server ensure_test_server ;;
    *) die "unknown tool '$tool' (kustomize, kubernetes-validate, k8s-test-server)" ;;
  esac
done
