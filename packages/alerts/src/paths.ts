import { existsSync } from "node:fs";
import { REPO_ROOT, repoPath } from "@cc-otel/repo";

/** Repository-relative paths of what the alerts package generates and reads. */
export const RULES_PATH = "stack/prometheus/rules";
/** The alerting and recording rules Prometheus loads (stack/prometheus/prometheus.yml: rules/*.yml). */
export const ALERTS_PATH = `${RULES_PATH}/claude-code-alerts.yml`;
/** The daily budget: the one file users edit (or regenerate with --daily-budget-usd). */
export const BUDGET_PATH = `${RULES_PATH}/claude-code-budget.yml`;
/** Optional rules, off by default: Prometheus only loads *.yml, so this file is ignored until renamed. */
export const OPTIONAL_PATH_DISABLED = `${RULES_PATH}/claude-code-user-silence.yml.disabled`;
export const OPTIONAL_PATH_ENABLED = `${RULES_PATH}/claude-code-user-silence.yml`;
/** Loki ruler rules (API error ratio): not loaded by the stack, see the reference. */
export const LOKI_RULES_PATH = "packages/alerts/generated/loki-alert-rules.yml";
export const PROMETHEUS_CONFIG_PATH = "stack/prometheus/prometheus.yml";

/** The same files as absolute paths in this checkout, for tools (promtool, Prometheus) and tests. */
export const RULES_DIR = repoPath(RULES_PATH);
export const ALERTS_FILE = repoPath(ALERTS_PATH);
export const BUDGET_FILE = repoPath(BUDGET_PATH);
export const LOKI_RULES_FILE = repoPath(LOKI_RULES_PATH);
export const PROMETHEUS_CONFIG = repoPath(PROMETHEUS_CONFIG_PATH);

/**
 * Where an off-by-default rules file (`*.yml.disabled`, repository-relative) currently is under
 * `root`: renamed to `*.yml` by a user who turned it on, or still disabled. Other paths are
 * returned as they are.
 */
export function activePath(path: string, root: string = REPO_ROOT): string {
  const on = path.replace(/\.disabled$/, "");
  return on !== path && existsSync(repoPath(on, root)) ? on : path;
}
/** The docs page with every alert's runbook, rendered from alertsReferenceData() by apps/docs. */
export const RUNBOOKS_PATH = "apps/docs/src/content/docs/reference/alerts.md";
