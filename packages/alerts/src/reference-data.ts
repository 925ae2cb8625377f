import { GENERATE_COMMAND } from "@cc-otel/repo";
import type { RuleFile } from "./model.js";
import { type AlertOptions, BUDGET_RECORD, DEFAULT_DAILY_BUDGET_USD, DEFAULT_OPTIONS } from "./options.js";
import { BUDGET_PATH, LOKI_RULES_PATH, OPTIONAL_PATH_DISABLED, OPTIONAL_PATH_ENABLED } from "./paths.js";
import { allRuleFiles, apiErrorRatio, EVENT_COUNT_SERIES, type LokiAlertRule } from "./rules/index.js";

/**
 * The alerts as a reference: what the docs' alerts page shows (every rule with its runbook, its
 * group and file, the budget, the optional and Loki rules), as data, so that the page is rendered
 * from the rules themselves.
 */
export interface AlertsReferenceData {
  /** The Prometheus rule files, paths relative to the repository root (off-by-default ones disabled). */
  readonly ruleFiles: readonly RuleFile[];
  readonly budget: {
    /** The recording rule every cost alert compares with. */
    readonly record: string;
    readonly path: string;
    /** The budget a new budget file starts with, USD per rolling 24 hours. */
    readonly defaultUsd: number;
    /** The command that regenerates the budget file with another budget (250 USD, as an example). */
    readonly regenerateWith: string;
  };
  /** Off-by-default rule files: the name they are generated with, and the name that turns them on. */
  readonly optionalFiles: ReadonlyArray<{ readonly disabled: string; readonly enabled: string }>;
  /** The counter of events the stack's collector makes, which the API error alert reads. */
  readonly eventCountSeries: string;
  /** The LogQL variant of the API error alert, for Loki's ruler (not loaded by the stack). */
  readonly loki: { readonly path: string; readonly rule: LokiAlertRule };
  readonly options: AlertOptions;
}

export function alertsReferenceData(options: AlertOptions = DEFAULT_OPTIONS): AlertsReferenceData {
  return {
    ruleFiles: allRuleFiles(options),
    budget: {
      record: BUDGET_RECORD,
      path: BUDGET_PATH,
      defaultUsd: DEFAULT_DAILY_BUDGET_USD,
      regenerateWith: `${GENERATE_COMMAND} --daily-budget-usd 250`,
    },
    optionalFiles: [{ disabled: OPTIONAL_PATH_DISABLED, enabled: OPTIONAL_PATH_ENABLED }],
    eventCountSeries: EVENT_COUNT_SERIES,
    loki: { path: LOKI_RULES_PATH, rule: apiErrorRatio },
    options,
  };
}
