import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@cc-otel/repo";

/** The repository root (found by @cc-otel/repo) and this package's directory in it. */
export const REPO_DIR = REPO_ROOT;
export const PACKAGE_DIR = join(REPO_ROOT, "packages/alerts");

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
