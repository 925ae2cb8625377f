import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_DIR } from "./paths.js";

export type ToolName = "kustomize" | "kubernetes-validate" | "k8s-test-server" | "prometheus-operator-crds";

const found = new Map<ToolName, string>();

/**
 * Paths of the tools packages/k8s/scripts/ensure-tools.sh installs, pinned and cached outside the
 * repo. A cache hit costs milliseconds; a miss prints (on stderr) what is built and why.
 */
export function tools<T extends ToolName>(...names: T[]): Record<T, string> {
  const missing = names.filter((n) => !found.has(n));
  if (missing.length > 0) {
    const res = spawnSync("bash", [join(PACKAGE_DIR, "scripts/ensure-tools.sh"), ...missing], {
      stdio: ["ignore", "pipe", "inherit"],
      encoding: "utf8",
    });
    if (res.status !== 0) {
      throw new Error(
        `packages/k8s/scripts/ensure-tools.sh ${missing.join(" ")} failed (exit ${res.status})`,
      );
    }
    for (const line of res.stdout.trim().split("\n")) {
      const eq = line.indexOf("=");
      if (eq > 0) found.set(line.slice(0, eq) as ToolName, line.slice(eq + 1));
    }
  }
  const out = {} as Record<T, string>;
  for (const n of names) {
    const path = found.get(n);
    if (!path || !existsSync(path)) throw new Error(`ensure-tools.sh did not report an existing ${n}`);
    out[n] = path;
  }
  return out;
}
