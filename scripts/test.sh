#!/usr/bin/env bash
# The one test command: sets up everything a fresh machine lacks (Node 24, pinned pnpm, packages,
# the real servers the end-to-end tests run), then runs every check and test in the repository.
# CI runs exactly this (.ci/run). Usage: bash scripts/test.sh
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"
cd "$CC_OTEL_ROOT"

step() { printf '\n[cc-otel] == %s ==\n' "$*" >&2; }

step "node $(node --version), pnpm $(pnpm --version)"
step "Debian packages: chromium for the docs browser test, openssl for the TLS tests"
bash scripts/lib/ensure-debian-packages.sh chromium openssl
step "install packages (frozen lockfile)"
pnpm install --frozen-lockfile --reporter=append-only

step "real servers and the Compose CLI for the tests (built from source at stack/versions.json, cached)"
bash scripts/servers/build-collector.sh >/dev/null
bash scripts/servers/build-prometheus.sh >/dev/null
bash scripts/servers/build-jaeger.sh >/dev/null
bash scripts/servers/build-compose.sh >/dev/null

step "kubernetes test tools (kustomize, kubernetes-validate, kube-apiserver, Prometheus Operator CRDs; cached by version)"
bash packages/k8s/scripts/ensure-tools.sh kustomize kubernetes-validate k8s-test-server prometheus-operator-crds

# The simulator's conformance test installs the real Claude Code CLI (npm, cached outside the
# repo) and diffs its OTLP shape with the simulator's: part of every full run.
export CC_OTEL_CONFORMANCE=1

export CC_OTEL_TEST_RESULTS="$CC_OTEL_ROOT/artifacts/test-results"
rm -rf "$CC_OTEL_TEST_RESULTS" && mkdir -p "$CC_OTEL_TEST_RESULTS"

step "lint and format (biome)"
pnpm exec biome check .

step "build, typecheck, test (turbo, no cache: every test runs)"
status=0
# One task at a time: several packages start real servers, and the machine may have 2 cores.
# The output is also kept so the summary can quote a failed hook's error (vitest's JSON lacks it).
pnpm exec turbo run build typecheck test --force --continue --concurrency=1 --output-logs=full 2>&1 |
  tee "$CC_OTEL_TEST_RESULTS/turbo.log" || status=$?

step "summary"
node scripts/lib/summarize-tests.mjs "$CC_OTEL_TEST_RESULTS" "$CC_OTEL_TEST_RESULTS/turbo.log" || status=$?
exit "$status"
