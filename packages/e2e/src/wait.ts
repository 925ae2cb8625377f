import { METRICS, type MetricName } from "@cc-otel/contract";

export { eventually } from "@cc-otel/harness";

/** |a - b| within `relative` of the larger magnitude (exact for integers when relative = 0). */
export function close(a: number, b: number, relative: number): boolean {
  return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Relative tolerance of a metric total against the ledger: doubles (cost, active time) are summed
 * in a different order downstream; integers must match exactly.
 */
export function metricTolerance(metric: MetricName): number {
  return METRICS[metric].valueType === "double" ? 1e-9 : 0;
}
