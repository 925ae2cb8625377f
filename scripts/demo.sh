#!/usr/bin/env bash
# The README's first command: the stack with a simulated team (`pnpm demo`), from a fresh clone on a
# machine that may have only Node >= 20 and npm. Like the test command, it first sets up what the
# machine lacks: Node 24 and the pinned pnpm into ~/.cache/cc-otel (scripts/lib/bootstrap.sh), then
# the packages. Without Docker, `pnpm demo` stops at its Docker check with what to run instead.
# Usage: bash scripts/demo.sh   (once set up, `pnpm demo` is the same)
set -euo pipefail
source "$(dirname "$0")/lib/bootstrap.sh"
cd "$CC_OTEL_ROOT"

cc_otel_log "node $(node --version), pnpm $(pnpm --version); installing packages (frozen lockfile)"
pnpm install --frozen-lockfile --reporter=append-only >&2
exec pnpm demo
