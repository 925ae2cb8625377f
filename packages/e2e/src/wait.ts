import { METRICS, type MetricName } from "@cc-otel/contract";

// Shared with the docs' panel pictures, which wait for the same simulated data.
export { close, eventually } from "@cc-otel/harness";

/**
 * Relative tolerance of a metric total against the ledger: doubles (cost, active time) are summed
 * in a different order downstream; integers must match exactly.
 */
export function metricTolerance(metric: MetricName): number {
  return METRICS[metric].valueType === "double" ? 1e-9 : 0;
}
