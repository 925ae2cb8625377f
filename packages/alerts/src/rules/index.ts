import type { RuleFile } from "../model.js";
import { type AlertOptions, DEFAULT_OPTIONS } from "../options.js";
import { ALERTS_PATH, OPTIONAL_PATH_DISABLED } from "../paths.js";
import { apiErrorsGroup } from "./api-errors.js";
import { collectorGroup } from "./collector.js";
import { costGroup } from "./cost.js";
import { userSilenceGroup } from "./usage.js";

/** The rules Prometheus loads: cost, API errors (from the collector's event counts) and collector. */
export function alertsFile(opts: AlertOptions = DEFAULT_OPTIONS): RuleFile {
  return {
    path: ALERTS_PATH,
    title: "Claude Code alerts",
    loadedBy: "Prometheus (stack/prometheus/prometheus.yml: rule_files /etc/prometheus/rules/*.yml)",
    groups: [costGroup(opts), apiErrorsGroup(), collectorGroup(opts)],
  };
}

/** Optional rules, generated as *.yml.disabled: Prometheus ignores them until the file is renamed. */
export function optionalFile(opts: AlertOptions = DEFAULT_OPTIONS): RuleFile {
  return {
    path: OPTIONAL_PATH_DISABLED,
    title: "Claude Code optional alerts (off by default)",
    loadedBy: "nothing until renamed to claude-code-user-silence.yml",
    groups: [userSilenceGroup(opts)],
  };
}

/** Every rules file the generator writes for Prometheus, whichever name (on/off) each has. */
export function allRuleFiles(opts: AlertOptions = DEFAULT_OPTIONS): RuleFile[] {
  return [alertsFile(opts), optionalFile(opts)];
}

export { apiErrorsGroup, EVENT_COUNT_SERIES } from "./api-errors.js";
export { collectorGroup } from "./collector.js";
export { COST_RECORDS, costGroup, TEST_BUDGET_USD } from "./cost.js";
export { API_ERROR_MIN_COUNT, API_ERROR_RATIO, apiErrorRatio, type LokiAlertRule } from "./loki.js";
export { userSilenceGroup } from "./usage.js";
