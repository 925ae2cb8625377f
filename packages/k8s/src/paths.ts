import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, found from this file whether it runs from src/ or dist/. */
export const REPO_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the cc-otel repository root (pnpm-workspace.yaml)");
    dir = up;
  }
  return dir;
})();

export const STACK_DIR = join(REPO_ROOT, "stack");
export const K8S_DIR = join(REPO_ROOT, "k8s");
export const PACKAGE_DIR = join(REPO_ROOT, "packages/k8s");

/** Builds live outside the repo, keyed by version (scripts/lib/bootstrap.sh). */
export const CACHE_DIR = resolve(
  process.env.CC_OTEL_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "cc-otel"),
);

/** The kustomizations that must build: the base and every overlay. */
export const KUSTOMIZATIONS = [
  "k8s/base",
  "k8s/overlays/nodeport",
  "k8s/overlays/loadbalancer",
  "k8s/overlays/tailscale",
  "k8s/overlays/auth",
  "k8s/overlays/tls",
] as const;
