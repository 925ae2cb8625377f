/**
 * How to read the running totals cc-otel writes to Prometheus: the one definition of "how much did
 * a counter grow in a window", shared by the dashboard, the alert rules and the doctor.
 *
 * Claude Code's series are sparse: a sample only when a delta arrived, so a window often has one
 * sample or none, and series are born inside windows. Prometheus' increase() drops the growth up to
 * a window's first sample and extrapolates the rest to the window's edges: measured 3 % off over a
 * day, and 94 % for the hourly bars of a real CLI capture. Instead: the last value in the window
 * minus the last value before it (looked for as far back as a running total lives); a series born in
 * the window counts in full. Exact, in plain PromQL any Prometheus runs, and windows that tile a
 * range add up to the range's total. The collector labels each running total with its start
 * (STREAM_START), so a restart makes a new series rather than a drop inside one.
 */

/**
 * How far back a running total's previous value is looked for: the collector's delta_to_cumulative
 * max_stale (stack/collector/config.yaml). A stream idle for longer starts again from zero, as a new
 * series, so an older value is never its base.
 */
export const COUNTER_LOOKBACK = "25h";

/**
 * The exact growth over `window` (a PromQL duration or Grafana macro) of every series `selector`
 * matches, at each evaluation time. `histogram`: native histograms, whose difference is a histogram
 * (count, sum and buckets all exact); they have no resets inside a series to guard against.
 */
export function exactGrowth(
  selector: string,
  window: string,
  kind: "counter" | "histogram" = "counter",
): string {
  const now = `last_over_time(${selector}[${window}])`;
  const before = `last_over_time(${selector}[${COUNTER_LOOKBACK}] offset ${window})`;
  // `* 1` drops the metric name, as the difference does, so both sides of `or` have the same labels.
  return kind === "counter"
    ? `((${now} - ${before}) >= 0 or ${now} * 1)`
    : `(${now} - ${before} or ${now} * 1)`;
}
