import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "@cc-otel/repo";

/** Re-exported: importers of this package have always found the root here. */
export { REPO_ROOT };

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
  "k8s/overlays/backend-auth",
  "k8s/overlays/backend-tenant",
  "k8s/overlays/scale-out",
] as const;
