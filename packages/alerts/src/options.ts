import { DEFAULT_COLLECTOR_JOB } from "./collector-metrics.js";

/**
 * Every tunable of the rules. The daily budget is NOT here on purpose: it is a recording rule in
 * its own file, stack/prometheus/rules/claude-code-budget.yml, so that changing it never means
 * regenerating (or re-reading) the alerts. See README.md.
 */
export interface AlertOptions {
  /** Cost spike: the last 15 minutes' hourly rate must exceed this multiple of the 7-day average... */
  readonly spikeFactor: number;
  /** ...and this many USD per hour (keeps tiny installations quiet). */
  readonly spikeMinUsdPerHour: number;
  /** Scrape job of the collector's self-metrics (stack/prometheus/prometheus.yml). */
  readonly collectorJob: string;
  /** Optional user-silence alert: a user active in the `activeWithin` window before `silentFor`... */
  readonly userActiveWithin: string;
  /** ...who sent nothing for `silentFor`. */
  readonly userSilentFor: string;
}

export const DEFAULT_OPTIONS: AlertOptions = {
  spikeFactor: 3,
  spikeMinUsdPerHour: 5,
  collectorJob: DEFAULT_COLLECTOR_JOB,
  userActiveWithin: "11d",
  userSilentFor: "3d",
};

/** The daily budget the generated budget file starts with (USD per rolling 24 hours). */
export const DEFAULT_DAILY_BUDGET_USD = 100;

/** The recording rule holding the budget; every cost alert compares against it. */
export const BUDGET_RECORD = "claude_code:cost_budget_usd:daily";
