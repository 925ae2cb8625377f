import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Package root and repository root, found from this file whether it runs from src/ or dist/. */
export const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

export const REPO_DIR = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the cc-otel repository root (pnpm-workspace.yaml)");
    dir = up;
  }
  return dir;
})();

export const RULES_DIR = join(REPO_DIR, "stack/prometheus/rules");
/** The alerting and recording rules Prometheus loads (stack/prometheus/prometheus.yml: rules/*.yml). */
export const ALERTS_FILE = join(RULES_DIR, "claude-code-alerts.yml");
/** The daily budget: the one file users edit (or regenerate with --daily-budget-usd). */
export const BUDGET_FILE = join(RULES_DIR, "claude-code-budget.yml");
/** Optional rules, off by default: Prometheus only loads *.yml, so this file is ignored until renamed. */
export const OPTIONAL_FILE_DISABLED = join(RULES_DIR, "claude-code-user-silence.yml.disabled");
export const OPTIONAL_FILE_ENABLED = join(RULES_DIR, "claude-code-user-silence.yml");
/** Loki ruler rules (API error ratio): not loaded by the stack, see the reference. */
export const LOKI_RULES_FILE = join(PACKAGE_DIR, "generated/loki-alert-rules.yml");
export const REFERENCE_FILE = join(PACKAGE_DIR, "generated/alerts-reference.md");
export const PROMETHEUS_CONFIG = join(REPO_DIR, "stack/prometheus/prometheus.yml");

/**
 * Where an off-by-default rules file (`*.yml.disabled`) currently is: renamed to `*.yml` by a user
 * who turned it on, or still disabled. Other files are returned as they are.
 */
export function activePath(path: string): string {
  const on = path.replace(/\.disabled$/, "");
  return on !== path && existsSync(on) ? on : path;
}

export const GENERATE_COMMAND = "pnpm --filter @cc-otel/alerts generate";
