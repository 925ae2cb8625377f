import {
  EVENT_COUNT,
  EVENT_METRIC_NAMES,
  EVENT_METRICS,
  type EventMetricSpec,
  eventMetricSeries,
  PROMETHEUS_SERIES,
} from "@cc-otel/contract";

/**
 * Every Prometheus series name the stack stores for Claude Code, as the contract names them: the
 * CLI's metrics, the collector's event counts and its event metrics (a histogram with fixed
 * buckets as its classic _bucket, _count and _sum series; an exponential one as one native series).
 */
export const CLAUDE_CODE_SERIES: readonly string[] = [
  ...Object.values(PROMETHEUS_SERIES),
  EVENT_COUNT.series,
  ...EVENT_METRIC_NAMES.flatMap((name) => {
    const series = eventMetricSeries(name);
    return (EVENT_METRICS[name] as EventMetricSpec).buckets
      ? [`${series}_bucket`, `${series}_count`, `${series}_sum`]
      : [series];
  }),
];

function commonPrefix(names: readonly string[]): string {
  const [first = "", ...rest] = names;
  let n = first.length;
  for (const s of rest) while (n > 0 && !s.startsWith(first.slice(0, n))) n--;
  return first.slice(0, n);
}

/**
 * What every one of them starts with (`claude_code_`), derived from the contract's names: a selector
 * on it also catches a series whose name drifted from the contract's, which a list would miss.
 */
export const CLAUDE_CODE_SERIES_PREFIX = commonPrefix(CLAUDE_CODE_SERIES);

/** Every Claude Code series of the stack, with more label matchers if given. */
export function claudeCodeSeries(...matchers: string[]): string {
  return `{${[`__name__=~"${CLAUDE_CODE_SERIES_PREFIX}.+"`, ...matchers].join(", ")}}`;
}
