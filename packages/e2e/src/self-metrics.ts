import { SELF_METRICS } from "@cc-otel/collector/names";
import type { ExtraCollector, NativeStack } from "@cc-otel/harness";

/** A stack (its collector) or an extra collector beside it. */
export type CollectorOf = NativeStack | ExtraCollector;

const selfMetricsUrl = (c: CollectorOf) => ("collector" in c ? c.collector.selfMetricsUrl : c.selfMetricsUrl);

/**
 * The collector's own metrics, read from its Prometheus endpoint as `name{labels} value` lines
 * (comments left out): what it accepted, refused, dropped and sent, as the tests' evidence.
 */
export async function selfMetricLines(stack: CollectorOf, prefixes: readonly string[]): Promise<string[]> {
  const text = await (await fetch(selfMetricsUrl(stack), { signal: AbortSignal.timeout(15_000) })).text();
  return text.split("\n").filter((l) => !l.startsWith("#") && prefixes.some((p) => l.startsWith(p)));
}

/** Sum of the values of sample lines. */
export function sumOfLines(lines: readonly string[]): number {
  return lines.reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
}

/** Sum of every sample of one self-metric (with or without the _total suffix), and the raw lines. */
export async function selfMetric(
  stack: CollectorOf,
  name: string,
): Promise<{ value: number; lines: string[] }> {
  const exact = new RegExp(`^${name}(_total)?[{ ]`);
  const lines = (await selfMetricLines(stack, [name])).filter((l) => exact.test(l));
  return { value: sumOfLines(lines), lines };
}

/**
 * Points the collector's cumulative_to_delta dropped as a stream's initial point. With
 * `initial_value: auto` it drops the first point of a cumulative stream whose start time
 * predates the collector (so a restart never double-counts) or EQUALS its timestamp. The SDK
 * stamps a stream's start with the millisecond of its first measurement, so a stream first
 * measured in the same millisecond as a collection (at 1,200x speed: now and then; in real time
 * about one stream in 60,000, or a counter first touched just before the CLI exits) loses its
 * first value. Measured, not hidden: the test demands exact totals when this count is zero.
 */
export async function initialPointsDropped(stack: CollectorOf): Promise<number> {
  const lines = await selfMetricLines(stack, [SELF_METRICS.cumulativeToDeltaDropped]);
  return sumOfLines(lines.filter((l) => l.includes('reason="initial"')));
}
