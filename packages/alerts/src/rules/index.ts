import type { RuleFile } from "../model.js";
import { type AlertOptions, DEFAULT_OPTIONS } from "../options.js";
import { ALERTS_FILE, API_ERRORS_FILE_DISABLED, OPTIONAL_FILE_DISABLED } from "../paths.js";
import { apiErrorsGroup } from "./api-errors.js";
import { collectorGroup } from "./collector.js";
import { costGroup } from "./cost.js";
import { userSilenceGroup } from "./usage.js";

/** The rules Prometheus loads: cost and collector. */
export function alertsFile(opts: AlertOptions = DEFAULT_OPTIONS): RuleFile {
  return {
    path: ALERTS_FILE,
    title: "Claude Code alerts",
    loadedBy: "Prometheus (stack/prometheus/prometheus.yml: rule_files /etc/prometheus/rules/*.yml)",
    groups: [costGroup(opts), collectorGroup(opts)],
  };
}

/** Optional rules, generated as *.yml.disabled: Prometheus ignores them until the file is renamed. */
export function optionalFile(opts: AlertOptions = DEFAULT_OPTIONS): RuleFile {
  return {
    path: OPTIONAL_FILE_DISABLED,
    title: "Claude Code optional alerts (off by default)",
    loadedBy: "nothing until renamed to claude-code-user-silence.yml",
    groups: [userSilenceGroup(opts)],
  };
}

/** API error ratio from counted events: *.yml.disabled until the collector has the count connector. */
export function apiErrorsFile(): RuleFile {
  return {
    path: API_ERRORS_FILE_DISABLED,
    title: "Claude Code API error alerts (off until the collector counts events)",
    loadedBy:
      "nothing until renamed to claude-code-api-errors.yml, after adding packages/alerts/collector/count-events.yaml to the collector",
    groups: [apiErrorsGroup()],
  };
}

/** Every rules file the generator writes for Prometheus, whichever name (on/off) each has. */
export function allRuleFiles(opts: AlertOptions = DEFAULT_OPTIONS): RuleFile[] {
  return [alertsFile(opts), optionalFile(opts), apiErrorsFile()];
}

export { apiErrorsGroup, EVENT_COUNT_METRIC, EVENT_COUNT_SERIES } from "./api-errors.js";
export { collectorGroup } from "./collector.js";
export { COST_RECORDS, costGroup, TEST_BUDGET_USD } from "./cost.js";
export { API_ERROR_MIN_COUNT, API_ERROR_RATIO, apiErrorRatio, type LokiAlertRule } from "./loki.js";
export { userSilenceGroup } from "./usage.js";
